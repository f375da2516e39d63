// The time, duration and zone parsers (what users type after --from/--to/--pad/--tz). A time
// that parses must print and parse back to the same instant (to the millisecond printed). Hit IDs
// (what users paste after clip --hit, search --like, trace) likewise.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lib/search/hit_id.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/zone.hpp"
#include "lib/util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    std::string text(reinterpret_cast<const char*>(data), size);
    static const timecode::Zone zones[] = {timecode::Zone::utc(),
                                           timecode::Zone::parse("Asia/Ho_Chi_Minh"),
                                           timecode::Zone::parse("America/New_York")};
    for (const timecode::Zone& zone : zones) {
        try {
            int64_t instant = timecode::parse_time(text, zone);
            std::string printed = timecode::format_time(instant, zone);
            int64_t again = timecode::parse_time(printed, zone);
            if (again / 1000 != instant / 1000 && std::llabs(again - instant) >= 1000) {
                std::abort();  // printed time does not read back as the same instant
            }
        } catch (const ParseError&) {
        }
    }
    try {
        int64_t duration = timecode::parse_duration(text);
        if (duration < 0) {
            std::abort();  // the contract: negative durations are rejected
        }
        timecode::format_duration(duration);
    } catch (const ParseError&) {
    }
    try {
        timecode::Zone zone = timecode::Zone::parse(text);
        timecode::format_time(0, zone);
    } catch (const UsageError&) {
    }
    try {
        search::HitKey key = search::parse_hit_id(text);
        search::HitKey again = search::parse_hit_id(search::format_hit_id(key));
        if (again.camera_id != key.camera_id || again.start_utc_us != key.start_utc_us ||
            again.end_utc_us != key.end_utc_us || again.tag != key.tag) {
            std::abort();  // a hit ID that parses must print and parse back the same
        }
    } catch (const ParseError&) {
    }
    return 0;
}
