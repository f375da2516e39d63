#pragma once
// The OSD indexer (`index --osd`): reads the clock burned into the picture on the shared decode
// pass, from a dense burst of native-resolution frames at the start and a few frames every few
// minutes after, and stores the readings, the format and the offset "OSD minus the catalogued
// start" (osd_store.hpp). docs/osd.md says how the clock is read.
#include <memory>
#include <vector>

#include "indexers/indexer.hpp"

namespace footage::indexers::osd {

std::unique_ptr<Indexer> make_osd_indexer();

// The stretches of a recording `duration_us` long the indexer reads: the first kFirstBurstUs,
// then a short burst every kLaterEveryUs.
std::vector<media::Span> osd_bursts(int64_t duration_us);

// Its registry row: tables and migrations.
const IndexerInfo& osd_indexer_info();

}  // namespace footage::indexers::osd
