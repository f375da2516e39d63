#pragma once
// Links one recording's detections into tracks, so that one person walking past is one hit
// rather than one per examined frame. Greedy association of the same class: by overlap, else
// by the distance the box moved relative to its size, within a gap of a few seconds.
#include <cstdint>
#include <string>
#include <vector>

#include "indexers/objects/detector.hpp"

namespace footage::indexers::objects {

struct Sighting {
    int64_t pts_us = 0;  // from the recording's start
    Detection detection;
    std::string color;
};

struct Track {
    int32_t id = 0;  // 1, 2, ... in order of first sighting
    int32_t label = 0;
    int64_t first_us = 0;
    int64_t last_us = 0;
    Sighting best;                    // the most confident sighting
    std::string color;                // the colour most sightings agree on (confidence-weighted)
    std::vector<Sighting> sightings;  // in time order
};

struct TrackerRules {
    int64_t max_gap_us = 3'000'000;  // unseen longer than this, a track ends
    double min_overlap = 0.2;        // IoU that links boxes without further question
    double reach = 1.0;              // else: centre moved at most (reach + speed x gap) sizes
    double speed = 2.0;              // box sizes per second
};

class Tracker {
  public:
    explicit Tracker(TrackerRules rules = {}) : m_rules(rules) {}

    // The detections of one examined frame; frames in time order. Returns the track ID each
    // detection joined (or started), in their order.
    std::vector<int32_t> add(int64_t pts_us, const std::vector<Detection>& detections,
             const std::vector<std::string>& colors);

    // Every track, finished, in order of first sighting.
    std::vector<Track> finish();

  private:
    double affinity(const Track& track, int64_t pts_us, const Detection& d) const;

    TrackerRules m_rules;
    std::vector<Track> m_tracks;
};

}  // namespace footage::indexers::objects
