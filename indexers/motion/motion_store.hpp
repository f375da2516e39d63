#pragma once
// The motion index in the catalog (schema v2): per recording its grid geometry, the chunks of
// active frames and the events at the default sensitivity.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <string_view>

#include "indexers/motion/events.hpp"
#include "indexers/motion/grid_codec.hpp"
#include "lib/catalog/catalog.hpp"

namespace footage::indexers::motion {

struct MotionMeta {
    int32_t cols = 0;
    int32_t rows = 0;
    int64_t sample_us = 0;
    int64_t decoded_us = 0;  // how much of the recording was decoded
    int64_t skipped_us = 0;  // how much was recognised as still without decoding
    // The line of a clock burned into the picture, which motion ignores (fractions of the frame).
    std::optional<Box> clock_line;
};

// The motion indexer's own migrations: 1 adds `motion_ignored` (the clock's line).
extern const std::string_view kMotionMigrations[1];

// Adds the recording's rows; its old ones are cleared first (indexers/index_tables.hpp,
// clear_rows). Call inside the recording's transaction.
void store_motion(catalog::Catalog& catalog, int64_t recording_id, const MotionMeta& meta,
                  const std::vector<MotionChunk>& chunks,
                  const std::vector<RecordingEvent>& events);

std::optional<MotionMeta> load_meta(catalog::Catalog& catalog, int64_t recording_id);

// Visits, in time order, the recording's chunks that overlap [from, to) (offsets from its start).
// A chunk's frames are read from disk only when `wants(peak)` is true; otherwise the chunk is
// not visited at all.
void for_each_chunk(catalog::Catalog& catalog, int64_t recording_id, int64_t from_offset_us,
                    int64_t to_offset_us,
                    const std::function<bool(const std::vector<uint8_t>&)>& wants,
                    const std::function<void(const MotionChunk&)>& visit);

// The stored events (default sensitivity, whole frame), times from the recording's start.
std::vector<RecordingEvent> load_events(catalog::Catalog& catalog, int64_t recording_id);

}  // namespace footage::indexers::motion
