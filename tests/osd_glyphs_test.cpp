// The font's digits learnt from the seconds (indexers/osd/glyphs): where the tens of seconds
// change, on per-second pictures of the tens cell made here (well under a second).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/osd/glyphs.hpp"

namespace footage::indexers::osd {
namespace {

// A thin digit (one-pixel strokes, antialiased and blurred a little as compression leaves
// them), 0..1, in a 14-px cell.
cv::Mat thin_digit(int digit) {
    cv::Mat glyph = cv::Mat::zeros(18, 12, CV_32F);
    cv::putText(glyph, std::to_string(digit), cv::Point(1, 15), cv::FONT_HERSHEY_PLAIN, 1.0,
                cv::Scalar(1.0), 1, cv::LINE_AA);
    cv::GaussianBlur(glyph, glyph, cv::Size(3, 3), 0.8);
    double peak = 0.0;
    cv::minMaxLoc(glyph, nullptr, &peak);
    return glyph / peak;
}

// Fourteen seconds of a tens cell that shows 5 up to second 4 and 0 after it. At a low
// bitrate the encoder renews the cell at every second, and a thin stroke comes back a little
// brighter or dimmer each time: alternately at full and at 0.8 of its contrast. Per second,
// the cell's grey levels (0..1) and its ink: what stands above 0.85 of the stroke's full
// contrast.
struct TensCell {
    std::map<int64_t, cv::Mat> grey;
    std::map<int64_t, cv::Mat> ink;
};
constexpr int64_t kChangeAfter = 4;

TensCell renewed_every_second() {
    const double background = 90.0 / 255.0;
    const double contrast = 120.0 / 255.0;
    TensCell cell;
    for (int64_t k = 0; k < 14; ++k) {
        const double gain = k % 2 == 0 ? 1.0 : 0.8;
        cv::Mat grey = background + contrast * gain * thin_digit(k <= kChangeAfter ? 5 : 0);
        cv::Mat ink;
        cv::threshold(grey, ink, background + 0.85 * contrast, 1.0, cv::THRESH_BINARY);
        cell.grey[k] = grey;
        cell.ink[k] = ink;
    }
    return cell;
}

bool among(const std::vector<int64_t>& candidates, int64_t k9) {
    return std::any_of(candidates.begin(), candidates.end(),
                       [&](int64_t k) { return (k - k9) % 10 == 0; });
}

// h3_hack_bold_14_lowrate_mdy, h4_freemono_vietnamese_lowrate: "the tens of seconds never
// changed". A thin stroke near the ink's threshold flips in and out of the ink at every second,
// about as much as the tens' real change differs: the change drowns in the ink's noise. Its
// grey levels move a fifth of the stroke's contrast, and the change stands out.
TEST(OsdGlyphs, TheTensOfAThinStrokeRenewedEverySecondChangeInItsGreyLevels) {
    const TensCell cell = renewed_every_second();
    EXPECT_FALSE(among(tens_changes(cell.ink), kChangeAfter));  // the failure this covers
    const std::vector<int64_t> grey = tens_changes(cell.grey);
    ASSERT_FALSE(grey.empty());
    EXPECT_TRUE(among(grey, kChangeAfter));
}

// A cell that does not change with the seconds (a date's digit beside a patch that flickers
// once a second) names no change, in its ink or its grey levels.
TEST(OsdGlyphs, ASteadyCellNamesNoChangeOfTheTens) {
    std::map<int64_t, cv::Mat> grey;
    std::map<int64_t, cv::Mat> ink;
    for (int64_t k = 0; k < 14; ++k) {
        grey[k] = 90.0 / 255.0 + (k % 2 == 0 ? 1.0 : 0.8) * 120.0 / 255.0 * thin_digit(2);
        cv::threshold(grey[k], ink[k], (90.0 + 0.85 * 120.0) / 255.0, 1.0, cv::THRESH_BINARY);
    }
    EXPECT_TRUE(tens_changes(grey).empty());
    EXPECT_TRUE(tens_changes(ink).empty());
}

// A clean change: the strongest candidate is the second after which the tens changed.
TEST(OsdGlyphs, ACleanTensChangeIsTheFirstCandidate) {
    std::map<int64_t, cv::Mat> ink;
    for (int64_t k = 0; k < 14; ++k) {
        cv::threshold(thin_digit(k <= kChangeAfter ? 5 : 0), ink[k], 0.5, 1.0,
                      cv::THRESH_BINARY);
    }
    const std::vector<int64_t> candidates = tens_changes(ink);
    ASSERT_FALSE(candidates.empty());
    EXPECT_EQ(candidates.front(), kChangeAfter);
}

// A bold digit's ink (0 or 1) in a 22 x 14 cell; `faint`: a faint frame's, a bright sky
// behind the white text leaving two pixels of its strokes in three out of the ink.
cv::Mat bold_digit(int digit, bool faint) {
    cv::Mat glyph = cv::Mat::zeros(22, 14, CV_32F);
    cv::putText(glyph, std::to_string(digit), cv::Point(1, 18), cv::FONT_HERSHEY_SIMPLEX, 0.6,
                cv::Scalar(1.0), 2, cv::LINE_8);
    if (faint) {
        for (int y = 0; y < glyph.rows; ++y) {
            for (int x = 0; x < glyph.cols; ++x) {
                glyph.at<float>(y, x) *= (x + y) % 3 == 0 ? 1.0F : 0.0F;
            }
        }
    }
    return glyph;
}

// h4_go_medium_plain_sky_noisy: the units showed a 2 in two faint frames only (second 22 under
// a bright sky), and its broken strokes matched a clear 2 worse than the clear 7 did: every 2
// read as 7. The tens showed the 2 clearly for the ten seconds before (20 to 29).
TEST(OsdGlyphs, ADigitTheUnitsShowedOnlyFaintlyIsLearntFromTheTens) {
    constexpr int64_t k9 = 4;  // the tens show 1 up to second 4 and 2 after it
    SecondSums units;
    SecondSums tens;
    for (int64_t k = 0; k < 14; ++k) {
        const int digit = static_cast<int>((k - k9 - 1 + 10) % 10);
        const bool faint = digit == 2;
        const int frames = faint ? 2 : 4;
        units[k] = {bold_digit(digit, faint) * frames, frames};
        tens[k] = {bold_digit(k <= k9 ? 1 : 2, faint) * frames, frames};
    }
    const cv::Mat clear_two = bold_digit(2, false);
    const Glyphs glyphs = glyphs_from_seconds(units, tens, k9);
    EXPECT_EQ(match_digit(clear_two, clear_two.cols / 2, glyphs).digit, 2);
    // The other digits still read as themselves, from the units.
    for (int digit = 0; digit < 10; ++digit) {
        const cv::Mat clear = bold_digit(digit, false);
        EXPECT_EQ(match_digit(clear, clear.cols / 2, glyphs).digit, digit);
    }
}

}  // namespace
}  // namespace footage::indexers::osd
