#include "lib/timecode/time.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "lib/timecode/units.hpp"
#include "lib/util/error.hpp"
#include "lib/util/trimmed.hpp"

namespace footage::timecode {

namespace {

constexpr int64_t kSecond = kMicrosPerSecond;
constexpr int64_t kDay = kMicrosPerDay;
constexpr const char* kTimeHelp =
    "accepted: 2020-11-03 14:05[:00[.250]], 2020-11-03T14:05:00+07:00, 2020-11-03T06:05Z, "
    "20201103T140500, 2020-11-03 2:05pm, 2020-11-03 (midnight); 3/11/2020 14:05 with "
    "--date-order dmy or mdy";

void civil_from_days(int64_t z, int& year, int& month, int& day) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

[[noreturn]] void bad_time(std::string_view text, const std::string& why) {
    throw ParseError("bad time \"" + std::string(text) + "\": " + why + " (" + kTimeHelp + ")");
}

// Reads exactly `count` digits at `pos`.
bool read_digits(std::string_view text, size_t& pos, size_t count, int& value) {
    if (pos + count > text.size()) {
        return false;
    }
    value = 0;
    for (size_t i = 0; i < count; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    pos += count;
    return true;
}

}  // namespace

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t civil_to_us(int year, int month, int day, int hour, int minute, int second,
                    int64_t micros) {
    if (month < 1 || month > 12) {
        throw ParseError("month " + std::to_string(month) + " is not 1..12");
    }
    if (day < 1 || day > days_in_month(year, month)) {
        throw ParseError("day " + std::to_string(day) + " is not in month " +
                         std::to_string(month));
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
        throw ParseError("time of day out of range");
    }
    return days_from_civil(year, month, day) * kDay +
           (static_cast<int64_t>(hour) * 3600 + int64_t{minute} * 60 + second) * kSecond + micros;
}

Civil us_to_civil(int64_t us) {
    int64_t days = floor_div(us, kDay);
    int64_t in_day = us - days * kDay;
    Civil civil{};
    civil_from_days(days, civil.year, civil.month, civil.day);
    int64_t seconds = in_day / kSecond;
    civil.hour = static_cast<int>(seconds / 3600);
    civil.minute = static_cast<int>((seconds / 60) % 60);
    civil.second = static_cast<int>(seconds % 60);
    civil.micros = in_day % kSecond;
    return civil;
}

namespace {

// Reads one to `most` digits at `pos`; returns how many were read.
size_t read_some_digits(std::string_view text, size_t& pos, size_t most, int& value) {
    size_t count = 0;
    value = 0;
    while (count < most && pos < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[pos]))) {
        value = value * 10 + (text[pos] - '0');
        ++pos;
        ++count;
    }
    return count;
}

// "am", "pm", "a.m.", "p.m." in any case at `pos`: 'a', 'p', or 0 when there is none.
char read_meridiem(std::string_view text, size_t& pos) {
    size_t at = pos;
    if (at >= text.size()) {
        return 0;
    }
    char which = static_cast<char>(std::tolower(static_cast<unsigned char>(text[at])));
    if (which != 'a' && which != 'p') {
        return 0;
    }
    ++at;
    if (at < text.size() && text[at] == '.') {
        ++at;
    }
    if (at >= text.size() || std::tolower(static_cast<unsigned char>(text[at])) != 'm') {
        return 0;
    }
    ++at;
    if (at < text.size() && text[at] == '.') {
        ++at;
    }
    pos = at;
    return which;
}

void skip_spaces(std::string_view text, size_t& pos) {
    while (pos < text.size() && text[pos] == ' ') {
        ++pos;
    }
}

}  // namespace

namespace {

struct CivilTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int64_t micros = 0;
};

// The text of one time being read; errors quote it whole.
struct TimeText {
    std::string_view raw;   // as given
    std::string_view text;  // without surrounding spaces
    size_t pos = 0;

    bool at(char c) const { return pos < text.size() && text[pos] == c; }
    bool at_digit() const {
        return pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0;
    }
    [[noreturn]] void fail(const std::string& why) const { bad_time(raw, why); }
};

// 3/11/2020, 11.03.2020, 3-11-2020: which of the first two is the day, `order` says. `first`
// was read already and the cursor stands on the separator.
void read_day_first_date(TimeText& t, int first, DateOrder order, CivilTime& civil) {
    const char separator = t.text[t.pos++];
    int second_field = 0;
    size_t second_digits = read_some_digits(t.text, t.pos, 2, second_field);
    if (second_digits == 0 || !t.at(separator)) {
        t.fail("a date written day and month first needs day, month and year");
    }
    ++t.pos;
    if (read_some_digits(t.text, t.pos, 4, civil.year) != 4) {
        t.fail("write the year with four digits");
    }
    if (order == DateOrder::unknown) {
        t.fail(
            "is it day/month/year or month/day/year? Say which with --date-order "
            "dmy or mdy (index stores it in the catalog), or write the date as "
            "YYYY-MM-DD");
    }
    civil.day = order == DateOrder::dmy ? first : second_field;
    civil.month = order == DateOrder::dmy ? second_field : first;
}

