#include "indexers/objects/live_track.hpp"

#include <algorithm>
#include <cmath>

namespace footage::indexers::objects {

namespace {

constexpr int64_t kSteadyUs = 2'000'000;
constexpr double kSteadySizes = 1.5;
constexpr double kLoneWindow = 1.3;

cv::Point centre_in(const media::Box& box, cv::Size frame) {
    return {static_cast<int32_t>((box.x + box.w / 2) * frame.width),
            static_cast<int32_t>((box.y + box.h / 2) * frame.height)};
}

double larger_side(const media::Box& box, cv::Size frame) {
    return std::max(box.w * frame.width, box.h * frame.height);
}

}  // namespace

media::Box expected_box(const LiveTrack& track, int64_t pts_us) {
    const double seconds = static_cast<double>(pts_us - track.last_us) / 1e6;
    return media::Box{track.box.x + track.vx * seconds, track.box.y + track.vy * seconds,
                      track.box.w, track.box.h};
}

bool gone(const LiveTrack& track, int64_t pts_us) {
    const media::Box b = expected_box(track, pts_us);
    const double x = b.x + b.w / 2;
    const double y = b.y + b.h / 2;
    return x < 0.0 || x > 1.0 || y < 0.0 || y > 1.0;
}

bool held(const LiveTrack& track, int64_t pts_us, cv::Size frame,
          const std::vector<cv::Rect>& windows) {
    const media::Box b = expected_box(track, pts_us);
    const cv::Rect around(static_cast<int32_t>((b.x - b.w) * frame.width),
                          static_cast<int32_t>((b.y - b.h) * frame.height),
                          std::max(1, static_cast<int32_t>(3 * b.w * frame.width)),
                          std::max(1, static_cast<int32_t>(3 * b.h * frame.height)));
    return std::any_of(windows.begin(), windows.end(),
                       [&](const cv::Rect& window) { return (around & window).area() > 0; });
}

bool steady(const LiveTrack& track, int64_t pts_us, cv::Size frame) {
    const double side = larger_side(track.box, frame);
    const double speed = std::hypot(track.vx * frame.width, track.vy * frame.height);
    return track.sightings >= 2 && pts_us - track.last_us <= kSteadyUs && side > 0.0 &&
           speed <= kSteadySizes * side;
}

bool followed(const std::vector<cv::Rect>& windows, const std::map<int32_t, LiveTrack>& live,
              int64_t pts_us, cv::Size frame, double lone_side) {
    if (windows.empty()) {
        return false;
    }
    return std::all_of(windows.begin(), windows.end(), [&](const cv::Rect& window) {
        const LiveTrack* inside = nullptr;
        for (const auto& [id, track] : live) {
            if (window.contains(centre_in(expected_box(track, pts_us), frame))) {
                if (inside != nullptr) {
                    return false;
                }
                inside = &track;
            }
        }
        if (inside == nullptr || !steady(*inside, pts_us, frame)) {
            return false;
        }
        const double bound = kLoneWindow * std::max(lone_side, 2 * larger_side(inside->box, frame));
        return window.width <= bound && window.height <= bound;
    });
}

}  // namespace footage::indexers::objects
