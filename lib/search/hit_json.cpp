#include "lib/search/hit_json.hpp"

#include "lib/timecode/time.hpp"

namespace footage::search {

nlohmann::json hit_json(const Hit& hit, const timecode::Zone& zone) {
    nlohmann::json entry = {
        {"id", hit.id},
        {"camera", hit.camera_id},
        {"kind", hit.kind},
        {"start", timecode::format_time(hit.start_utc_us, zone)},
        {"end", timecode::format_time(hit.end_utc_us, zone)},
        {"peak", timecode::format_time(hit.peak_utc_us, zone)},
        {"duration", static_cast<double>(hit.end_utc_us - hit.start_utc_us) / 1e6},
        {"recording", hit.recording},
        {"offset", hit.offset_s},
        {"score", hit.score},
        {"box", {hit.box.x, hit.box.y, hit.box.w, hit.box.h}},
    };
    for (const auto& [key, value] : hit.fields.items()) {
        entry[key] = value;
    }
    return entry;
}

}  // namespace footage::search
