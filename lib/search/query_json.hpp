#pragma once
// The one JSON shape of a query: `search --json`'s "query" and report.json's "filters". Each
// searchable indexer adds its own keys (sensitivity; object, min_confidence, color).
#include <nlohmann/json.hpp>

#include "lib/search/query.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::search {

nlohmann::json query_json(const Query& query, const timecode::Zone& zone);

}  // namespace footage::search
