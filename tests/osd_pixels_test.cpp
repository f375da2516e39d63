// The OSD reader's pixel steps on synthetic pictures: finding the seconds digit among other
// changes in the scene.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/osd/glyphs.hpp"
#include "indexers/osd/seconds_digit.hpp"

namespace footage::indexers::osd {
namespace {

// Whether a stroke pixel of the digit is inked in second `k` (a glyph per second, as a clock's
// units digit: about half its pixels flip at every second).
bool inked(int x, int y, int64_t k) {
    uint32_t v = static_cast<uint32_t>(x) * 73856093U ^ static_cast<uint32_t>(y) * 19349663U ^
                 static_cast<uint32_t>(k) * 83492791U;
    v ^= v >> 13;
    v *= 0x5bd1e995U;
    v ^= v >> 15;
    return (v & 1U) != 0;
}

// A scene object that passes for a few seconds can change on second boundaries by chance (a car
// at a low frame rate moves in steps): more pixels than the digit, but at only a few of the
// boundaries. The seconds digit changes at every one of them.
TEST(OsdSecondsDigit, APassingObjectThatFollowsTheRhythmForAFewSecondsIsNotTheDigit) {
    const cv::Rect digit(200, 20, 20, 28);
    const cv::Rect passer(40, 120, 64, 64);
    std::vector<Frame> window;
    for (int i = 0; i <= 56; ++i) {
        Frame f;
        f.t = 0.25 * i + 0.1;
        f.pts_us = static_cast<int64_t>(f.t * 1e6);
        f.grey = cv::Mat(240, 320, CV_8U, cv::Scalar(100));
        const auto second = static_cast<int64_t>(f.t);  // the clock changes on whole seconds
        for (int y = digit.y; y < digit.br().y; ++y) {
            for (int x = digit.x; x < digit.br().x; ++x) {
                f.grey.at<uint8_t>(y, x) = inked(x, y, second) ? 250 : 100;
            }
        }
        // The passer changes at half seconds, from 3.5 s to 6.5 s only: four changes.
        const auto half = static_cast<int64_t>(f.t + 0.5);
        if (half >= 4 && half <= 7) {
            f.grey(passer).setTo(half % 2 == 0 ? 30 : 230);
        }
        window.push_back(f);
    }
    std::vector<uint64_t> bits = change_bits(window);
    std::optional<Period> found = find_period(window, bits);
    ASSERT_TRUE(found);
    EXPECT_EQ((found->box & digit), found->box) << "box " << found->box.x << "," << found->box.y;
}

// A large monospaced font (40 px and over at 1080p): a narrow digit such as a serifed 1 sits in
// its cell off the centre by several pixels. Its template is cut at the seconds' cell centre,
// while a 1 elsewhere (the hour's) is cut around its own ink: it must still match its template,
// or it is taken for a letter.
TEST(OsdGlyphs, ANarrowDigitOfALargeFontMatchesItsTemplateAroundItsOwnInk) {
    const int rows = 48;
    const int width = 30;  // the digit's cell
    Glyphs glyphs;
    auto blank = [&] { return cv::Mat(cv::Mat::zeros(rows, width, CV_32F)); };
    // 1: a stem left of the cell's centre with a serif and a foot; 0: a ring; 7: a bar and a
    // slant.
    glyphs.templates[1] = blank();
    cv::rectangle(glyphs.templates[1], cv::Rect(8, 4, 6, 40), cv::Scalar(1.0), cv::FILLED);
    cv::rectangle(glyphs.templates[1], cv::Rect(4, 4, 5, 5), cv::Scalar(1.0), cv::FILLED);
    cv::rectangle(glyphs.templates[1], cv::Rect(4, 40, 14, 4), cv::Scalar(1.0), cv::FILLED);
    glyphs.templates[0] = blank();
    cv::ellipse(glyphs.templates[0], cv::Point(15, 24), cv::Size(10, 19), 0, 0, 360,
                cv::Scalar(1.0), 5);
    glyphs.templates[7] = blank();
    cv::rectangle(glyphs.templates[7], cv::Rect(5, 4, 20, 5), cv::Scalar(1.0), cv::FILLED);
    cv::line(glyphs.templates[7], cv::Point(23, 8), cv::Point(12, 44), cv::Scalar(1.0), 5);
    for (size_t d : {size_t{0}, size_t{1}, size_t{7}}) {
        glyphs.known[d] = true;
    }
    // The hour's 1 in a line, cut around its ink (columns 4 to 17 of its cell: centre 11).
    cv::Mat band = cv::Mat::zeros(rows, 200, CV_32F);
    glyphs.templates[1].copyTo(band.colRange(100, 100 + width));
    const int ink_center = 100 + (4 + 18) / 2;
    Match m = match_digit(band, ink_center, glyphs);
    EXPECT_EQ(m.digit, 1);
    EXPECT_GT(m.score, 0.9);
}

}  // namespace
}  // namespace footage::indexers::osd
