#pragma once
// The detector's look at frames much larger than its input (1280x720, 1920x1080) where they
// move: windows of the frame at its own resolution around what moved since the previous
// sampled frame (crop_plan), packed with other windows, of this frame or the next ones, into
// one input of the detector (crop_mosaic), and merged into the whole-frame pass (crop_merge).
// A 1080p person 50 px tall is shown to the detector 50 px tall instead of 12.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/objects/crop_mosaic.hpp"
#include "indexers/objects/crop_plan.hpp"
#include "indexers/objects/detector.hpp"
#include "lib/media/box.hpp"
#include "lib/media/color_scaler.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::indexers::objects {

// A picture the detector was shown (a whole frame stretched to its input, or a mosaic of
// windows): what a box's appearance is taken from.
struct Shown {
    cv::Mat image;  // BGR, as the detector saw it
};

// Where one box was seen: the picture, and the box in fractions of it.
struct View {
    std::shared_ptr<const Shown> picture;  // null: nowhere
    media::Box box;
};

// What the detector found on one examined frame: boxes in fractions of the frame, the colour
// of each (empty when unknown) and where each was seen.
struct LookedAt {
    int64_t pts_us = 0;
    std::vector<Detection> found;
    std::vector<std::string> colors;
    std::vector<View> views;
};

class CropPass {
  public:
    // At most 3 windows of 416x416 a frame (or as many pixels in smaller ones); the
    // environment's FOOTAGE_OBJECT_CROPS=N changes that (0: no windows), for
    // bench/detection_bench.sh, which measures what the windows add.
    CropPass();

    // Whether frames like this one get windows at all.
    bool applies(const media::LumaFrame& frame) const;

    // The windows around what moved since the frame last passed to remember(), beside what
    // `found` (the whole-frame pass's boxes, fractions of the frame) already holds surely.
    CropPlan plan(const media::LumaFrame& frame, const std::vector<Detection>& found) const;

    // Queues the frame, with what the whole-frame pass found on it (or nothing), for the
    // detector to look at the windows of `plan`. A mosaic is looked at as soon as it is full.
    void add(const media::LumaFrame& frame, const CropPlan& plan, LookedAt whole,
             Detector& detector, float min_confidence);

    // The frames whose windows have all been looked at, in the order they were added, taken
    // out of the pass. With `all`, a mosaic not yet full is looked at first (the recording ends).
    std::vector<LookedAt> done(Detector* detector, float min_confidence, bool all);

    // A part of the picture (fractions of the frame) whose changes need no window from now on:
    // a burned-in clock's line.
    void ignore(const media::Box& region) { m_ignored = region; }

    // Keeps the frame's small grey picture, to see what moves in the next one.
    void remember(const media::LumaFrame& frame);

    // Whether a frame was remembered: plan() can see what moves.
    bool has_previous() const { return !m_previous.empty(); }

    // How many inputs the detector has been shown windows in: what the windows cost.
    int64_t looks() const { return m_looks; }

  private:
    struct Pending {
        LookedAt result;
        cv::Size size;
        int32_t waiting = 0;  // its windows not yet looked at
    };
    struct Tile {
        size_t frame = 0;  // in m_pending, counted from m_first
        cv::Rect window;   // frame pixels
        cv::Rect place;    // mosaic pixels
        cv::Mat bgr;
    };
    // One input of the detector being filled, and what it holds.
    struct Batch {
        Mosaic mosaic;
        std::vector<Tile> tiles;
    };

    void look(Batch& batch, Detector& detector, float min_confidence);

    CropLimits m_limits;
    cv::Mat m_previous;
    media::ColorScaler m_scaler;
    // Windows shown at a quarter of the input share one; a window shown at the whole input is
    // looked at alone, in its own, so that it does not send the quarters already put to the
    // detector a mosaic half empty (a group in 1080p next to lone walkers, frame after frame).
    Batch m_quarters;
    Batch m_whole;
    std::deque<Pending> m_pending;
    size_t m_first = 0;  // the number of frames taken out by done()
    int64_t m_looks = 0;
    std::optional<media::Box> m_ignored;
};

}  // namespace footage::indexers::objects
