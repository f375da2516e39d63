#pragma once
// What the objects indexer knows of a track while it is live (not yet ended by the tracker's
// gap): its last box and speed, from which it judges where the track should be by now, whether
// it has left the picture, whether a window of the crop pass covers it, and whether what moves in
// a window is that track alone, walking steadily (then the window is looked at every other time).
#include <cstdint>
#include <map>
#include <vector>

#include <opencv2/core.hpp>

#include "lib/media/box.hpp"

namespace footage::indexers::objects {

struct LiveTrack {
    int64_t last_us = 0;
    int32_t sightings = 0;
    media::Box box;   // its last box, fractions of the frame
    double vx = 0.0;  // its box's centre's speed, fractions of the frame a second
    double vy = 0.0;
    int64_t sought_us = -1;  // when it was last looked for again
};

// Where the track's box should be by now, moved on at its last speed (fractions).
media::Box expected_box(const LiveTrack& track, int64_t pts_us);

// Whether the track is out of the picture by now (it walked or drove out of a side).
bool gone(const LiveTrack& track, int64_t pts_us);

// Whether a window (frame pixels) covers where the track should be by now, with its own size of
// margin around it: then the detector looks there anyway.
bool held(const LiveTrack& track, int64_t pts_us, cv::Size frame,
          const std::vector<cv::Rect>& windows);

// Whether the track moves steadily enough to be followed without looking every time: seen at
// least twice, the last time at most 2 s ago (the crop pass's mosaics hand their boxes on up to
// four looks later), and moving at most 1.5 of its larger side a second (a walker; a car
// crossing the picture is faster).
bool steady(const LiveTrack& track, int64_t pts_us, cv::Size frame);

// Whether each window (frame pixels) holds where one live track should be by now, and no other
// (two may swap, or hide a third), that track is steady, and the window is no more than 1.3
// times one around it alone (a side of twice its larger side, or `lone_side`): a person coming
// up beside it makes it larger. Then the detector would find there what the tracker already
// follows. False without windows.
bool followed(const std::vector<cv::Rect>& windows, const std::map<int32_t, LiveTrack>& live,
              int64_t pts_us, cv::Size frame, double lone_side);

}  // namespace footage::indexers::objects
