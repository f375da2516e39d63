#include "lib/timecode/zone.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <date/tz.h>

#include "lib/timecode/units.hpp"
#include "lib/util/error.hpp"

namespace footage::timecode {

namespace {

// "+07:00", "-0530", "+7", "+07" -> seconds east of UTC; nullopt when not an offset.
std::optional<int32_t> parse_offset(std::string_view spec) {
    if (spec.empty() || (spec[0] != '+' && spec[0] != '-')) {
        return std::nullopt;
    }
    int sign = spec[0] == '-' ? -1 : 1;
    std::string digits;
    for (char c : spec.substr(1)) {
        if (c == ':') {
            continue;
        }
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        digits += c;
    }
    int hours = 0;
    int minutes = 0;
    if (digits.size() == 1 || digits.size() == 2) {
        hours = std::stoi(digits);
    } else if (digits.size() == 4) {
        hours = std::stoi(digits.substr(0, 2));
        minutes = std::stoi(digits.substr(2));
    } else {
        return std::nullopt;
    }
    if (hours > 14 || minutes > 59) {
        return std::nullopt;
    }
    return sign * (hours * 3600 + minutes * 60);
}

std::string offset_name(int32_t seconds) {
    char text[16];
    int32_t magnitude = seconds < 0 ? -seconds : seconds;
    std::snprintf(text, sizeof text, "%c%02d:%02d", seconds < 0 ? '-' : '+', magnitude / 3600,
                  (magnitude / 60) % 60);
    return text;
}

}  // namespace

Zone Zone::utc() {
    Zone zone;
    zone.m_name = "UTC";
    return zone;
}

Zone Zone::parse(std::string_view spec) {
    if (spec == "UTC" || spec == "Z" || spec == "utc" || spec == "GMT") {
        return utc();
    }
    if (spec == "local") {
        return system();
    }
    if (std::optional<int32_t> offset = parse_offset(spec)) {
        if (*offset == 0) {
            return utc();
        }
        Zone zone;
        zone.m_fixed_offset_s = *offset;
        zone.m_name = offset_name(*offset);
        return zone;
    }
    try {
        Zone zone;
        zone.m_tz = date::locate_zone(std::string(spec));
        zone.m_name = zone.m_tz->name();
        return zone;
    } catch (const std::exception&) {
        throw ParseError(
            "unknown time zone \"" + std::string(spec) +
            "\" (expected an IANA name like Asia/Ho_Chi_Minh, or an offset like +07:00)");
    }
}

Zone Zone::system() {
    try {
        Zone zone;
        zone.m_tz = date::current_zone();
        zone.m_name = zone.m_tz->name();
        if (zone.m_name == "Etc/UTC" || zone.m_name == "UTC" || zone.m_name == "Etc/Universal") {
            return utc();
        }
        return zone;
    } catch (const std::exception&) {
        return utc();
    }
}

int32_t Zone::offset_at_utc(int64_t utc_us) const {
    if (m_tz == nullptr) {
        return m_fixed_offset_s;
    }
    date::sys_time<std::chrono::microseconds> instant{std::chrono::microseconds(utc_us)};
    date::sys_info info = m_tz->get_info(instant);
    return static_cast<int32_t>(info.offset.count());
}

int64_t Zone::local_to_utc(int64_t local_us) const {
    if (m_tz == nullptr) {
        return local_us - static_cast<int64_t>(m_fixed_offset_s) * kMicrosPerSecond;
    }
    date::local_time<std::chrono::microseconds> local{std::chrono::microseconds(local_us)};
    date::local_info info = m_tz->get_info(local);
    switch (info.result) {
        case date::local_info::unique:
        case date::local_info::ambiguous:  // the earlier instant: first's offset
        case date::local_info::nonexistent:
        default:
            // In the spring-forward gap (nonexistent): read with the offset before the gap,
            // which lands the same distance past the transition, as recorder clocks do.
            return local_us - static_cast<int64_t>(info.first.offset.count()) * kMicrosPerSecond;
    }
}

Zone::LocalKind Zone::local_kind(int64_t local_us) const {
    if (m_tz == nullptr) {
        return LocalKind::unique;
    }
    date::local_time<std::chrono::microseconds> local{std::chrono::microseconds(local_us)};
    switch (m_tz->get_info(local).result) {
        case date::local_info::ambiguous:
            return LocalKind::ambiguous;
        case date::local_info::nonexistent:
            return LocalKind::skipped;
        default:
            return LocalKind::unique;
    }
}

}  // namespace footage::timecode
