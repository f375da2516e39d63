#include <array>

#include "indexers/indexer.hpp"
#include "indexers/motion/motion_indexer.hpp"

namespace footage::indexers {

namespace {

// The table of indexers. Add one line per indexer; --help and the pipeline read it.
const std::array<IndexerInfo, 1> kIndexers = {{
    {"motion", "coarse motion grid and motion events (for search --motion)", true,
     &motion::make_motion_indexer},
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
