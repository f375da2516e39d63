#include "lib/search/hit_id.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>

#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::search {

namespace {

int64_t round_to_ms(int64_t us) { return (us >= 0 ? us + 500 : us - 500) / 1000; }

bool parse_digits(std::string_view text, size_t pos, size_t count, int64_t& value) {
    if (pos + count > text.size()) {
        return false;
    }
    value = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

std::string format_hit_id(const HitKey& key) {
    int64_t start_ms = round_to_ms(key.start_utc_us);
    int64_t duration_ms = std::max<int64_t>(0, round_to_ms(key.end_utc_us) - start_ms);
    timecode::Civil civil = timecode::us_to_civil(start_ms * 1000);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d%02d.%03dZ+%lldms", civil.year,
                  civil.month, civil.day, civil.hour, civil.minute, civil.second,
                  static_cast<int>(civil.micros / 1000), static_cast<long long>(duration_ms));
    return key.camera_id + "@" + stamp + (key.tag.empty() ? "" : "#" + key.tag);
}

HitKey parse_hit_id(std::string_view text) {
    const std::string problem = "\"" + std::string(text) +
                                "\" is not a hit ID (expected CAMERA@YYYYMMDDThhmmss.mmmZ+Nms, "
                                "as printed by footage search)";
    std::string_view id = text;
    std::string tag;
    size_t at = id.rfind('@');
    if (size_t hash = id.find('#', at == std::string_view::npos ? 0 : at);
        hash != std::string_view::npos) {
        tag = std::string(id.substr(hash + 1));
        id = id.substr(0, hash);
        if (tag.empty()) {
            throw ParseError(problem);
        }
    }
    if (at == std::string_view::npos || at == 0) {
        throw ParseError(problem);
    }
    std::string_view stamp = id.substr(at + 1);
    int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (stamp.size() < 22 || !parse_digits(stamp, 0, 4, year) ||
        !parse_digits(stamp, 4, 2, month) || !parse_digits(stamp, 6, 2, day) || stamp[8] != 'T' ||
        !parse_digits(stamp, 9, 2, hour) || !parse_digits(stamp, 11, 2, minute) ||
        !parse_digits(stamp, 13, 2, second) || stamp[15] != '.' ||
        !parse_digits(stamp, 16, 3, millis) || stamp.substr(19, 2) != "Z+" ||
        !stamp.ends_with("ms")) {
        throw ParseError(problem);
    }
    std::string_view duration_text = stamp.substr(21, stamp.size() - 23);
    int64_t duration_ms = 0;
    auto [end, error] = std::from_chars(duration_text.data(),
                                        duration_text.data() + duration_text.size(), duration_ms);
    if (duration_text.empty() || error != std::errc() ||
        end != duration_text.data() + duration_text.size() || duration_ms < 0) {
        throw ParseError(problem);
    }
    HitKey key;
    key.camera_id = std::string(id.substr(0, at));
    try {
        key.start_utc_us = timecode::civil_to_us(static_cast<int>(year), static_cast<int>(month),
                                                 static_cast<int>(day), static_cast<int>(hour),
                                                 static_cast<int>(minute), static_cast<int>(second),
                                                 millis * 1000);
    } catch (const ParseError& bad_time) {
        throw ParseError(problem + ": " + bad_time.what());
    }
    // Its end, in microseconds, must not overflow (a start before 1970 is negative).
    if (duration_ms > std::numeric_limits<int64_t>::max() / 1000 - 1 -
                          std::max<int64_t>(key.start_utc_us / 1000, 0)) {
        throw ParseError(problem + ": its length is too long for any clock");
    }
    key.end_utc_us = key.start_utc_us + duration_ms * 1000;
    key.tag = std::move(tag);
    return key;
}

}  // namespace footage::search
