#pragma once
// A camera's coverage across the case's period as a standalone SVG: recorded spans, gaps,
// motion density and where the hits are, over a time axis in the report's zone.
#include <cstdint>
#include <string>
#include <vector>

#include "lib/catalog/coverage.hpp"
#include "lib/report/case_facts.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::report {

constexpr int kChartWidth = 960;
constexpr int kChartHeight = 100;

// `hits` are the spans of this camera's hits. The SVG has width and height set, so it has a
// natural size when shown with <img>.
std::string coverage_chart(const CameraTimeline& camera, const catalog::TimeRange& period,
                           int64_t bin_us, const std::vector<catalog::TimeRange>& hits,
                           const timecode::Zone& zone);

}  // namespace footage::report