// 2020-11-03, or 20201103 when `compact`.
void read_year_first_date(TimeText& t, bool compact, CivilTime& civil) {
    if (!read_digits(t.text, t.pos, 4, civil.year)) {
        t.fail("no year: a time starts with its date");
    }
    if (!compact && (t.pos >= t.text.size() || t.text[t.pos++] != '-')) {
        t.fail("expected '-' after the year");
    }
    if (!read_digits(t.text, t.pos, 2, civil.month)) {
        t.fail("no month");
    }
    if (!compact && (t.pos >= t.text.size() || t.text[t.pos++] != '-')) {
        t.fail("expected '-' after the month");
    }
    if (!read_digits(t.text, t.pos, 2, civil.day)) {
        t.fail("no day");
    }
}

void read_date(TimeText& t, DateOrder order, CivilTime& civil) {
    const bool compact = t.text.size() >= 8 && t.text.find('-') == std::string_view::npos;
    int first = 0;
    size_t probe = 0;
    size_t leading = read_some_digits(t.text, probe, 4, first);
    if ((leading == 1 || leading == 2) && probe < t.text.size() &&
        (t.text[probe] == '/' || t.text[probe] == '.' || t.text[probe] == '-')) {
        t.pos = probe;
        read_day_first_date(t, first, order, civil);
    } else {
        read_year_first_date(t, compact, civil);
    }
}

// ".25" or ",25" after the seconds.
void read_fraction(TimeText& t, int64_t& micros) {
    if (!t.at('.') && !t.at(',')) {
        return;
    }
    ++t.pos;
    int64_t scale = 100'000;
    size_t start = t.pos;
    while (t.at_digit()) {
        micros += (t.text[t.pos] - '0') * scale;
        scale /= 10;
        ++t.pos;
    }
    if (t.pos == start) {
        t.fail("no digits after the decimal point");
    }
}

// "am"/"pm" after optional spaces, or 0 with the cursor left where it was.
char read_meridiem_after_spaces(TimeText& t) {
    size_t before = t.pos;
    skip_spaces(t.text, t.pos);
    char meridiem = read_meridiem(t.text, t.pos);
    if (meridiem == 0) {
        t.pos = before;
    }
    return meridiem;
}

// ":MM[:SS[.fff]]" after the hour (colons optional after a two-digit hour).
void read_minutes_and_seconds(TimeText& t, size_t hour_digits, CivilTime& civil) {
    if (t.at(':')) {
        ++t.pos;
    } else if (hour_digits == 1) {
        t.fail("expected ':' after the hour");
    }
    if (!read_digits(t.text, t.pos, 2, civil.minute)) {
        t.fail("no minute");
    }
    if (!t.at(':') && !t.at_digit()) {
        return;
    }
    if (t.at(':')) {
        ++t.pos;
    }
    if (!read_digits(t.text, t.pos, 2, civil.second)) {
        t.fail("bad seconds");
    }
    read_fraction(t, civil.micros);
}

// "T14:00:00", " 2 PM", " 02:00:00 pm": the time of day after the date, when there is one.
void read_time_of_day(TimeText& t, CivilTime& civil) {
    if (!t.at('T') && !t.at('t') && !t.at(' ')) {
        return;
    }
    ++t.pos;
    skip_spaces(t.text, t.pos);
    size_t hour_digits = read_some_digits(t.text, t.pos, 2, civil.hour);
    if (hour_digits == 0) {
        t.fail("no hour");
    }
    char meridiem = read_meridiem_after_spaces(t);
    if (meridiem == 0) {
        read_minutes_and_seconds(t, hour_digits, civil);
        meridiem = read_meridiem_after_spaces(t);
    }
    if (meridiem != 0) {
        if (civil.hour < 1 || civil.hour > 12) {
            t.fail("a 12-hour time has an hour from 1 to 12");
        }
        civil.hour = civil.hour % 12 + (meridiem == 'p' ? 12 : 0);
    }
}

// "Z", "+07:00" or nothing (then the zone decides).
std::optional<int32_t> read_utc_offset(TimeText& t) {
    if (t.pos >= t.text.size()) {
        return std::nullopt;
    }
    std::string_view rest = t.text.substr(t.pos);
    if (rest == "Z" || rest == "z") {
        return 0;
    }
    if (rest[0] != '+' && rest[0] != '-') {
        t.fail("unexpected \"" + std::string(rest) + "\"");
    }
    try {
        return Zone::parse(rest).offset_at_utc(0);
    } catch (const ParseError&) {
        t.fail("bad UTC offset \"" + std::string(rest) + "\"");
    }
}

}  // namespace

