#pragma once
// Wall-clock times and durations: parsing what users type, printing ISO 8601 with offset.
// Every instant in footage is int64_t microseconds since the Unix epoch, UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lib/timecode/zone.hpp"

namespace footage::timecode {

// Microseconds since 1970-01-01T00:00 of a civil (zone-less) date and time.
// Throws ParseError when a field is out of range (month 13, Feb 30, hour 24...).
int64_t civil_to_us(int year, int month, int day, int hour, int minute, int second,
                    int64_t micros = 0);

// Days since 1970-01-01 of a proleptic Gregorian date (negative before it); no range check.
int64_t days_from_civil(int64_t year, int64_t month, int64_t day);
// Days in a month (1-12) of a proleptic Gregorian year.
int days_in_month(int year, int month);

struct Civil {
    int year, month, day, hour, minute, second;
    int64_t micros;
};
Civil us_to_civil(int64_t us);

// How a date written day and month first ("3/11/2020") is read; unknown: it is refused, never
// guessed.
enum class DateOrder { unknown, dmy, mdy };

// ISO 8601 in the forms users type: "2020-11-03 14:05:00", "2020-11-03T14:05:00+07:00",
// "2020-11-03T14:05:00.250Z", "2020-11-03 14:05", "2020-11-03" (midnight), "20201103T140500";
// 12-hour times ("2020-11-03 2:05pm", "2:05 PM"); and with a date order, "3/11/2020 14:05",
// "3.11.2020", "3-11-2020". Without an offset the time is read in `zone`. Returns UTC
// microseconds; throws ParseError saying what is wrong and which forms are accepted.
int64_t parse_time(std::string_view text, const Zone& zone,
                   DateOrder order = DateOrder::unknown);

// "2020-11-03T14:05:00+07:00"; fractional seconds (milliseconds) only when not whole.
std::string format_time(int64_t utc_us, const Zone& zone);

// Durations: "90", "90s", "1.5s", "2m", "1h30m", "1h 30m 5s", "500ms". Returns microseconds.
// Throws ParseError for empty, negative or malformed text.
int64_t parse_duration(std::string_view text);

// "1h02m03s", "4.5s", "0s".
std::string format_duration(int64_t us);

}  // namespace footage::timecode
