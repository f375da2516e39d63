#pragma once
// The vocabulary of `footage search`: a question (Query), an answer (Hit) and the result. The
// indexers' search hooks (indexers/search_hook.hpp) answer in these terms, so this header
// depends on nothing of lib/search's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lib/media/box.hpp"

namespace footage::search {

struct Query {
    std::vector<std::string> cameras;    // camera IDs (already resolved); empty: every camera
    std::optional<int64_t> from_utc_us;  // true UTC (camera clock offsets applied)
    std::optional<int64_t> to_utc_us;
    std::vector<media::Box> regions;  // fractions of the frame; empty: all of it
    int64_t min_duration_us = 0;
    int64_t pad_us = 0;
    std::optional<int32_t> limit;
    // Which index answers: a hit kind of the registry ("motion", "object"); empty: the default
    // one, or the one whose selecting filter is given (--object selects "object").
    std::string kind;
    // The indexers' own filters, by option name without dashes ("sensitivity": 5, "object":
    // "car", "min-confidence": 0.3, "color": "red"), as the hook that declares them reads them.
    nlohmann::json filters = nlohmann::json::object();
};

// The filter `name` a hook declared (indexers/search_hook.hpp), as the user gave it; nullopt
// when not given.
template <typename T>
std::optional<T> filter(const Query& query, std::string_view name) {
    auto it = query.filters.find(std::string(name));
    return it == query.filters.end() ? std::nullopt : std::optional<T>(it->template get<T>());
}

struct Hit {
    std::string id;  // accepted by `footage clip --hit`
    std::string camera_id;
    std::string kind = "motion";  // the hook's hit kind: "motion", "object", ...
    int64_t start_utc_us = 0;     // true UTC; padded by Query::pad_us
    int64_t end_utc_us = 0;
    int64_t peak_utc_us = 0;  // motion: the most motion; object: the most confident sighting
    double score = 0.0;       // motion: the peak share of the region's area in motion, 0..1;
                              // object: the best confidence
    media::Box box;           // motion: every moving cell; object: at the best sighting
    // The kind's own JSON fields (object: label, confidence, color, sightings), added to the
    // hit's JSON as they are.
    nlohmann::json fields = nlohmann::json::object();
    std::string recording;  // the recording holding the start
    double offset_s = 0.0;  // of the start, into that recording
    // Where the peak is, for pictures.
    std::string peak_recording;
    int64_t peak_offset_us = 0;
    // How pictures mark the hit: the cells of a grid_cols x grid_rows grid set in peak_cells
    // (motion), else, when box_caption is set, `box` with that caption above it (objects).
    int32_t grid_cols = 0;
    int32_t grid_rows = 0;
    std::vector<uint8_t> peak_cells;
    std::optional<std::string> box_caption;
    // When set, hits are listed by it, highest first, instead of by time (search --like: the
    // similarity to the hit asked about, 0..1).
    std::optional<double> rank;
};

struct SearchResult {
    std::vector<Hit> hits;  // by start time, then camera (ranked hits: by rank, highest first)
    int64_t total = 0;      // hits before --limit
    int64_t recordings_searched = 0;
    std::vector<std::string> not_indexed;  // recordings in range without the index asked for
};

// `footage trace HIT_ID`: from one hit, the most similar sightings step by step forward (and
// back) in time, across cameras.
struct TraceQuery {
    std::string start_id;              // the hit the chain starts from
    std::vector<std::string> cameras;  // where to look (resolved IDs); empty: every camera
    int64_t within_us = 600'000'000;   // at most this from one step's end to the next's start
    double min_similarity = 0.0;       // the floor: the chain stops below it
    int32_t max_steps = 20;            // per direction
    bool backward = false;             // also back in time from the start
};

struct Trace {
    TraceQuery query;
    // In time order, the start hit among them. Each carries in Hit::fields "step" (0 the start,
    // 1, 2, ... forward, -1, -2, ... back), "similarity" to the step it was found from (null for
    // the start), "similarity_to_start", and "gap": seconds from the end of the step before it in
    // time to its start (0 when they overlap; null for the first).
    std::vector<Hit> steps;
    std::string stopped_forward;           // why the chain ends there, in words
    std::string stopped_backward;          // empty unless TraceQuery::backward
    std::vector<std::string> not_indexed;  // recordings near the chain without the index
};

}  // namespace footage::search
