#include "indexers/osd/osd_camera.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "indexers/osd/osd_store.hpp"

namespace footage::indexers::osd {

namespace {
constexpr int64_t kMinDriftSpanUs = 3'600'000'000LL;  // an hour
constexpr double kDayUs = 86'400e6;
}  // namespace

std::optional<CameraOsd> camera_osd(catalog::Catalog& catalog, const std::string& camera_id) {
    std::vector<std::pair<int64_t, int64_t>> points;  // start, offset
    CameraOsd result;
    for (const catalog::RecordingRow& r : catalog.recordings(camera_id)) {
        if (r.status != "ok" || !r.start_recorder_us) {
            continue;
        }
        std::optional<OsdRecord> osd = load_osd(catalog, r.id);
        if (!osd || !osd->found || !osd->offset_us) {
            continue;
        }
        points.emplace_back(*r.start_recorder_us, *osd->offset_us);
        result.flagged += osd->flags.empty() ? 0 : 1;
    }
    if (points.empty()) {
        return std::nullopt;
    }
    result.recordings = static_cast<int>(points.size());
    std::vector<int64_t> offsets;
    for (const auto& p : points) {
        offsets.push_back(p.second);
    }
    std::sort(offsets.begin(), offsets.end());
    const size_t n = offsets.size();
    result.median_offset_us = n % 2 == 1 ? offsets[n / 2] : (offsets[n / 2 - 1] + offsets[n / 2]) / 2;
    auto [first, last] = std::minmax_element(
        points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (n >= 2 && last->first - first->first >= kMinDriftSpanUs) {
        double mean_t = 0.0;
        double mean_o = 0.0;
        for (const auto& p : points) {
            mean_t += static_cast<double>(p.first - first->first) / kDayUs;
            mean_o += static_cast<double>(p.second) / 1e6;
        }
        mean_t /= static_cast<double>(n);
        mean_o /= static_cast<double>(n);
        double sxy = 0.0;
        double sxx = 0.0;
        for (const auto& p : points) {
            double t = static_cast<double>(p.first - first->first) / kDayUs - mean_t;
            sxy += t * (static_cast<double>(p.second) / 1e6 - mean_o);
            sxx += t * t;
        }
        if (sxx > 0.0) {
            result.drift_seconds_per_day = sxy / sxx;
        }
    }
    return result;
}

}  // namespace footage::indexers::osd
