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

// The stretches of a recording `duration_us` long the indexer reads, given what the pass
// decodes anyway (`decoded`, sorted): ~12 s to learn the font, in the first decoded stretch that
// long within the first 5 minutes (else the longest there, lengthened); then 1.5 s per 5 minutes,
// in the decoded stretch nearest each mark (else at the mark); and the last 2 s (or the last
// decoded stretch's last 1.5-2 s). With everything decoded: the first 12 s, 1.5 s at every
// 5-minute mark and the last 2 s.
std::vector<media::Span> osd_bursts(int64_t duration_us, const std::vector<media::Span>& decoded);

// Its registry row: tables and migrations.
const IndexerInfo& osd_indexer_info();

}  // namespace footage::indexers::osd
