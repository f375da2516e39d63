#pragma once
// Finds the OSD clock's seconds digit: the one place in the picture whose pixels change exactly
// once a second. Yields the clock's rate and phase against the video time and the digit's box.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace footage::indexers::osd {

constexpr size_t kMaxPairs = 64;  // one bit per pair of consecutive samples

struct Frame {
    int64_t pts_us = 0;
    double t = 0.0;  // seconds
    cv::Mat grey;
};

struct Period {
    double rate = 1.0;            // OSD seconds per video second
    double phase = 0.0;           // the OSD's second changes where rate * t + phase is whole
    uint64_t boundary_pairs = 0;  // bit i: frames i and i + 1 straddle a change
    cv::Mat seconds_mask;         // CV_8U: pixels that change exactly when the seconds do
    int pixels = 0;
    cv::Rect box;  // the seconds' units digit
};

inline int64_t floor_div(double x) { return static_cast<int64_t>(std::floor(x)); }

// The frames to learn from, starting at `start`: at least 0.15 s apart (denser sampling adds
// nothing but pairs) over at most `seconds`; where those are more than kMaxPairs, an even spread
// of them over the whole stretch (at 5 frames a second the first 64 would end at 12.8 s, short
// of what a clock that is legible only now and then needs).
std::vector<size_t> learning_window(const std::vector<Frame>& frames, size_t start, double seconds);

enum class Changes {
    strong,     // from one tone to another by at least 40 grey levels
    faint_too,  // and, with its neighbours, by a few noise levels beside near white or black
};

// Per pixel: one bit per consecutive pair of `window` (at most kMaxPairs + 1 frames) where it
// changed strongly, from one tone to another (or faintly too: text of the background's own
// tone, plain white text over a bright sky).
std::vector<uint64_t> change_bits(const std::vector<Frame>& window,
                                  Changes which = Changes::strong);

// Whether a pixel's changes fall on the boundaries: at least `min_changes` there, few elsewhere.
bool follows(uint64_t bits, uint64_t boundary_pairs, int min_changes);

// Whether columns `x0` up to the units' box (period.box), in its rows, hold the seconds' tens
// (a dotted font's digits touch, so one run of ink holds both): as many pixels as the box is
// tall change on the seconds' boundaries only, but at under half of them (a tens digit changes
// once in ten seconds; the units' own ink that the changes missed changes at most of them).
// `bits` as change_bits gave them for frames `width` pixels wide.
bool tens_left_of_units(const std::vector<uint64_t>& bits, int width, const Period& period, int x0);

// The clock's rate and phase and its seconds digit, or nothing when no part of the picture
// changes once a second. `bits` are the strong changes; where they show no clock, the faint
// ones are looked at too (the period's seconds_mask then holds faint changes).
std::optional<Period> find_period(const std::vector<Frame>& window,
                                  const std::vector<uint64_t>& bits);

}  // namespace footage::indexers::osd
