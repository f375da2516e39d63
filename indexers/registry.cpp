#include <array>

#include "indexers/indexer.hpp"
#include "indexers/motion/motion_indexer.hpp"
#include "indexers/objects/object_indexer.hpp"

namespace footage::indexers {

namespace {

// The table of indexers. Add one line per indexer; --help and the pipeline read it. The
// pipeline calls them in this order, so an indexer can read what those above it noted.
const std::array<IndexerInfo, 2> kIndexers = {{
    {"motion", "coarse motion grid and motion events (for search --motion)", true,
     &motion::make_motion_indexer, nullptr},
    {"objects",
     "COCO objects (people, vehicles, ...) with colour where there is motion (for search "
     "--object); needs the detector from scripts/fetch_models.sh",
     false, &objects::make_object_indexer, &objects::prepare_object_indexer},
}};

}  // namespace

std::span<const IndexerInfo> registry() { return kIndexers; }

const IndexerInfo* find_indexer(std::string_view name) {
    for (const IndexerInfo& info : kIndexers) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

}  // namespace footage::indexers
