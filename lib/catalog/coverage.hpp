#pragma once
// What time each camera's recordings cover, and the gaps between them.
#include <cstdint>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"

namespace footage::catalog {

struct TimeRange {
    int64_t start_utc_us = 0;  // true UTC: the camera's clock offset applied
    int64_t end_utc_us = 0;
};

struct CameraCoverage {
    CameraRow camera;
    int32_t recordings = 0;
    int64_t first_us = 0;
    int64_t last_us = 0;
    int64_t covered_us = 0;       // overlaps counted once
    std::vector<TimeRange> gaps;  // longer than the tolerance
};

// A recording's wall-clock range: the recorder's start plus the camera's declared clock offset.
TimeRange wall_range(const RecordingRow& recording, const CameraRow& camera);

// Cameras with at least one usable recording, ordered by ID. Breaks shorter than
// `gap_tolerance_us` (recorders start the next file a frame or a second late) are not gaps.
std::vector<CameraCoverage> camera_coverage(Catalog& catalog, int64_t gap_tolerance_us = 1'500'000);

}  // namespace footage::catalog
