#pragma once
// `footage search`: questions about the catalog's indexes, answered without decoding video.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "indexers/motion/events.hpp"
#include "lib/catalog/catalog.hpp"

namespace footage::search {

struct Query {
    std::vector<std::string> cameras;  // camera IDs (already resolved); empty: every camera
    std::optional<int64_t> from_us;    // UTC, true time (camera clock offsets applied)
    std::optional<int64_t> to_us;
    std::vector<indexers::motion::Box> regions;  // fractions of the frame; empty: all of it
    int32_t sensitivity = indexers::motion::kDefaultSensitivity;
    int64_t min_duration_us = 0;
    int64_t pad_us = 0;
    std::optional<int32_t> limit;
    // Object search (instead of motion): tracks of this COCO class (or "vehicle": any of the
    // vehicle classes), at least this confident (unset: the class's calibrated default, see
    // indexers/objects/class_defaults.hpp), optionally of this colour (a name from
    // indexers/objects/color_name.hpp).
    std::optional<std::string> object;
    std::optional<double> min_confidence;
    std::optional<std::string> color;
};

struct Hit {
    std::string id;  // accepted by `footage clip --hit`
    std::string camera_id;
    std::string kind = "motion";  // or "object"
    int64_t start_us = 0;         // UTC, true time; padded by Query::pad_us
    int64_t end_us = 0;
    int64_t peak_us = 0;        // motion: the most motion; object: the most confident sighting
    double score = 0.0;         // motion: the peak share of the region's area in motion, 0..1;
                                // object: the best confidence
    indexers::motion::Box box;  // motion: every moving cell; object: at the best sighting
    // Objects only.
    std::string label;
    double confidence = 0.0;
    std::string color;
    int32_t sightings = 0;
    std::string recording;  // the recording holding the start
    double offset_s = 0.0;  // of the start, into that recording
    // Where the peak is, and which cells moved then (for thumbnails).
    std::string peak_recording;
    int64_t peak_offset_us = 0;
    int32_t grid_cols = 0;
    int32_t grid_rows = 0;
    std::vector<uint8_t> peak_cells;
};

struct SearchResult {
    std::vector<Hit> hits;  // by start time, then camera
    int64_t total = 0;      // hits before --limit
    int64_t recordings_searched = 0;
    std::vector<std::string> not_indexed;  // recordings in range without the index asked for
};

// Throws UsageError for an empty time range, a region outside the frame, a bad sensitivity,
// or an object class or colour that does not exist.
SearchResult search(catalog::Catalog& catalog, const Query& query);

}  // namespace footage::search
