// The OSD clock's layout as recorders draw it: CJK dates ("2024年03月05日 星期二 11:08:41")
// and a clock on two lines (the date above or below the time). Parsed from cells named as the
// reader names them, and read whole from frames drawn here (a few seconds in all).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/osd/osd_format.hpp"
#include "indexers/osd/osd_reader.hpp"
#include "lib/timecode/time.hpp"
#include "tests/support/osd_slots.hpp"

namespace footage::indexers::osd {
namespace {

namespace fs = std::filesystem;

using test::slots_of;

int last(const std::vector<Slot>& slots) { return static_cast<int>(slots.size()) - 1; }

// Chinese and Japanese recorders write the date with the year, month and day marks; the
// weekday follows as a word. The marks stay in the format the examiner reads.
TEST(OsdFormat, ReadsCjkDatesWithTheirYearMonthAndDayMarks) {
    std::vector<Slot> zh = slots_of("2024年03月05日 星期二 11:08:41");
    Layout a = parse_layout(zh, last(zh));
    ASSERT_TRUE(a.ok) << a.failure;
    EXPECT_TRUE(a.year_first);
    EXPECT_EQ(format_for(a, DayPosition::second), "YYYY年MM月DD日 ddd HH:MM:SS");
    EXPECT_EQ(a.year, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(a.date_a, (std::vector<int>{5, 6}));  // the month
    EXPECT_EQ(a.date_b, (std::vector<int>{8, 9}));  // the day

    // Sunday's 日 ("星期日") and Monday's 月 ("月曜日") are no marks: they follow a letter.
    std::vector<Slot> sunday = slots_of("2024年03月10日 星期日 11:08:41");
    Layout b = parse_layout(sunday, last(sunday));
    ASSERT_TRUE(b.ok) << b.failure;
    EXPECT_EQ(format_for(b, DayPosition::second), "YYYY年MM月DD日 ddd HH:MM:SS");
    std::vector<Slot> japanese = slots_of("2024年3月11日 月曜日 9:08:41");
    Layout c = parse_layout(japanese, last(japanese));
    ASSERT_TRUE(c.ok) << c.failure;
    EXPECT_EQ(format_for(c, DayPosition::second), "YYYY年MM月DD日 ddd HH:MM:SS");

    // The time first, the date after.
    std::vector<Slot> after = slots_of("11:08:41 2024年03月05日");
    Layout d = parse_layout(after, 7);
    ASSERT_TRUE(d.ok) << d.failure;
    EXPECT_EQ(format_for(d, DayPosition::second), "HH:MM:SS YYYY年MM月DD日");

    // Marks out of order, a missing 日, a mark after a space or a letter, a year of five
    // digits never make a date: the time is found, the date is not (nothing is read rather
    // than a guess).
    for (const char* text :
         {"2024月03年05日 11:08:41", "2024年03月05 11:08:41", "2024 年03月05日 11:08:41",
          "2024年03月日05 11:08:41", "年03月05日 11:08:41", "12345年03月05日 11:08:41",
          "2024年03月05年 11:08:41", "日月年 11:08:41"}) {
        SCOPED_TRACE(text);
        std::vector<Slot> bad = slots_of(text);
        Layout l = parse_layout(bad, last(bad));
        EXPECT_FALSE(l.ok) << format_for(l, DayPosition::second);
        EXPECT_TRUE(l.time_found);
    }
}

// A dotted font's line cut by the recogniser's count: the glyphs name its thin '/' a '-' and
// the M, cut across two cells, no M ("08:04:59 AM 03-09-2019" with the AM a weekday word);
// what the recogniser read over them names them, and the layout is the clock's.
TEST(OsdFormat, SeparatorsAndAnMTheGlyphsCannotTellAreNamedAsRead) {
    std::vector<Slot> slots = slots_of("08:04:59 AM 03-09-2019");
    std::vector<std::string> read;
    for (Slot& s : slots) {
        read.push_back(s.text == "-" ? "/" : s.text);
        s.text.clear();
        s.m_shape = false;
        s.m_sure = false;
    }
    const int seconds = 7;
    const Layout by_glyphs = parse_layout(slots, seconds);
    EXPECT_TRUE(!by_glyphs.ok || by_glyphs.ampm_slot < 0);
    name_as_read(slots, read);
    const Layout as_read = parse_layout(slots, seconds);
    ASSERT_TRUE(as_read.ok) << as_read.failure;
    EXPECT_EQ(format_for(as_read, DayPosition::second), "hh:MM:SS tt MM/DD/YYYY");
    // A digit read as a separator, or a letter read as another letter, stays as the glyphs
    // named it.
    std::vector<Slot> kept = slots_of("08:04:59 AM");
    name_as_read(kept, {"/", "8", ":", "0", "4", ":", "5", "9", "N", "M"});
    EXPECT_EQ(kept[0].kind, SlotKind::digit);
    EXPECT_EQ(kept[8].kind, SlotKind::letter);
    EXPECT_FALSE(kept[8].m_shape);
}

// Frames of a recorder's clock drawn over a moving picture: white text with a black outline,
// one string per line (`lines(t)` gives them at OSD time t), left-aligned at `x` (or
// right-aligned to `x` when `right`), from row `y` down, `line_height` apart.
struct DrawnClock {
    std::string font;
    int px = 24;
    int x = 20;
    int y = 20;
    int line_height = 30;
    bool right = false;
};

std::vector<OsdSample> draw_clock(const DrawnClock& clock,
                                  const std::function<std::vector<std::string>(int64_t)>& lines,
                                  int64_t start_us, double phase_s) {
    cv::Ptr<cv::freetype::FreeType2> ft = cv::freetype::createFreeType2();
    ft->loadFontData(clock.font, 0);
    cv::RNG rng(20261130);
    std::vector<OsdSample> samples;
    for (int i = 0; i < 64; ++i) {  // 16 s at 4 a second
        const double t = i * 0.25;
        cv::Mat image(360, 640, CV_8UC3);
        for (int r = 0; r < image.rows; ++r) {
            // A sky-to-street gradient drifting down, with a bright and a dark block passing.
            const int tone = 90 + std::abs((r + i * 2) % 240 - 120);
            image.row(r).setTo(cv::Scalar(tone, tone, tone));
        }
        cv::rectangle(image, cv::Rect(40 * i % 640, 10, 60, 120), cv::Scalar(210, 210, 210),
                      cv::FILLED);
        cv::rectangle(image, cv::Rect(600 - 30 * i % 640, 60, 50, 200), cv::Scalar(40, 40, 40),
                      cv::FILLED);
        cv::Mat noise(image.size(), CV_8UC3);
        rng.fill(noise, cv::RNG::NORMAL, 0, 6);
        image += noise;
        const int64_t osd_us = start_us + static_cast<int64_t>(std::floor(t + phase_s)) * 1'000'000;
        const std::vector<std::string> text = lines(osd_us);
        for (size_t k = 0; k < text.size(); ++k) {
            int baseline = 0;
            const cv::Size size = ft->getTextSize(text[k], clock.px, -1, &baseline);
            const cv::Point origin(clock.right ? clock.x - size.width : clock.x,
                                   clock.y + static_cast<int>(k) * clock.line_height + size.height);
            for (int dy = -2; dy <= 2; ++dy) {
                for (int dx = -2; dx <= 2; ++dx) {
                    ft->putText(image, text[k], origin + cv::Point(dx, dy), clock.px,
                                cv::Scalar(0, 0, 0), -1, cv::LINE_AA, true);
                }
            }
            ft->putText(image, text[k], origin, clock.px, cv::Scalar(255, 255, 255), -1,
                        cv::LINE_AA, true);
        }
        samples.push_back(OsdSample{static_cast<int64_t>(t * 1e6), image});
    }
    return samples;
}

std::string strftime_us(int64_t civil_us, const char* format) {
    const std::time_t seconds = static_cast<std::time_t>(civil_us / 1'000'000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];
    std::strftime(text, sizeof text, format, &tm);
    return text;
}

// Hikvision and Dahua recorders often draw the date on the line above the time (or the time
// above the date, in a bottom corner): the time alone on its line gave "no date on the clock's
// line". The line beside the time is joined to it; a caption there (no date) still reads
// nothing.
TEST(OsdReader, ReadsAClockWhoseDateIsOnTheLineAboveOrBelowTheTime) {
    const std::string font = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";
    if (!fs::exists(font)) {
        GTEST_SKIP() << font << " is missing (scripts/setup.sh --tests installs it)";
    }
    const int64_t start = timecode::civil_to_us(2024, 3, 5, 8, 12, 55, 0);
    const double phase = 0.4;  // the clock's second turns 0.6 s into the video's
    const int64_t truth = start + 400'000;
    {
        SCOPED_TRACE("date above the time, top left");
        DrawnClock clock{font, 26, 24, 18, 34, false};
        OsdResult r = read_osd_clock(draw_clock(
            clock,
            [](int64_t us) {
                return std::vector<std::string>{strftime_us(us, "%Y-%m-%d"),
                                                strftime_us(us, "%H:%M:%S")};
            },
            start, phase));
        ASSERT_TRUE(r.found) << r.failure;
        EXPECT_EQ(r.format, "YYYY-MM-DD HH:MM:SS");
        EXPECT_LE(std::abs(r.osd_at_zero_us - truth), 1'000'000) << r.osd_at_zero_us - truth;
        EXPECT_FALSE(r.has_flag("ambiguous_date_order") || r.has_flag("jump"));
        EXPECT_LT(r.region.y, 30);  // the region holds both lines
        EXPECT_GT(r.region.br().y, 18 + 34 + 20);
    }
    {
        SCOPED_TRACE("time above the date, bottom right");
        DrawnClock clock{font, 22, 620, 290, 28, true};
        OsdResult r =
            read_osd_clock(draw_clock(
                               clock,
                               [](int64_t us) {
                                   return std::vector<std::string>{strftime_us(us, "%H:%M:%S"),
                                                                   strftime_us(us, "%d/%m/%Y")};
                               },
                               start, phase),
                           DateHint{2024, 3, 5});
        ASSERT_TRUE(r.found) << r.failure;
        EXPECT_EQ(r.format, "HH:MM:SS DD/MM/YYYY");
        EXPECT_LE(std::abs(r.osd_at_zero_us - truth), 1'000'000) << r.osd_at_zero_us - truth;
    }
    {
        SCOPED_TRACE("a caption above the time, no date");
        DrawnClock clock{font, 26, 24, 18, 34, false};
        OsdResult r = read_osd_clock(draw_clock(
            clock,
            [](int64_t us) {
                return std::vector<std::string>{"CAM 01 GATE", strftime_us(us, "%H:%M:%S")};
            },
            start, phase));
        EXPECT_FALSE(r.found) << r.format;
    }
}

// A clock drawn in the top right corner, the background's bright ink cut by the picture's edge
// just right of the seconds (a leaf of foliage): that cut-off ink is no character. Read as a
// word after the time, it made "HH:MM:SS ddd" of the clock's format.
TEST(OsdReader, InkCutByThePicturesEdgeBesideTheSecondsIsNoWord) {
    const std::string font = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";
    if (!fs::exists(font)) {
        GTEST_SKIP() << font << " is missing (scripts/setup.sh --tests installs it)";
    }
    const int64_t start = timecode::civil_to_us(2024, 3, 5, 8, 12, 55, 0);
    DrawnClock clock{font, 22, 628, 12, 30, true};
    std::vector<OsdSample> samples = draw_clock(
        clock,
        [](int64_t us) { return std::vector<std::string>{strftime_us(us, "%Y-%m-%d %H:%M:%S")}; },
        start, 0.4);
    const int right = samples.front().image.cols;
    for (OsdSample& sample : samples) {
        cv::rectangle(sample.image, cv::Rect(right - 5, 12, 5, 20), cv::Scalar(0, 0, 0),
                      cv::FILLED);
        cv::rectangle(sample.image, cv::Rect(right - 3, 14, 3, 16), cv::Scalar(255, 255, 255),
                      cv::FILLED);
    }
    OsdResult r = read_osd_clock(samples);
    ASSERT_TRUE(r.found) << r.failure;
    EXPECT_EQ(r.format, "YYYY-MM-DD HH:MM:SS");
    EXPECT_LE(std::abs(r.osd_at_zero_us - (start + 400'000)), 1'000'000);
}

}  // namespace
}  // namespace footage::indexers::osd
