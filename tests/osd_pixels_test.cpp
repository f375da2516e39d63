// The OSD reader's pixel steps on synthetic pictures: finding the seconds digit among other
// changes in the scene, and in plain white text over a bright, noisy, moving sky.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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

// Sample i of a learning window, 4 a second from 0.1 s, its picture a plain grey of `size`.
Frame sample_at(int i, cv::Size size) {
    Frame f;
    f.t = 0.25 * i + 0.1;
    f.pts_us = static_cast<int64_t>(f.t * 1e6);
    f.grey = cv::Mat(size, CV_8U, cv::Scalar(100));
    return f;
}

// A scene object that passes for a few seconds can change on second boundaries by chance (a car
// at a low frame rate moves in steps): more pixels than the digit, but at only a few of the
// boundaries. The seconds digit changes at every one of them.
TEST(OsdSecondsDigit, APassingObjectThatFollowsTheRhythmForAFewSecondsIsNotTheDigit) {
    const cv::Rect digit(200, 20, 20, 28);
    const cv::Rect passer(40, 120, 64, 64);
    std::vector<Frame> window;
    for (int i = 0; i <= 56; ++i) {
        Frame f = sample_at(i, cv::Size(320, 240));
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

// At a low bitrate a keyframe (here every 0.9 s) redraws the whole line of text: each
// character is drawn a little differently at each (a year's 0 as a 6, then as a 0 again), and
// the new second is drawn mostly there too. The line's changes at the keyframes, ~once a
// second, are no clock; the units digit's changes on the whole seconds are.
TEST(OsdSecondsDigit, ALineRedrawnAtEveryKeyframeIsNotTheClock) {
    const int cell = 10;   // a 14 px font's character
    const int cells = 19;  // "10-31-2020 17:45:03"
    const cv::Rect line(440, 4, cell * cells, 14);
    const cv::Rect units(line.br().x - cell, line.y, cell, line.height);
    std::vector<Frame> window;
    for (int i = 0; i <= 56; ++i) {
        Frame f = sample_at(i, cv::Size(640, 360));
        const auto second = static_cast<int64_t>(f.t);
        const auto keyframe = static_cast<int64_t>(f.t / 0.9);
        for (int y = line.y; y < line.br().y; ++y) {
            for (int x = line.x; x < line.br().x; ++x) {
                // Two drawings alternate at the keyframes; the units digit's also shows its
                // second.
                const int64_t drawing = keyframe % 2 + (units.contains({x, y}) ? 2 * second : 0);
                f.grey.at<uint8_t>(y, x) = inked(x, y, drawing) ? 250 : 20;
            }
        }
        window.push_back(f);
    }
    std::optional<Period> found = find_period(window, change_bits(window));
    ASSERT_TRUE(found) << "no part of the picture changes once a second";
    EXPECT_NEAR(found->rate, 1.0, 1e-9);
    EXPECT_EQ((found->box & units), found->box)
        << "box " << found->box.x << "," << found->box.y << " " << found->box.width << "x"
        << found->box.height;
}

// Plain white text (no outline) over a bright sky that drifts, with sensor noise: the text
// stands only 25-45 grey levels above the sky, both near white, and the noise is half that.
// `with_text` false: the same sky without a clock.
constexpr int kTextX = 150;
constexpr int kBaseline = 60;
constexpr double kTextScale = 0.8;

int text_width(const std::string& text) {
    int baseline = 0;
    return cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, kTextScale, 2, &baseline).width;
}

std::vector<Frame> plain_text_over_bright_sky(bool with_text) {
    std::vector<Frame> window;
    cv::RNG rng(20);
    for (int i = 0; i <= 56; ++i) {
        Frame f = sample_at(i, cv::Size(320, 240));
        cv::Mat sky(240, 320, CV_32F);
        for (int y = 0; y < sky.rows; ++y) {
            for (int x = 0; x < sky.cols; ++x) {
                sky.at<float>(y, x) =
                    static_cast<float>(200.0 + 10.0 * std::sin(x / 60.0 + y / 90.0 + f.t * 0.3));
            }
        }
        if (with_text) {
            const auto second = static_cast<int64_t>(f.t) + 37;  // 00:00:37 at 0 s
            const std::string text =
                "12:04:" + std::to_string(second / 10 % 6) + std::to_string(second % 10);
            cv::putText(sky, text, cv::Point(kTextX, kBaseline), cv::FONT_HERSHEY_SIMPLEX,
                        kTextScale, cv::Scalar(235.0), 2, cv::LINE_AA);
        }
        cv::Mat noise(sky.size(), CV_32F);
        rng.fill(noise, cv::RNG::UNIFORM, -12.0, 12.0);
        sky += noise;
        sky.convertTo(f.grey, CV_8U);
        window.push_back(f);
    }
    return window;
}

TEST(OsdSecondsDigit, PlainWhiteTextOverABrightNoisySkyHasItsSecondsDigitFound) {
    // The units digit of the seconds, with two pixels of anti-aliasing around it.
    const int units_x0 = kTextX + text_width("12:04:3");
    const cv::Rect units(units_x0 - 2, kBaseline - 22,
                         kTextX + text_width("12:04:38") - units_x0 + 4, 26);
    std::vector<Frame> window = plain_text_over_bright_sky(true);
    std::optional<Period> found = find_period(window, change_bits(window));
    ASSERT_TRUE(found) << "no part of the picture changes once a second";
    EXPECT_NEAR(found->rate, 1.0, 1e-9);
    // The clock changes at whole seconds: the pairs of samples that straddle one.
    uint64_t whole_seconds = 0;
    for (size_t i = 0; i + 1 < window.size(); ++i) {
        if (std::floor(window[i].t) != std::floor(window[i + 1].t)) {
            whole_seconds |= uint64_t{1} << i;
        }
    }
    EXPECT_EQ(found->boundary_pairs, whole_seconds) << "phase " << found->phase;
    EXPECT_EQ((found->box & units), found->box)
        << "box " << found->box.x << "," << found->box.y << " " << found->box.width << "x"
        << found->box.height;
}

TEST(OsdSecondsDigit, ABrightNoisySkyAloneShowsNoClock) {
    std::vector<Frame> window = plain_text_over_bright_sky(false);
    EXPECT_FALSE(find_period(window, change_bits(window)));
}

// Two frames of a flat picture `cols` wide, the second with a 3x3 patch around (x, 1) changed
// from `from` to `to` (one pixel when `patch` is false).
std::vector<Frame> one_change(int cols, int x, uint8_t from, uint8_t to, bool patch) {
    std::vector<Frame> window(2);
    for (size_t i = 0; i < window.size(); ++i) {
        window[i].t = 0.25 * static_cast<double>(i);
        window[i].grey = cv::Mat(3, cols, CV_8U, cv::Scalar(from));
    }
    const int reach = patch ? 1 : 0;
    for (int xx = std::max(0, x - reach); xx <= std::min(cols - 1, x + reach); ++xx) {
        for (int y = 1 - reach; y <= 1 + reach; ++y) {
            window[1].grey.at<uint8_t>(y, xx) = to;
        }
    }
    return window;
}

// change_bits passes over runs of unchanged pixels: a change is still counted wherever it lies in
// the row (the first, the middle or the last of eight pixels, or in a row's last few) and
// whatever its levels (a dark pixel turning white changes by more than 127).
TEST(OsdSecondsDigit, AChangeIsCountedWhereverItLiesInTheRow) {
    const int cols = 21;  // two runs of eight and five pixels over
    for (int x = 0; x < cols; ++x) {
        const size_t at = static_cast<size_t>(cols + x);
        for (auto [from, to] : {std::pair<uint8_t, uint8_t>{60, 101}, {0, 255}, {200, 150}}) {
            std::vector<uint64_t> bits = change_bits(one_change(cols, x, from, to, false));
            EXPECT_EQ(bits[at], 1U) << "x " << x << " from " << int{from} << " to " << int{to};
            EXPECT_EQ(std::count(bits.begin(), bits.end(), uint64_t{0}), 3 * cols - 1);
        }
        // By 40 levels (not more), or within one tone: no change.
        EXPECT_EQ(change_bits(one_change(cols, x, 60, 100, false))[at], 0U) << "x " << x;
        EXPECT_EQ(change_bits(one_change(cols, x, 70, 150, false))[at], 0U) << "x " << x;
        // A faint change of bright text over a bright background, with its neighbours.
        std::vector<Frame> faint = one_change(cols, x, 200, 220, true);
        EXPECT_EQ(change_bits(faint, Changes::faint_too)[at], 1U) << "x " << x;
        EXPECT_EQ(change_bits(faint)[at], 0U) << "x " << x;
    }
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

// A cell cut from a band: the band's columns where it lies inside, zeros past either edge.
TEST(OsdGlyphs, ACellCutAtTheBandsEdgesIsZeroBeyondThem) {
    cv::Mat band = (cv::Mat_<float>(2, 5) << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    cv::Mat left = crop_cell(band, 0, 4);  // columns -2..1
    cv::Mat want_left = (cv::Mat_<float>(2, 4) << 0, 0, 1, 2, 0, 0, 6, 7);
    EXPECT_EQ(cv::countNonZero(left != want_left), 0);
    cv::Mat right = crop_cell(band, 4, 4);  // columns 2..5
    cv::Mat want_right = (cv::Mat_<float>(2, 4) << 3, 4, 5, 0, 8, 9, 10, 0);
    EXPECT_EQ(cv::countNonZero(right != want_right), 0);
    EXPECT_EQ(cv::countNonZero(crop_cell(band, 20, 4)), 0);
}

// The soft Jaccard of two inks, read through views of wider bands (as match_digit slides a
// template along a cell): shared ink over the ink of either.
TEST(OsdGlyphs, OverlapIsTheSharedInkOverTheInkOfEither) {
    cv::Mat band_a = (cv::Mat_<float>(2, 5) << 9, 1.0F, 0.5F, 0.0F, 9, 9, 0.0F, 1.0F, 1.0F, 9);
    cv::Mat band_b = (cv::Mat_<float>(2, 4) << 0.5F, 0.5F, 1.0F, 9, 0.0F, 0.0F, 1.0F, 9);
    EXPECT_DOUBLE_EQ(overlap(band_a.colRange(1, 4), band_b.colRange(0, 3)), 2.0 / 4.5);
    EXPECT_DOUBLE_EQ(overlap(cv::Mat::zeros(2, 3, CV_32F), cv::Mat::zeros(2, 3, CV_32F)), 0.0);
    // Wider than four pixels (summed four at a time, then the rest).
    cv::Mat ink = (cv::Mat_<float>(1, 6) << 1.0F, 0.0F, 1.0F, 0.0F, 1.0F, 1.0F);
    EXPECT_DOUBLE_EQ(overlap(ink, cv::Mat(1, 6, CV_32F, cv::Scalar(0.5))), 2.0 / 5.0);
}

// Frames at `fps` over `seconds`, their pictures left empty (the window looks at times only).
std::vector<Frame> frames_at(double fps, double seconds) {
    std::vector<Frame> frames;
    for (int i = 0; i < static_cast<int>(seconds * fps); ++i) {
        Frame f;
        f.t = i / fps;
        f.pts_us = std::llround(f.t * 1e6);
        frames.push_back(f);
    }
    return frames;
}

// With the motion index on the pass samples 5 frames a second: the first 64 would end at
// 12.6 s, and a clock legible only now and then (a CJK date read by the recogniser) needs ~14 s.
TEST(OsdSecondsDigit, TheLearningWindowSpreadsItsFramesOverTheWholeStretch) {
    std::vector<Frame> five = frames_at(5.0, 20.0);
    std::vector<size_t> window = learning_window(five, 0, 15.0);
    ASSERT_EQ(window.size(), kMaxPairs);
    EXPECT_EQ(window.front(), 0U);
    EXPECT_GE(five[window.back()].t, 14.8);
    double widest = 0.0;
    for (size_t i = 1; i < window.size(); ++i) {
        const double gap = five[window[i]].t - five[window[i - 1]].t;
        EXPECT_GE(gap, 0.15);
        widest = std::max(widest, gap);
    }
    EXPECT_LE(widest, 0.41);  // every frame or every other one: no hole
    // At 4 a second all of the 15 s fit: every frame is kept.
    std::vector<Frame> four = frames_at(4.0, 20.0);
    std::vector<size_t> all = learning_window(four, 8, 15.0);
    ASSERT_EQ(all.size(), 61U);
    EXPECT_EQ(all.front(), 8U);
    EXPECT_EQ(all.back(), 68U);
}

// A dotted font's seconds digits touch: the run of ink holding the units holds the tens. Left of
// the units' box the tens' pixels change at one second boundary of the window (59 -> 00); the
// units' own ink the changes missed changes at most of them, and the background off them.
TEST(OsdSecondsDigit, TheTensTouchingTheUnitsAreToldByChangingAtFewBoundaries) {
    constexpr int kWidth = 40;
    Period period;
    period.box = cv::Rect(20, 4, 10, 16);
    for (int pair = 3; pair < 56; pair += 4) {
        period.boundary_pairs |= uint64_t{1} << pair;  // 14 boundaries, a second apart
    }
    auto left_of_box = [&](uint64_t changes) {
        std::vector<uint64_t> bits(static_cast<size_t>(kWidth) * 24, 0);
        for (int y = period.box.y; y < period.box.br().y; y += 2) {
            for (int x = 14; x < 20; ++x) {
                bits[static_cast<size_t>(y * kWidth + x)] = changes;
            }
        }
        return tens_left_of_units(bits, kWidth, period, 14);
    };
    EXPECT_TRUE(left_of_box(uint64_t{1} << 23));       // the tens: one boundary
    EXPECT_FALSE(left_of_box(period.boundary_pairs));  // the units' own ink: all of them
    EXPECT_FALSE(left_of_box((uint64_t{1} << 21) | (uint64_t{1} << 30)));  // off the boundaries
    EXPECT_FALSE(left_of_box(0));
}

}  // namespace
}  // namespace footage::indexers::osd
