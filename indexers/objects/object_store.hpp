#pragma once
// The object index in the catalog (schema v5): per recording which model examined it, its
// tracks (the hits of `search --object`) and every detection.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "indexers/objects/tracker.hpp"
#include "lib/catalog/catalog.hpp"

namespace footage::indexers::objects {

struct ObjectMeta {
    std::string model;
    std::string model_sha256;
    double min_confidence = 0.0;
    int64_t frames_examined = 0;
};

// A stored track: what search reads.
struct StoredTrack {
    int64_t recording_id = 0;
    int32_t track = 0;
    std::string label;
    std::string color;
    int64_t first_us = 0;  // from the recording's start
    int64_t last_us = 0;
    int64_t best_us = 0;
    double confidence = 0.0;
    media::Box box;  // at the best sighting
    int32_t sightings = 0;
};

// Adds the recording's rows; its old ones are cleared first (indexers/index_tables.hpp,
// clear_rows). Call inside the recording's transaction.
void store_objects(catalog::Catalog& catalog, int64_t recording_id, const ObjectMeta& meta,
                   const std::vector<Track>& tracks);

std::optional<ObjectMeta> load_object_meta(catalog::Catalog& catalog, int64_t recording_id);

// The recording's tracks of class `label` (every class when empty) with a best confidence of
// at least `min_confidence`, in time order.
std::vector<StoredTrack> load_tracks(catalog::Catalog& catalog, int64_t recording_id,
                                     const std::string& label, double min_confidence);

}  // namespace footage::indexers::objects
