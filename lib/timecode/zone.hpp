#pragma once
// A time zone: an IANA name (through Howard Hinnant's date/tz, which reads the system tzdata)
// or a fixed UTC offset. Used to read and print wall-clock times.
#include <cstdint>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace footage::timecode {

class Zone {
  public:
    // "UTC", "Z", "+07:00", "-0530", "+7", "Asia/Ho_Chi_Minh", "Europe/London", "local".
    // Throws ParseError naming the text when it is neither an offset nor a known zone.
    static Zone parse(std::string_view spec);
    // The system's zone (TZ, /etc/localtime), UTC when it cannot be learnt.
    static Zone system();
    static Zone utc();

    // The canonical spelling, stored in the catalog and accepted by parse().
    const std::string& name() const { return m_name; }

    // Offset east of UTC, in seconds, at the given UTC instant (microseconds since the epoch).
    int32_t offset_at_utc(int64_t utc_us) const;
    // UTC instant for a local civil time expressed as microseconds since 1970-01-01T00:00 local.
    // An ambiguous local time (DST fall-back) takes the earlier instant; a nonexistent one
    // (spring-forward gap) is shifted forward by the gap, as clocks on recorders do.
    int64_t local_to_utc(int64_t local_us) const;

    // Whether a local civil time happens once, twice (DST fall-back) or never (the spring-forward
    // gap), so that callers can say which rule local_to_utc() applied.
    enum class LocalKind { unique, ambiguous, skipped };
    LocalKind local_kind(int64_t local_us) const;

  private:
    std::string m_name;
    const date::time_zone* m_tz = nullptr;  // null: fixed offset
    int32_t m_fixed_offset_s = 0;
};

}  // namespace footage::timecode
