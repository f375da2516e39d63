#include "indexers/osd/osd_format.hpp"

#include <algorithm>
#include <cstddef>

namespace footage::indexers::osd {
namespace {

enum class TokenKind { number, separator, word };

struct Token {
    TokenKind kind;
    std::vector<int> slots;
    bool space_before = false;
    char separator = 0;
    int mark = 0;  // a CJK date mark: 1 年 (year), 2 月 (month), 3 日 (day)
};

// The CJK date marks, in the order a date writes them; a letter read as one, right after a
// digit, separates the date's numbers as '-' does (in a weekday, "星期日" or "月曜日", it
// follows a letter and stays part of the word).
constexpr const char* kDateMarks[] = {"年", "月", "日"};

int date_mark(const std::vector<Slot>& slots, size_t index) {
    const Slot& slot = slots[index];
    if (slot.kind != SlotKind::letter || index == 0 || slot.space_before ||
        slots[index - 1].kind != SlotKind::digit) {
        return 0;
    }
    for (int i = 0; i < 3; ++i) {
        if (slot.text == kDateMarks[i]) {
            return i + 1;
        }
    }
    return 0;
}

std::vector<Token> tokenize(const std::vector<Slot>& slots) {
    std::vector<Token> tokens;
    for (int i = 0; i < static_cast<int>(slots.size()); ++i) {
        const Slot& slot = slots[static_cast<size_t>(i)];
        const int mark = date_mark(slots, static_cast<size_t>(i));
        TokenKind kind = slot.kind == SlotKind::digit                   ? TokenKind::number
                         : slot.kind == SlotKind::separator || mark > 0 ? TokenKind::separator
                                                                        : TokenKind::word;
        bool joins = !tokens.empty() && !slot.space_before && kind != TokenKind::separator &&
                     tokens.back().kind == kind;
        if (joins) {
            tokens.back().slots.push_back(i);
        } else {
            tokens.push_back(Token{kind, {i}, slot.space_before, slot.separator, mark});
        }
    }
    return tokens;
}

bool is_number(const std::vector<Token>& tokens, int index, size_t min_len, size_t max_len) {
    if (index < 0 || index >= static_cast<int>(tokens.size())) {
        return false;
    }
    const Token& token = tokens[static_cast<size_t>(index)];
    return token.kind == TokenKind::number && token.slots.size() >= min_len &&
           token.slots.size() <= max_len;
}

bool is_date_separator(const std::vector<Token>& tokens, int index) {
    if (index < 0 || index >= static_cast<int>(tokens.size())) {
        return false;
    }
    const Token& token = tokens[static_cast<size_t>(index)];
    return token.kind == TokenKind::separator && !token.space_before &&
           (token.separator == '-' || token.separator == '/' || token.separator == '.');
}

// The CJK date mark `mark` (1 年, 2 月, 3 日) at `index`, touching the number before it.
bool is_date_mark(const std::vector<Token>& tokens, int index, int mark) {
    if (index < 0 || index >= static_cast<int>(tokens.size())) {
        return false;
    }
    const Token& token = tokens[static_cast<size_t>(index)];
    return token.kind == TokenKind::separator && token.mark == mark && !token.space_before;
}

// Where each field of the clock is, as token indexes.
struct ClockTokens {
    int seconds = -1;
    int hour = -1;
    int date = -1;  // the date's first number
    int date_end = -1;  // its last token: the last number, or the 日 after it
    int ampm = -1;
};

// HH:MM:SS ending at the seconds digit; false when there is none.
bool find_time(const std::vector<Token>& tokens, int seconds_slot, ClockTokens& at,
               Layout& layout) {
    int seconds_token = -1;
    for (size_t t = 0; t < tokens.size(); ++t) {
        for (int s : tokens[t].slots) {
            if (s == seconds_slot) {
                seconds_token = static_cast<int>(t);
            }
        }
    }
    if (seconds_token < 4 || !is_number(tokens, seconds_token, 2, 2) ||
        tokens[static_cast<size_t>(seconds_token)].slots.back() != seconds_slot ||
        tokens[static_cast<size_t>(seconds_token - 1)].kind != TokenKind::separator ||
        !is_number(tokens, seconds_token - 2, 2, 2) ||
        tokens[static_cast<size_t>(seconds_token - 3)].kind != TokenKind::separator ||
        !is_number(tokens, seconds_token - 4, 1, 2)) {
        layout.failure = "no HH:MM:SS around the seconds digit";
        return false;
    }
    const int hour_token = seconds_token - 4;
    const Token& hours = tokens[static_cast<size_t>(hour_token)];
    if (hours.slots.size() == 1 && !hours.space_before && hour_token > 0 &&
        tokens[static_cast<size_t>(hour_token - 1)].kind == TokenKind::word) {
        // "Mié l6:40:15": the letter may be the hours' first digit, misread (a serifed 1).
        layout.failure = "a letter touches the hours: it may be one of their digits, misread";
        return false;
    }
    layout.time_found = true;
    layout.second = tokens[static_cast<size_t>(seconds_token)].slots;
    layout.minute = tokens[static_cast<size_t>(seconds_token - 2)].slots;
    layout.hour = tokens[static_cast<size_t>(hour_token)].slots;
    at.seconds = seconds_token;
    at.hour = hour_token;
    return true;
}

// The date's year, month or day and day or month (date_a, date_b) are the numbers at tokens
// `year`, `a` and `b`; its first token is `first`, its last `end`.
void take_date(const std::vector<Token>& tokens, int year, int a, int b, int first, int end,
               ClockTokens& at, Layout& layout, int& date_token) {
    layout.year = tokens[static_cast<size_t>(year)].slots;
    layout.date_a = tokens[static_cast<size_t>(a)].slots;
    layout.date_b = tokens[static_cast<size_t>(b)].slots;
    date_token = first;
    at.date_end = end;
}

// The date: three numbers joined by one kind of separator, the year first or last, or
// "YYYY年MM月DD日", away from the time; false when there is none.
bool find_date(const std::vector<Token>& tokens, ClockTokens& at, Layout& layout) {
    const int hour_token = at.hour;
    const int seconds_token = at.seconds;
    int date_token = -1;
    for (int t = 0; t + 4 < static_cast<int>(tokens.size()); ++t) {
        if (t + 5 < static_cast<int>(tokens.size()) && (t + 5 < hour_token || t > seconds_token) &&
            is_number(tokens, t, 4, 4) && is_date_mark(tokens, t + 1, 1) &&
            is_number(tokens, t + 2, 1, 2) && is_date_mark(tokens, t + 3, 2) &&
            is_number(tokens, t + 4, 1, 2) && is_date_mark(tokens, t + 5, 3)) {
            layout.year_first = true;  // CJK dates are always year, month, day
            take_date(tokens, t, t + 2, t + 4, t, t + 5, at, layout, date_token);
            break;
        }
        if (t + 4 >= hour_token && t <= seconds_token) {
            continue;
        }
        if (!is_date_separator(tokens, t + 1) || !is_date_separator(tokens, t + 3) ||
            tokens[static_cast<size_t>(t + 1)].separator !=
                tokens[static_cast<size_t>(t + 3)].separator) {
            continue;
        }
        if (is_number(tokens, t, 4, 4) && is_number(tokens, t + 2, 1, 2) &&
            is_number(tokens, t + 4, 1, 2)) {
            layout.year_first = true;
            take_date(tokens, t, t + 2, t + 4, t, t + 4, at, layout, date_token);
            break;
        }
        if (is_number(tokens, t, 1, 2) && is_number(tokens, t + 2, 1, 2) &&
            is_number(tokens, t + 4, 4, 4)) {
            take_date(tokens, t + 4, t, t + 2, t, t + 4, at, layout, date_token);
            break;
        }
    }
    if (date_token < 0) {
        layout.failure = "no date (YYYY-MM-DD, DD-MM-YYYY or MM-DD-YYYY) on the clock's line";
        return false;
    }
    at.date = date_token;
    return true;
}

// AM/PM: a two-letter word right after the seconds or right before the hours whose second
// letter looks like an M (a two-letter weekday stands there too: "Di", "CN", "11:22:33 Mo").
void find_ampm(const std::vector<Slot>& slots, const std::vector<Token>& tokens, ClockTokens& at,
               Layout& layout) {
    const int hour_token = at.hour;
    const int seconds_token = at.seconds;
    int ampm_token = -1;
    for (int t : {seconds_token + 1, hour_token - 1}) {
        if (t >= 0 && t < static_cast<int>(tokens.size()) &&
            tokens[static_cast<size_t>(t)].kind == TokenKind::word &&
            tokens[static_cast<size_t>(t)].slots.size() == 2 &&
            slots[static_cast<size_t>(tokens[static_cast<size_t>(t)].slots.back())].m_shape) {
            ampm_token = t;
            layout.ampm_slot = tokens[static_cast<size_t>(t)].slots.front();
            layout.ampm_doubtful =
                !slots[static_cast<size_t>(tokens[static_cast<size_t>(t)].slots.back())].m_sure;
            break;
        }
    }
    at.ampm = ampm_token;
}

// The clock spans the date, the time and AM/PM, with a weekday word (and its number) just
// before or after; anything further out is not the clock. Its format, e.g. "{a}-{b}-YYYY ddd
// HH:MM:SS" ({a} and {b}: day and month in an order settled later).
std::string clock_pattern(const std::vector<Token>& tokens, const ClockTokens& at,
                          const Layout& layout) {
    const int date_token = at.date;
    const int hour_token = at.hour;
    const int seconds_token = at.seconds;
    const int ampm_token = at.ampm;
    int begin =
        std::min(date_token, ampm_token >= 0 ? std::min(hour_token, ampm_token) : hour_token);
    int end = std::max({at.date_end, seconds_token, ampm_token});
    if (begin > 0 && tokens[static_cast<size_t>(begin - 1)].kind == TokenKind::word) {
        --begin;
    }
    if (end + 1 < static_cast<int>(tokens.size()) &&
        tokens[static_cast<size_t>(end + 1)].kind == TokenKind::word && end != ampm_token) {
        ++end;
    }
    // The time's two separators are one character: a colon beside a dot is a colon whose
    // upper dot was lost (HH:MM.SS is no recorder's format).
    const bool time_colon = tokens[static_cast<size_t>(seconds_token - 1)].separator == ':' ||
                            tokens[static_cast<size_t>(seconds_token - 3)].separator == ':';
    std::string pattern;
    bool after_word = false;
    for (int t = begin; t <= end; ++t) {
        const Token& token = tokens[static_cast<size_t>(t)];
        std::string piece;
        if (t == date_token) {
            piece = layout.year_first ? "YYYY" : "{a}";
        } else if (t == date_token + 2) {
            piece = layout.year_first ? "MM" : "{b}";
        } else if (t == date_token + 4) {
            piece = layout.year_first ? "DD" : "YYYY";
        } else if (t == hour_token) {
            piece = ampm_token >= 0 ? "hh" : "HH";
        } else if (t == seconds_token - 2) {
            piece = "MM";
        } else if (t == seconds_token) {
            piece = "SS";
        } else if (t == ampm_token) {
            piece = "tt";
        } else if (time_colon && (t == seconds_token - 1 || t == seconds_token - 3)) {
            piece = ":";
        } else if (token.kind == TokenKind::separator && token.mark > 0) {
            piece = kDateMarks[token.mark - 1];
        } else if (token.kind == TokenKind::separator) {
            piece = std::string(1, token.separator);
        } else if (token.kind == TokenKind::word) {
            piece = "ddd";
        } else if (after_word && token.slots.size() == 1) {
            after_word = false;  // "Thứ 3": the weekday's number belongs to the word
            continue;
        } else {
            piece = std::string(token.slots.size(), '#');
        }
        after_word = token.kind == TokenKind::word && t != ampm_token;
        if (piece == "ddd" && !token.space_before && pattern.size() >= 3 &&
            pattern.compare(pattern.size() - 3, 3, "ddd") == 0) {
            continue;  // one word, a letter of which looked like a digit ("Mié" with an i/1)
        }
        if (!pattern.empty() && token.space_before) {
            pattern += ' ';
        }
        pattern += piece;
    }
    return pattern;
}
}  // namespace

Layout parse_layout(const std::vector<Slot>& given, int seconds_slot) {
    Layout layout;
    std::vector<Slot> slots = given;
    std::vector<Token> tokens = tokenize(slots);
    ClockTokens at;
    if (!find_time(tokens, seconds_slot, at, layout) || !find_date(tokens, at, layout)) {
        return layout;
    }
    // A number outside the date and the time that touches a word (no space between) is part
    // of the word: a letter whose ink looks like a digit ("Di" with its D read as a 0, "PM"
    // with its P read as a 9).
    bool relabelled = false;
    for (int t = 0; t < static_cast<int>(tokens.size()); ++t) {
        const Token& token = tokens[static_cast<size_t>(t)];
        bool in_clock = (t >= at.date && t <= at.date_end) || (t >= at.hour && t <= at.seconds);
        if (token.kind != TokenKind::number || in_clock) {
            continue;
        }
        bool word_after = t + 1 < static_cast<int>(tokens.size()) &&
                          tokens[static_cast<size_t>(t + 1)].kind == TokenKind::word &&
                          !tokens[static_cast<size_t>(t + 1)].space_before;
        bool word_before = t > 0 && tokens[static_cast<size_t>(t - 1)].kind == TokenKind::word &&
                           !token.space_before;
        if (word_after || word_before) {
            for (int s : token.slots) {
                slots[static_cast<size_t>(s)].kind = SlotKind::letter;
            }
            relabelled = true;
        }
    }
    if (relabelled) {
        tokens = tokenize(slots);
        at = ClockTokens{};
        if (!find_time(tokens, seconds_slot, at, layout) || !find_date(tokens, at, layout)) {
            return layout;
        }
    }
    find_ampm(slots, tokens, at, layout);
    layout.pattern = clock_pattern(tokens, at, layout);
    layout.ok = true;
    return layout;
}

void name_as_read(std::vector<Slot>& slots, const std::vector<std::string>& read) {
    for (size_t k = 0; k < slots.size() && k < read.size(); ++k) {
        if (slots[k].kind == SlotKind::separator && read[k].size() == 1 &&
            std::string(":-/.").find(read[k][0]) != std::string::npos) {
            slots[k].separator = read[k][0];
        } else if (slots[k].kind == SlotKind::letter && read[k] == "M") {
            slots[k].m_shape = true;
            slots[k].m_sure = true;
        }
    }
}

std::string format_for(const Layout& layout, DayPosition day) {
    std::string a = day == DayPosition::second ? "MM" : "DD";
    std::string b = day == DayPosition::second ? "DD" : "MM";
    std::string out = layout.pattern;
    size_t at = out.find("{a}");
    if (at != std::string::npos) {
        out.replace(at, 3, a);
    }
    at = out.find("{b}");
    if (at != std::string::npos) {
        out.replace(at, 3, b);
    }
    return out;
}

}  // namespace footage::indexers::osd
