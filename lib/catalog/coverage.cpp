#include "lib/catalog/coverage.hpp"

#include <algorithm>
#include <map>

namespace footage::catalog {

TimeRange wall_range(const RecordingRow& recording, const CameraRow& camera) {
    int64_t start = recording.start_recorder_us.value_or(0) + camera.clock_offset_us;
    return {start, start + recording.duration_us};
}

std::vector<CameraCoverage> camera_coverage(Catalog& catalog, int64_t gap_tolerance_us) {
    std::map<std::string, std::vector<TimeRange>> ranges;
    std::map<std::string, CameraRow> cameras;
    for (CameraRow& camera : catalog.cameras()) {
        cameras[camera.id] = camera;
    }
    for (const RecordingRow& recording : catalog.recordings()) {
        if (recording.status != "ok" || !recording.camera_id || !recording.start_recorder_us) {
            continue;
        }
        auto camera = cameras.find(*recording.camera_id);
        if (camera != cameras.end()) {
            ranges[camera->first].push_back(wall_range(recording, camera->second));
        }
    }
    std::vector<CameraCoverage> result;
    for (auto& [id, spans] : ranges) {
        std::sort(spans.begin(), spans.end(), [](const TimeRange& a, const TimeRange& b) {
            return a.start_utc_us < b.start_utc_us;
        });
        CameraCoverage coverage;
        coverage.camera = cameras[id];
        coverage.recordings = static_cast<int32_t>(spans.size());
        coverage.first_us = spans.front().start_utc_us;
        int64_t reach = spans.front().start_utc_us;  // end of what is covered so far
        for (const TimeRange& span : spans) {
            if (span.start_utc_us > reach + gap_tolerance_us) {
                coverage.gaps.push_back({reach, span.start_utc_us});
            }
            int64_t from = std::max(span.start_utc_us, reach);
            if (span.end_utc_us > from) {
                coverage.covered_us += span.end_utc_us - from;
            }
            reach = std::max(reach, span.end_utc_us);
        }
        coverage.last_us = reach;
        result.push_back(std::move(coverage));
    }
    return result;
}

}  // namespace footage::catalog
