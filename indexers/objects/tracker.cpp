#include "indexers/objects/tracker.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "indexers/objects/box_overlap.hpp"
#include "indexers/objects/class_defaults.hpp"
#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/greedy_match.hpp"

namespace footage::indexers::objects {

namespace {

struct Point {
    double x = 0.0;
    double y = 0.0;
};

// A box in heights of the frame.
media::Box in_heights(const media::Box& box, double aspect) {
    return {box.x * aspect, box.y, box.w * aspect, box.h};
}

Point centre(const media::Box& box) { return {box.x + box.w / 2, box.y + box.h / 2}; }

double ratio(double a, double b) { return a > b ? a / b : b / a; }

// Where the track has been going, in frame heights a second: from its last sighting and the
// earliest one within the second before it (at least 0.3 s before, so that one jittery box
// does not set the pace). None while the track is younger than that.
std::optional<Point> velocity(const Track& track, double aspect) {
    const Sighting& last = track.sightings.back();
    for (const Sighting& earlier : track.sightings) {
        const int64_t gap_us = last.pts_us - earlier.pts_us;
        if (gap_us > 1'000'000) {
            continue;
        }
        if (gap_us < 300'000) {
            break;
        }
        const Point from = centre(in_heights(earlier.detection.box, aspect));
        const Point to = centre(in_heights(last.detection.box, aspect));
        const double seconds = static_cast<double>(gap_us) / 1e6;
        return Point{(to.x - from.x) / seconds, (to.y - from.y) / seconds};
    }
    return std::nullopt;
}

// The track's width and height of late: the medians of its last few sightings, so that a box
// that straddles two objects once cannot carry the track from one size to the other.
media::Box usual_size(const Track& track, double aspect) {
    constexpr size_t kRecent = 5;
    std::vector<double> widths;
    std::vector<double> heights;
    for (size_t i = track.sightings.size() > kRecent ? track.sightings.size() - kRecent : 0;
         i < track.sightings.size(); ++i) {
        const media::Box box = in_heights(track.sightings[i].detection.box, aspect);
        widths.push_back(box.w);
        heights.push_back(box.h);
    }
    auto median = [](std::vector<double>& values) {
        std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
        return values[values.size() / 2];
    };
    return {0.0, 0.0, median(widths), median(heights)};
}

// How much of detection i's box lies within the boxes of its class that the detector was surer
// of in the same frame (0..1, their overlaps added up): a box around two people side by side,
// each of whom has a box of their own.
double covered(const std::vector<Detection>& detections, size_t i) {
    const media::Box& box = detections[i].box;
    const double area = box.w * box.h;
    if (area <= 0.0) {
        return 0.0;
    }
    double inside = 0.0;
    for (size_t j = 0; j < detections.size(); ++j) {
        const Detection& other = detections[j];
        if (j == i || other.label != detections[i].label ||
            other.confidence <= detections[i].confidence) {
            continue;
        }
        const double w = std::min(box.x + box.w, other.box.x + other.box.w) -
                         std::max(box.x, other.box.x);
        const double h = std::min(box.y + box.h, other.box.y + other.box.h) -
                         std::max(box.y, other.box.y);
        if (w > 0.0 && h > 0.0) {
            inside += w * h;
        }
    }
    return std::min(1.0, inside / area);
}

}  // namespace

// Higher is a better match; negative: these cannot be the same object.
double Tracker::affinity(const Track& track, int64_t pts_us, const Detection& d) const {
    const Sighting& last = track.sightings.back();
    const int64_t gap_us = pts_us - last.pts_us;
    if (track.label != d.label || gap_us <= 0 || gap_us > m_rules.max_gap_us) {
        return -1.0;
    }
    const media::Box a = in_heights(last.detection.box, m_rules.aspect);
    const media::Box b = in_heights(d.box, m_rules.aspect);
    const media::Box usual = usual_size(track, m_rules.aspect);
    if (usual.w <= 0.0 || usual.h <= 0.0 || b.w <= 0.0 || b.h <= 0.0) {
        return -1.0;
    }
    const double resize_w = ratio(usual.w, b.w);
    const double resize_h = ratio(usual.h, b.h);
    if (std::max(resize_w, resize_h) > m_rules.max_resize ||
        std::min(resize_w, resize_h) > m_rules.max_joint_resize) {
        return -1.0;
    }
    const double seconds = static_cast<double>(gap_us) / 1e6;
    const std::optional<Point> pace = velocity(track, m_rules.aspect);
    media::Box expected = a;
    if (pace) {
        expected.x += pace->x * seconds;
        expected.y += pace->y * seconds;
        // Unseen since, and out of the picture by now at its pace: it walked (or drove) out, and
        // whoever comes in there later is someone else.
        if (gap_us > m_rules.out_after_us &&
            (expected.x + expected.w < 0.0 || expected.x > m_rules.aspect ||
             expected.y + expected.h < 0.0 || expected.y > 1.0)) {
            return -1.0;
        }
    }
    // Once the track's pace is known, only where it should be now counts: the box of someone
    // walking beside it overlaps where it was as much as its own box does.
    const double iou =
        pace ? box_overlap(expected, b) : std::max(box_overlap(a, b), box_overlap(expected, b));
    if (iou >= m_rules.min_overlap) {
        return 1.0 + iou;
    }
    const double size = std::max({a.w, a.h, b.w, b.h});
    const Point there = centre(expected);
    const Point here = centre(b);
    const double moved = std::hypot(there.x - here.x, there.y - here.y);
    const double fastest = pace ? m_rules.steer
                           : is_vehicle(coco_labels()[static_cast<size_t>(track.label)])
                               ? m_rules.vehicle_speed
                               : m_rules.speed;
    const double allowed = size * (m_rules.reach + fastest * seconds);
    if (moved > allowed) {
        return -1.0;
    }
    return 1.0 - moved / allowed;  // 0..1, below any overlapping match
}

std::vector<int32_t> Tracker::add(int64_t pts_us, const std::vector<Detection>& detections,
                  const std::vector<std::string>& colors) {
    // Boxes that lie mostly within surer boxes (one around two people side by side), and the
    // tracks only such boxes made, are matched after the others, with what those leave: first
    // each person's own box with their own track.
    std::vector<bool> straddles(detections.size());
    for (size_t i = 0; i < detections.size(); ++i) {
        straddles[i] = covered(detections, i) > m_rules.max_covered;
    }
    std::vector<ScoredPair> pairs;  // a: a detection, b: a track
    std::vector<ScoredPair> later;
    for (size_t t = 0; t < m_tracks.size(); ++t) {
        for (size_t i = 0; i < detections.size(); ++i) {
            double score = affinity(m_tracks[t], pts_us, detections[i]);
            if (score >= 0.0) {
                (straddles[i] || m_straddlers_only[t] ? later : pairs).push_back({score, i, t});
            }
        }
    }
    std::vector<int64_t> assigned =
        greedy_match(std::move(pairs), detections.size(), m_tracks.size());
    if (!later.empty()) {
        std::vector<bool> taken(m_tracks.size(), false);
        for (int64_t t : assigned) {
            if (t >= 0) {
                taken[static_cast<size_t>(t)] = true;
            }
        }
        std::erase_if(later,
                      [&](const ScoredPair& p) { return taken[p.b] || assigned[p.a] >= 0; });
        const std::vector<int64_t> rest =
            greedy_match(std::move(later), detections.size(), m_tracks.size());
        for (size_t i = 0; i < assigned.size(); ++i) {
            if (assigned[i] < 0) {
                assigned[i] = rest[i];
            }
        }
    }
    std::vector<int32_t> ids(detections.size(), 0);
    for (size_t i = 0; i < detections.size(); ++i) {
        Sighting sighting{pts_us, detections[i], i < colors.size() ? colors[i] : std::string()};
        if (assigned[i] < 0) {
            Track track;
            track.id = static_cast<int32_t>(m_tracks.size()) + 1;
            track.label = detections[i].label;
            track.first_us = pts_us;
            track.best = sighting;
            m_tracks.push_back(std::move(track));
            m_straddlers_only.push_back(true);
            assigned[i] = static_cast<int64_t>(m_tracks.size()) - 1;
        }
        Track& track = m_tracks[static_cast<size_t>(assigned[i])];
        if (!straddles[i]) {
            m_straddlers_only[static_cast<size_t>(assigned[i])] = false;
        }
        track.last_us = pts_us;
        if (sighting.detection.confidence > track.best.detection.confidence) {
            track.best = sighting;
        }
        track.sightings.push_back(std::move(sighting));
        ids[i] = track.id;
    }
    return ids;
}

std::vector<Track> Tracker::finish() {
    for (Track& track : m_tracks) {
        std::map<std::string, double> votes;
        for (const Sighting& s : track.sightings) {
            votes[s.color] += s.detection.confidence;
        }
        auto best = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
            return a.second < b.second;
        });
        track.color = best != votes.end() ? best->first : std::string();
    }
    return std::move(m_tracks);
}

}  // namespace footage::indexers::objects
