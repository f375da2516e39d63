#pragma once
// Where to look at a frame at its own resolution: windows around what moved since the previous
// sampled frame, so that a person 50 px tall in 1080p is shown to the detector 50 px tall
// rather than shrunk with the whole frame to the network's input.
#include <cstdint>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace footage::indexers::objects {

struct CropLimits {
    int32_t window = 416;     // a window's largest side, frame pixels
    int32_t shown = 208;      // the side the detector is shown a window at (crop_mosaic): a
                              // window that fits is this large, one up to max_shrink times
                              // larger is shrunk to it, a larger one is `window` at its own size
    double max_shrink = 1.3;  // (shrunk 1.6x, a tight group of people 70 px tall was missed)
    int32_t max_crops = 3;    // per frame, in the detector's inputs (each four windows of the
                              // shown size or one of `window`, see crop_mosaic), most motion first
    int32_t min_cells = 2;    // a window must hold this many moving cells (noise holds fewer)
    // A window around an object already found (look_again_window) may be shrunk further, as
    // long as the object's shorter side stays this many pixels (large for the detector, which
    // finds a person 32 px tall in its input).
    double keep_side = 64.0;
};

struct CropPlan {
    std::vector<cv::Rect> windows;  // frame pixels, most motion first
    std::vector<int32_t> shown;     // the side each window is shown to the detector at
    // Moving cells in groups of at least `min_cells` that no window and no `seen` box holds
    // (the limit was reached, or so much moved that the light or the camera must have changed):
    // the whole frame must be looked at for them.
    int32_t uncovered_cells = 0;
};

// Whether a frame of this size is worth cropping: the whole-frame pass shrinks it by more than
// `worth_scale` (a 768x576 frame, shrunk 1.8x, is not; 1280x720 and 1920x1080 are).
bool crops_worth_it(cv::Size frame, int32_t input_size, double worth_scale = 2.0);

// The windows, in frame pixels (inside the frame), that cover the cells where `luma` differs
// from `previous_luma` (two small grey pictures of the same frame size, e.g. 320 wide), most
// motion first. Each is square: `limits.shown` a side when what moved there fits with a margin
// (a walker 100 px tall needs no 416 px window: the network's time goes with the pixels it is
// shown), else just large enough up to max_shrink times that, else `limits.window`. Motion
// inside `seen` (frame pixels: what the whole-frame pass already found) needs no window.
CropPlan plan_windows(const cv::Mat& previous_luma, const cv::Mat& luma, cv::Size frame,
                      const CropLimits& limits = {}, const std::vector<cv::Rect>& seen = {});

// Where to look again for an object last seen at `box` (frame pixels) that went unseen:
// a square window centred on it, holding it with half its larger side of margin (at least
// `limits.shown` a side, inside the frame), and the side it is shown at: `limits.shown` when
// that shrinks it at most max_shrink times, or more while the box's shorter side keeps
// `limits.keep_side` pixels, else its own. Nullopt when the window would be larger than
// `limits.window` (the whole frame must look).
struct LookAgain {
    cv::Rect window;
    int32_t shown = 0;
};
std::optional<LookAgain> look_again_window(const cv::Rect& box, cv::Size frame,
                                           const CropLimits& limits = {});

// How many cells (4x4 pixels of the small grey pictures) differ between two small grey pictures
// of the same size by more than sensor noise: 0 when nothing in the picture changed.
int32_t moving_cell_count(const cv::Mat& previous_luma, const cv::Mat& luma);

// plan_windows(...).windows.
std::vector<cv::Rect> plan_crops(const cv::Mat& previous_luma, const cv::Mat& luma, cv::Size frame,
                                 const CropLimits& limits = {},
                                 const std::vector<cv::Rect>& seen = {});

}  // namespace footage::indexers::objects
