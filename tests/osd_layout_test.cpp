// The OSD clock's layout as recorders draw it: CJK dates ("2024年03月05日 星期二 11:08:41")
// and a clock on two lines (the date above or below the time). Parsed from cells named as the
// reader names them, and read whole from frames drawn here (a few seconds in all).
#include <gtest/gtest.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/osd/osd_format.hpp"
#include "indexers/osd/osd_reader.hpp"
#include "lib/timecode/time.hpp"

namespace footage::indexers::osd {
namespace {

namespace fs = std::filesystem;

// One slot per character of `text` (UTF-8), as the reader names them: digits, separators,
// letters; a letter carries what the text recogniser read over it.
std::vector<Slot> slots_of(const std::string& text) {
    std::vector<Slot> slots;
    bool space = false;
    for (size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        const std::string c = text.substr(i, length);
        i += length;
        if (c == " ") {
            space = true;
            continue;
        }
        Slot s;
        s.space_before = space;
        space = false;
        s.text = c;
        if (c.size() == 1 && c[0] >= '0' && c[0] <= '9') {
            s.kind = SlotKind::digit;
        } else if (c == ":" || c == "-" || c == "/" || c == ".") {
            s.kind = SlotKind::separator;
            s.separator = c[0];
        }
        slots.push_back(s);
    }
    return slots;
}

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

}  // namespace
}  // namespace footage::indexers::osd
