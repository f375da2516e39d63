#include "lib/report/coverage_chart.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include "lib/report/html_escape.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/units.hpp"

namespace footage::report {

namespace {

constexpr double kLeft = 8.0;
constexpr double kRight = kChartWidth - 8.0;
constexpr double kTrackTop = 22.0;
constexpr double kTrackHeight = 22.0;
constexpr double kDensityBase = 72.0;  // bars grow upwards from here
constexpr double kDensityHeight = 24.0;
constexpr double kAxis = 76.0;

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// A tick spacing that gives at most eight labelled ticks.
int64_t tick_step(int64_t span_us) {
    constexpr int64_t s = timecode::kMicrosPerSecond;
    const std::array<int64_t, 20> steps = {s,         2 * s,     5 * s,     10 * s,     15 * s,
                                           30 * s,    60 * s,    120 * s,   300 * s,    600 * s,
                                           900 * s,   1800 * s,  3600 * s,  7200 * s,   10800 * s,
                                           21600 * s, 43200 * s, 86400 * s, 172800 * s, 604800 * s};
    for (int64_t step : steps) {
        if (span_us / step <= 8) {
            return step;
        }
    }
    return steps.back() * (span_us / steps.back() / 8 + 1);
}

}  // namespace

std::string coverage_chart(const CameraTimeline& camera, const catalog::TimeRange& period,
                           int64_t bin_us, const std::vector<catalog::TimeRange>& hits,
                           const timecode::Zone& zone) {
    const double span =
        static_cast<double>(std::max<int64_t>(1, period.end_utc_us - period.start_utc_us));
    const auto x_of = [&](int64_t us) {
        double clamped =
            static_cast<double>(std::clamp(us, period.start_utc_us, period.end_utc_us));
        return kLeft +
               (clamped - static_cast<double>(period.start_utc_us)) / span * (kRight - kLeft);
    };
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kChartWidth << "\" height=\""
        << kChartHeight << "\" viewBox=\"0 0 " << kChartWidth << ' ' << kChartHeight
        << "\" font-family=\"sans-serif\" font-size=\"11\">\n"
        << "<title>" << html_escape(camera.camera_id) << ": coverage</title>\n"
        << "<text x=\"" << kLeft << "\" y=\"14\" font-weight=\"bold\">"
        << html_escape(camera.camera_id) << "</text>\n"
        << "<text x=\"" << kRight << "\" y=\"14\" text-anchor=\"end\" fill=\"#555\">"
        << "in the export (green) · not in the export (red) · movement (orange) · hits "
           "(blue)</text>\n";
    // Nothing recorded is red: the gaps are the whole track minus the recorded spans.
    svg << "<rect x=\"" << kLeft << "\" y=\"" << kTrackTop << "\" width=\"" << kRight - kLeft
        << "\" height=\"" << kTrackHeight << "\" fill=\"#f2f2f2\" stroke=\"#999\"/>\n";
    for (const catalog::TimeRange& gap : camera.gaps) {
        svg << "<rect class=\"gap\" x=\"" << number(x_of(gap.start_utc_us)) << "\" y=\""
            << kTrackTop << "\" width=\""
            << number(std::max(1.0, x_of(gap.end_utc_us) - x_of(gap.start_utc_us)))
            << "\" height=\"" << kTrackHeight << "\" fill=\"#d9534f\" fill-opacity=\"0.55\"/>\n";
    }
    for (const catalog::TimeRange& recorded : camera.recorded) {
        svg << "<rect class=\"recorded\" x=\"" << number(x_of(recorded.start_utc_us)) << "\" y=\""
            << kTrackTop << "\" width=\""
            << number(std::max(1.0, x_of(recorded.end_utc_us) - x_of(recorded.start_utc_us)))
            << "\" height=\"" << kTrackHeight << "\" fill=\"#4a9d5b\"/>\n";
    }
    for (const catalog::TimeRange& hit : hits) {
        svg << "<rect class=\"hit\" x=\"" << number(x_of(hit.start_utc_us)) << "\" y=\""
            << kTrackTop - 4 << "\" width=\""
            << number(std::max(2.0, x_of(hit.end_utc_us) - x_of(hit.start_utc_us)))
            << "\" height=\"" << kTrackHeight + 8 << "\" fill=\"#1f4e9c\" fill-opacity=\"0.8\"/>\n";
    }
    svg << "<line x1=\"" << kLeft << "\" y1=\"" << kDensityBase << "\" x2=\"" << kRight
        << "\" y2=\"" << kDensityBase << "\" stroke=\"#999\"/>\n";
    for (size_t bin = 0; bin < camera.motion_density.size(); ++bin) {
        const double density = camera.motion_density[bin];
        if (density <= 0.0) {
            continue;
        }
        const int64_t start = period.start_utc_us + static_cast<int64_t>(bin) * bin_us;
        const double x0 = x_of(start);
        const double x1 = x_of(start + bin_us);
        const double height = std::max(1.0, density * kDensityHeight);
        svg << "<rect class=\"motion\" x=\"" << number(x0) << "\" y=\""
            << number(kDensityBase - height) << "\" width=\"" << number(std::max(1.0, x1 - x0))
            << "\" height=\"" << number(height) << "\" fill=\"#e08a1e\"/>\n";
    }
    // Ticks on round local times.
    const int64_t step = tick_step(period.end_utc_us - period.start_utc_us);
    const int64_t offset_us =
        int64_t{zone.offset_at_utc(period.start_utc_us)} * timecode::kMicrosPerSecond;
    int64_t tick = (period.start_utc_us + offset_us + step - 1) / step * step - offset_us;
    for (; tick <= period.end_utc_us; tick += step) {
        const double x = x_of(tick);
        std::string label = timecode::format_time(tick, zone);  // 2020-11-03T14:05:00+07:00
        label = step >= 86'400'000'000 ? label.substr(0, 10) : label.substr(11, 8);
        svg << "<line x1=\"" << number(x) << "\" y1=\"" << kAxis - 4 << "\" x2=\"" << number(x)
            << "\" y2=\"" << kAxis + 2 << "\" stroke=\"#333\"/>\n"
            << "<text x=\"" << number(x) << "\" y=\"" << kAxis + 14 << "\" text-anchor=\""
            << (x < kLeft + 30    ? "start"
                : x > kRight - 30 ? "end"
                                  : "middle")
            << "\">" << label << "</text>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace footage::report
