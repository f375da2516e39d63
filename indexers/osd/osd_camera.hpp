#pragma once
// A camera's burned-in clock measured over its recordings: the median of their offsets "OSD
// minus the catalogued start", and how that offset moves per day (the clock's drift).
#include <cstdint>
#include <optional>
#include <string>

#include "lib/catalog/catalog.hpp"

namespace footage::indexers::osd {

struct CameraOsd {
    int recordings = 0;       // recordings whose OSD was read, with an offset
    int flagged = 0;          // of them, with a flag (jump, not_advancing, ...)
    int64_t median_offset_us = 0;
    // The least-squares slope of the offsets against the recordings' starts, seconds per day;
    // unset with fewer than two recordings or when they span less than an hour.
    std::optional<double> drift_seconds_per_day;
};

// Null when no recording of the camera has an OSD offset.
std::optional<CameraOsd> camera_osd(catalog::Catalog& catalog, const std::string& camera_id);

}  // namespace footage::indexers::osd
