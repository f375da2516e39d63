#include "indexers/osd/clock_start.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

#include "indexers/osd/median.hpp"
#include "lib/timecode/time.hpp"

namespace footage::indexers::osd {
namespace {

constexpr double kSameLine = 1.5;  // seconds: a reading within this of a line is on it

// The digits a clock shows at `osd_us`, in a fixed order (year, month, day, hour, minute,
// second).
std::string shown_digits(int64_t osd_us, bool twelve_hour) {
    const timecode::Civil c = timecode::us_to_civil(osd_us);
    const int hour = twelve_hour ? (c.hour % 12 == 0 ? 12 : c.hour % 12) : c.hour;
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02d", c.year, c.month, c.day, hour,
                  c.minute, c.second);
    return text;
}

// The one digit position in which `read` differs from `other`; -1 if none or several.
int one_digit_apart(const std::string& read, const std::string& other) {
    int position = -1;
    for (size_t k = 0; k < read.size() && k < other.size(); ++k) {
        if (read[k] != other[k]) {
            if (position >= 0) {
                return -1;
            }
            position = static_cast<int>(k);
        }
    }
    return position;
}

}  // namespace

ClockStart clock_start(const std::vector<OsdReading>& readings, double rate, double clear,
                       bool twelve_hour) {
    ClockStart out;
    out.misread_digit.assign(readings.size(), false);
    std::vector<double> starts;
    for (const OsdReading& r : readings) {
        starts.push_back(static_cast<double>(r.osd_us) / 1e6 -
                         rate * static_cast<double>(r.pts_us) / 1e6);
    }
    std::vector<double> first;
    for (size_t i = 0; i < starts.size() && first.size() < 7; ++i) {
        if (readings[i].confidence >= clear) {
            first.push_back(starts[i]);
        }
    }
    if (first.size() < 3) {
        first.assign(starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(
                                                          std::min<size_t>(starts.size(), 7)));
    }
    out.offset_s = median(first);

    // The line most readings keep.
    size_t most = 0;
    std::vector<double> on_most;
    for (double s : starts) {
        std::vector<double> on;
        for (double other : starts) {
            if (std::abs(other - s) <= kSameLine) {
                on.push_back(other);
            }
        }
        if (on.size() > most) {
            most = on.size();
            on_most = on;
        }
    }
    const double majority = median(on_most);
    if (most * 2 <= starts.size() || std::abs(majority - out.offset_s) <= kSameLine) {
        return out;
    }
    // The first line's readings: each one digit off the majority's line, always the same digit,
    // with majority readings before the first and after the last of them.
    const auto apart_us = static_cast<int64_t>(std::llround(out.offset_s - majority)) * 1'000'000;
    size_t first_on = readings.size();
    size_t last_on = 0;
    int position = -1;
    for (size_t i = 0; i < readings.size(); ++i) {
        if (std::abs(starts[i] - out.offset_s) > kSameLine) {
            continue;
        }
        const int at = one_digit_apart(shown_digits(readings[i].osd_us, twelve_hour),
                                       shown_digits(readings[i].osd_us - apart_us, twelve_hour));
        if (at < 0 || (position >= 0 && at != position)) {
            return out;
        }
        position = at;
        first_on = std::min(first_on, i);
        last_on = std::max(last_on, i);
    }
    bool before = false;
    bool after = false;
    for (size_t i = 0; i < readings.size(); ++i) {
        if (std::abs(starts[i] - majority) <= kSameLine) {
            before = before || i < first_on;
            after = after || i > last_on;
        }
    }
    if (position < 0 || !before || !after) {
        return out;
    }
    for (size_t i = 0; i < readings.size(); ++i) {
        out.misread_digit[i] = std::abs(starts[i] - out.offset_s) <= kSameLine;
    }
    out.offset_s = majority;
    return out;
}

}  // namespace footage::indexers::osd
