// The font's digits learnt from fewer than ten seconds (indexers/osd/recogniser_glyphs): the
// seconds' units named by their order of change, the other cells by what the text recogniser
// read over them, each checked against the other; on cells drawn here (well under a second).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/osd/glyphs.hpp"
#include "indexers/osd/recogniser_glyphs.hpp"

namespace footage::indexers::osd {
namespace {

// A bold digit's ink (0 or 1) in a 22 x 14 cell.
cv::Mat digit_ink(int digit) {
    cv::Mat glyph = cv::Mat::zeros(22, 14, CV_32F);
    cv::putText(glyph, std::to_string(digit), cv::Point(1, 18), cv::FONT_HERSHEY_SIMPLEX, 0.6,
                cv::Scalar(1.0), 2, cv::LINE_8);
    return glyph;
}

// The same with the match's search margin either side, as the reader crops a cell.
cv::Mat cell_ink(int digit) { return crop_cell(digit_ink(digit), 7, 14 + 2 * kShift); }

// Five seconds of "17:48:21" to "17:48:25" (a clock legible for five seconds only): the units
// show 1 to 5 in seconds 0 to 4, the tens a 2 throughout. Cells: 1 7 4 8 2 and the units.
struct ShortClock {
    SecondSums units;
    SecondSums tens;
    std::vector<TextReadSecond> read;
};
constexpr size_t kUnitsCell = 5;

ShortClock short_clock() {
    ShortClock clock;
    for (int64_t k = 0; k < 5; ++k) {
        const int units = static_cast<int>(k) + 1;
        clock.units[k] = {digit_ink(units) * 4, 4};
        clock.tens[k] = {digit_ink(2) * 4, 4};
        TextReadSecond s;
        s.second = k;
        for (int digit : {1, 7, 4, 8, 2, units}) {
            s.text.push_back(std::to_string(digit));
            s.ink.push_back(cell_ink(digit));
        }
        clock.read.push_back(s);
    }
    return clock;
}

TEST(OsdRecogniserGlyphs, DigitsTheSecondsNeverShowedAreLearntFromTheCellsReadAsThem) {
    const ShortClock clock = short_clock();
    std::string why;
    const std::optional<TextGlyphs> learnt =
        glyphs_from_text(clock.units, clock.tens, kUnitsCell, clock.read, why);
    ASSERT_TRUE(learnt.has_value()) << why;
    // 7 and 8 from the hours and minutes; 1 to 5 from the seconds; 0, 6, 9 never shown.
    for (int digit : {1, 2, 3, 4, 5, 7, 8}) {
        const cv::Mat clear = digit_ink(digit);
        EXPECT_EQ(match_digit(clear, clear.cols / 2, learnt->glyphs).digit, digit);
    }
    EXPECT_FALSE(learnt->glyphs.known[0]);
    EXPECT_FALSE(learnt->glyphs.known[6]);
    // Second 0 shows a 1: digit (k - k9 - 1) mod 10.
    EXPECT_EQ(((0 - learnt->k9 - 1) % 10 + 10) % 10, 1);
}

TEST(OsdRecogniserGlyphs, SecondsReadAgainstTheirOrderOfChangeAreRefused) {
    ShortClock clock = short_clock();
    clock.read[3].text[kUnitsCell] = "3";  // second 3 shows a 4
    std::string why;
    EXPECT_FALSE(glyphs_from_text(clock.units, clock.tens, kUnitsCell, clock.read, why));
    EXPECT_NE(why.find("order"), std::string::npos) << why;
}

TEST(OsdRecogniserGlyphs, AGlyphOfTheSecondsReadAsAnotherDigitIsRefused) {
    ShortClock clock = short_clock();
    // The minutes' units show the seconds' 3, read as 8 in every second.
    for (TextReadSecond& s : clock.read) {
        s.ink[3] = cell_ink(3);
    }
    std::string why;
    EXPECT_FALSE(glyphs_from_text(clock.units, clock.tens, kUnitsCell, clock.read, why));
    EXPECT_NE(why.find("read as 8"), std::string::npos) << why;
}

TEST(OsdRecogniserGlyphs, TheSecondsOwnGlyphReadAsADigitItNeverShowedIsRefused) {
    ShortClock clock = short_clock();
    // The hours' 1 read as 7 (as is the 7 beside it): the seconds showed that glyph as their 1.
    for (TextReadSecond& s : clock.read) {
        s.text[0] = "7";
    }
    std::string why;
    EXPECT_FALSE(glyphs_from_text(clock.units, clock.tens, kUnitsCell, clock.read, why));
    EXPECT_NE(why.find("shows the seconds' 1"), std::string::npos) << why;
}

TEST(OsdRecogniserGlyphs, FewerThanThreeSecondsReadAreRefused) {
    ShortClock clock = short_clock();
    clock.read.resize(2);
    std::string why;
    EXPECT_FALSE(glyphs_from_text(clock.units, clock.tens, kUnitsCell, clock.read, why));
}

}  // namespace
}  // namespace footage::indexers::osd
