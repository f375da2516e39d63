#include "lib/search/query_json.hpp"

#include "indexers/indexer.hpp"
#include "lib/search/search.hpp"
#include "lib/timecode/time.hpp"

namespace footage::search {

namespace {

nlohmann::json time_or_null(const std::optional<int64_t>& utc_us, const timecode::Zone& zone) {
    return utc_us ? nlohmann::json(timecode::format_time(*utc_us, zone)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json query_json(const Query& query, const timecode::Zone& zone) {
    nlohmann::json regions = nlohmann::json::array();
    for (const media::Box& region : query.regions) {
        regions.push_back({region.x, region.y, region.w, region.h});
    }
    nlohmann::json out = {
        {"kind", std::string(hook_of(query).kind)},
        {"cameras", query.cameras},
        {"from", time_or_null(query.from_utc_us, zone)},
        {"to", time_or_null(query.to_utc_us, zone)},
        {"regions", regions},
        {"min_duration", static_cast<double>(query.min_duration_us) / 1e6},
        {"limit", query.limit ? nlohmann::json(*query.limit) : nlohmann::json(nullptr)},
        {"zone", zone.name()},
    };
    for (const indexers::SearchHook* hook : indexers::search_hooks()) {
        if (hook->query_json != nullptr) {
            hook->query_json(query, out);
        }
    }
    return out;
}

}  // namespace footage::search
