#pragma once
// The OSD indexer's rows: per recording what was read (osd_meta) and every reading
// (osd_readings), and reading them back for `recordings` and `cameras`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexers/osd/osd_reader.hpp"
#include "lib/catalog/catalog.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::indexers::osd {

inline constexpr std::string_view kOsdTables[] = {"osd_meta", "osd_readings"};
extern const std::string_view kOsdMigrations[1];

// What the OSD indexer learnt about one recording.
struct OsdRecord {
    bool found = false;
    std::string failure;  // why nothing was read
    std::string format;
    std::string alternative_format;
    int32_t region_x = 0, region_y = 0, region_w = 0, region_h = 0;
    int64_t osd_at_zero_us = 0;  // civil (zone-less) time the OSD shows at video time 0
    // The OSD's time at video time 0 read in the recording's zone, minus its catalogued start
    // (recorder UTC); unset when the recording had no start when it was indexed.
    std::optional<int64_t> offset_us;
    std::string zone;  // the zone the OSD's civil time was read in for the offset
    double rate = 1.0;
    std::vector<std::string> flags;
    std::vector<media::Span> bursts;  // the stretches sampled
    std::vector<int64_t> frames;      // every frame read (video time, from the start)
    std::vector<OsdReading> readings;
};

void store_osd(catalog::Catalog& catalog, int64_t recording_id, const OsdRecord& record);

// Null when the recording has no OSD row (not indexed with --osd, or a catalog without the
// tables). With `with_readings` false, `readings` and `frames` stay empty.
std::optional<OsdRecord> load_osd(catalog::Catalog& catalog, int64_t recording_id,
                                  bool with_readings = false);

}  // namespace footage::indexers::osd
