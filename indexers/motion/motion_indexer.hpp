#pragma once
// The motion indexer: an activity grid per sampled frame, grouped into chunks, plus the events
// at the default sensitivity.
#include <memory>

#include "indexers/indexer.hpp"

namespace footage::indexers::motion {

std::unique_ptr<Indexer> make_motion_indexer();

// Its registry row: tables, recall (kMotionSpans), search hook.
const IndexerInfo& motion_indexer_info();

}  // namespace footage::indexers::motion
