#pragma once
// Where a clock is burned into the picture (a recorder's on-screen display): its seconds digit
// changes once a second for the whole recording, which motion would otherwise report in every
// sample and the still plan in every keyframe. Found by that rhythm alone, in small (320 px
// wide) blurred samples, a few a second, of the recording's first 13 s: pixels that
// change from one sample to the next at least four times, never in two pairs running (what moves
// changes a pixel over several samples), each change a whole number of seconds after the one
// before (the clock may run up to 6% fast or slow). Their densest blob is the seconds' units
// digit (unless they all change at once: a blinking light). The clock's line is the band two
// digit heights tall around it, as far as it holds text (up to 20 digit heights left, for a
// date and a weekday, and 10 right, for AM/PM or a date after the time).
#include <cstdint>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "lib/media/box.hpp"

namespace footage::media {

// The samples the clock is looked for in: the first 65, at 5 a second.
constexpr int32_t kClockSamples = 65;
constexpr int64_t kClockWindowUs = 13'200'000;

struct TimedFrame {
    int64_t pts_us = 0;
    cv::Mat grey;  // CV_8U, every frame the same size
};

struct ClockLine {
    cv::Rect digit;  // the seconds' units digit
    cv::Rect line;   // the band motion ignores
    cv::Size frame;  // of the samples it was found in

    // The band in fractions of the frame.
    Box line_fraction() const;
};

// The clock in `frames` (consecutive samples, at most 65, a few a second), or nothing.
std::optional<ClockLine> find_clock_line(const std::vector<TimedFrame>& frames);

}  // namespace footage::media
