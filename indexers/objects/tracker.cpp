#include "indexers/objects/tracker.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "indexers/objects/box_overlap.hpp"
#include "indexers/objects/greedy_match.hpp"

namespace footage::indexers::objects {

// Higher is a better match; negative: these cannot be the same object.
double Tracker::affinity(const Track& track, int64_t pts_us, const Detection& d) const {
    const Sighting& last = track.sightings.back();
    int64_t gap_us = pts_us - last.pts_us;
    if (track.label != d.label || gap_us <= 0 || gap_us > m_rules.max_gap_us) {
        return -1.0;
    }
    const media::Box& a = last.detection.box;
    const media::Box& b = d.box;
    double iou = box_overlap(a, b);
    if (iou >= m_rules.min_overlap) {
        return 1.0 + iou;
    }
    double size = std::max({a.w, a.h, b.w, b.h});
    double moved = std::hypot((a.x + a.w / 2) - (b.x + b.w / 2), (a.y + a.h / 2) - (b.y + b.h / 2));
    double allowed = size * (m_rules.reach + m_rules.speed * static_cast<double>(gap_us) / 1e6);
    if (size <= 0.0 || moved > allowed) {
        return -1.0;
    }
    return 1.0 - moved / allowed;  // 0..1, below any overlapping match
}

std::vector<int32_t> Tracker::add(int64_t pts_us, const std::vector<Detection>& detections,
                  const std::vector<std::string>& colors) {
    std::vector<ScoredPair> pairs;  // a: a detection, b: a track
    for (size_t t = 0; t < m_tracks.size(); ++t) {
        for (size_t i = 0; i < detections.size(); ++i) {
            double score = affinity(m_tracks[t], pts_us, detections[i]);
            if (score >= 0.0) {
                pairs.push_back({score, i, t});
            }
        }
    }
    std::vector<int64_t> assigned =
        greedy_match(std::move(pairs), detections.size(), m_tracks.size());
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
            assigned[i] = static_cast<int64_t>(m_tracks.size()) - 1;
        }
        Track& track = m_tracks[static_cast<size_t>(assigned[i])];
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
