#pragma once
// The clock's layout: which character positions of the OSD line hold the year, month, day,
// hours, minutes, seconds and AM/PM, and the format string they spell.
#include <string>
#include <vector>

namespace footage::indexers::osd {

enum class SlotKind { digit, separator, letter };

// One character position of the OSD line, left to right.
struct Slot {
    SlotKind kind = SlotKind::letter;
    char separator = 0;         // ':' '-' '/' '.' when kind is separator
    bool space_before = false;  // a word gap separates it from the previous slot
    bool m_shape = false;       // a letter that could be the M of AM/PM (looks_like_m)
    bool m_sure = false;        // and surely is one (surely_m): not a U or an H
    // What the text recogniser read over it (UTF-8), empty where it was not used. A letter read
    // as one of the CJK date marks 年 月 日 separates a date's numbers ("2024年03月05日").
    std::string text;
};

// Which of the two date groups around a trailing year is the day.
enum class DayPosition { unknown, first, second };

struct Layout {
    bool ok = false;
    std::string failure;
    bool time_found = false;  // HH:MM:SS was found around the seconds (the date may be missing)
    // Slot indices of each field, most significant digit first.
    std::vector<int> year;
    std::vector<int> date_a;  // the first group that is not the year, in screen order
    std::vector<int> date_b;
    bool year_first = false;  // YYYY-MM-DD or YYYY年MM月DD日 (date_a the month); else ??-??-YYYY
    std::vector<int> hour;
    std::vector<int> minute;
    std::vector<int> second;
    int ampm_slot = -1;  // the first letter of AM/PM
    // AM/PM whose M may be another letter ("TU 12:30:05": a U passes looks_like_m): the
    // reader flags it unless the hours settle it.
    bool ampm_doubtful = false;
    // The format with "{a}" and "{b}" standing for date_a and date_b.
    std::string pattern;
};

// `seconds_slot`: the seconds' units digit, found by its one-second period.
Layout parse_layout(const std::vector<Slot>& slots, int seconds_slot);

// Slots the glyphs named, given what the text recogniser read over each (`read`, one string a
// slot): the glyphs tell a separator from a letter, the recogniser which one it is. A separator
// becomes the one read over it (a dotted font's '/' has the shape the glyphs call '-'), a
// letter read as an M is one (an M cut across two cells matches no M's shape).
void name_as_read(std::vector<Slot>& slots, const std::vector<std::string>& read);

// The format string once the day's position is known (unknown: day first, the caller flags it).
std::string format_for(const Layout& layout, DayPosition day);

}  // namespace footage::indexers::osd