int64_t parse_time(std::string_view raw, const Zone& zone, DateOrder order) {
    TimeText t{raw, trimmed(raw)};
    CivilTime civil;
    read_date(t, order, civil);
    read_time_of_day(t, civil);
    std::optional<int32_t> offset = read_utc_offset(t);
    int64_t local = 0;
    try {
        local = civil_to_us(civil.year, civil.month, civil.day, civil.hour, civil.minute,
                            civil.second, civil.micros);
    } catch (const ParseError& error) {
        bad_time(raw, error.what());
    }
    if (offset) {
        return local - static_cast<int64_t>(*offset) * kSecond;
    }
    return zone.local_to_utc(local);
}

std::string format_time(int64_t utc_us, const Zone& zone) {
    int32_t offset = zone.offset_at_utc(utc_us);
    if (offset % 60 != 0) {
        // Local mean time before zones were standardised (+07:06:40): ISO 8601 offsets have no
        // seconds, so such an instant is written in UTC rather than off by those seconds.
        offset = 0;
    }
    Civil c = us_to_civil(utc_us + static_cast<int64_t>(offset) * kSecond);
    char text[48];
    int32_t magnitude = offset < 0 ? -offset : offset;
    char sign = offset < 0 ? '-' : '+';
    if (c.micros / 1000 != 0) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", c.year,
                      c.month, c.day, c.hour, c.minute, c.second, static_cast<int>(c.micros / 1000),
                      sign, magnitude / 3600, (magnitude / 60) % 60);
    } else {
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year,
                      c.month, c.day, c.hour, c.minute, c.second, sign, magnitude / 3600,
                      (magnitude / 60) % 60);
    }
    return text;
}

int64_t parse_duration(std::string_view text) {
    auto bad = [&](const std::string& why) -> ParseError {
        return ParseError("bad duration \"" + std::string(text) + "\": " + why +
                          " (expected 90, 90s, 2m, 1h30m or 500ms)");
    };
    size_t pos = 0;
    int64_t total = 0;
    bool any = false;
    while (pos < text.size()) {
        if (text[pos] == ' ') {
            ++pos;
            continue;
        }
        size_t start = pos;
        while (pos < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.')) {
            ++pos;
        }
        if (pos == start) {
            throw bad("expected a number");
        }
        double value = 0;
        std::string number(text.substr(start, pos - start));
        try {
            size_t used = 0;
            value = std::stod(number, &used);
            if (used != number.size()) {
                throw bad("\"" + number + "\" is not a number");
            }
        } catch (const std::invalid_argument&) {
            throw bad("expected a number");
        } catch (const std::out_of_range&) {
            throw bad("number out of range");
        }
        std::string unit;
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
            unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos++])));
        }
        double scale = 0;
        if (unit.empty()) {
            if (any) {
                throw bad("a unit is needed after the first part");
            }
            scale = 1e6;
        } else if (unit == "h") {
            scale = 3600e6;
        } else if (unit == "m" || unit == "min") {
            scale = 60e6;
        } else if (unit == "s") {
            scale = 1e6;
        } else if (unit == "ms") {
            scale = 1e3;
        } else {
            throw bad("unknown unit \"" + unit + "\"");
        }
        // ~3,000 years: far beyond any recording, and far from int64_t overflow.
        constexpr double kLongest = 1e17;
        double part = value * scale;
        if (!(part <= kLongest) || static_cast<double>(total) + part > kLongest) {
            throw bad("longer than any recording");
        }
        total += static_cast<int64_t>(std::llround(part));
        any = true;
        if (unit.empty() && pos < text.size()) {
            throw bad("unexpected text after the number");
        }
    }
    if (!any) {
        throw bad("empty");
    }
    return total;
}

std::string format_duration(int64_t us) {
    char text[48];
    if (us < 60 * kSecond) {
        double seconds = static_cast<double>(us) / 1e6;
        if (us % kSecond == 0) {
            std::snprintf(text, sizeof text, "%llds", static_cast<long long>(us / kSecond));
        } else {
            std::snprintf(text, sizeof text, "%.1fs", seconds);
        }
        return text;
    }
    int64_t seconds = us / kSecond;
    if (seconds < 3600) {
        std::snprintf(text, sizeof text, "%lldm%02llds", static_cast<long long>(seconds / 60),
                      static_cast<long long>(seconds % 60));
    } else {
        std::snprintf(
            text, sizeof text, "%lldh%02lldm%02llds", static_cast<long long>(seconds / 3600),
            static_cast<long long>((seconds / 60) % 60), static_cast<long long>(seconds % 60));
    }
    return text;
}

}  // namespace footage::timecode
