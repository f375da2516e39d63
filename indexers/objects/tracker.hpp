#pragma once
// Links one recording's detections into tracks, so that one person walking past is one hit
// rather than one per examined frame. Greedy association of the same class and a like size: by
// overlap with where the track's own speed would have taken it (where it was, until that speed is
// known), else by how far the box is from there, relative to its size, within a gap of a few
// seconds; a box lying mostly within surer boxes (around two people) is matched last.
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

// Lengths are in heights of the frame (a box's x and w are scaled by `aspect`), so that a move
// counts the same across the picture and up it.
struct TrackerRules {
    int64_t max_gap_us = 3'000'000;  // unseen longer than this, a track ends
    double aspect = 1.0;             // the frame's width over its height
    double min_overlap = 0.2;        // IoU, with where the track was or is expected, that links
                                     // boxes of a like size without further question
    // Else the centre may be this far from where the track is expected: (reach + s x gap) box
    // sizes, s being `steer` once the track's own speed is known (it may turn or stop), before
    // that how fast such a thing goes: `speed` (a person running) or `vehicle_speed`.
    double reach = 0.5;
    double steer = 1.0;          // box sizes per second
    double speed = 2.0;          // box sizes per second
    double vehicle_speed = 5.0;  // box sizes per second (a car at 50 km/h covers 3 lengths)
    // A box is not the track's when it is more than `max_resize` times wider, narrower, taller or
    // shorter than the track's boxes of late (the medians of its last five), nor more than
    // `max_joint_resize` times both (a cone is not the person who walked in front of it).
    double max_resize = 2.0;
    double max_joint_resize = 1.5;
    // A box more than this share of which lies within boxes of its class the detector was surer
    // of (one around two people walking side by side) takes a track only after those have.
    double max_covered = 0.5;
    // A track unseen longer than this whose box its pace has taken wholly out of the picture by
    // now has left: it is not continued (the examined frames come every 0.4 s at most).
    int64_t out_after_us = 500'000;
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
    std::vector<bool> m_straddlers_only;  // per track: all its boxes lay mostly within surer ones
};

}  // namespace footage::indexers::objects
