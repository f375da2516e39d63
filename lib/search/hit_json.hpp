#pragma once
// A hit as scripts read it (docs/ARCHITECTURE.md, "Contracts"): the one JSON shape that
// `search --json` prints and report.json holds, before either adds its pictures.
#include <nlohmann/json.hpp>

#include "lib/search/search.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::search {

// id, camera, kind, start, end, peak (ISO 8601 in `zone`), duration, recording, offset, score,
// box; and for objects label, confidence, color and sightings.
nlohmann::json hit_json(const Hit& hit, const timecode::Zone& zone);

}  // namespace footage::search
