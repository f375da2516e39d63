#pragma once
// Where to look at a frame at its own resolution: windows around what moved since the previous
// sampled frame, so that a person 50 px tall in 1080p is shown to the detector 50 px tall
// rather than shrunk with the whole frame to the network's input.
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace footage::indexers::objects {

struct CropLimits {
    int32_t window = 416;   // a window's side, frame pixels (the network's input: no resizing)
    int32_t max_crops = 3;  // per frame, the windows holding the most motion first
    int32_t min_cells = 2;  // a window must hold this many moving cells (noise holds fewer)
};

// Whether a frame of this size is worth cropping: the whole-frame pass shrinks it by more than
// `worth_scale` (a 768x576 frame, shrunk 1.8x, is not; 1280x720 and 1920x1080 are).
bool crops_worth_it(cv::Size frame, int32_t input_size, double worth_scale = 2.0);

// The windows, in frame pixels (inside the frame, `limits.window` square when the frame is
// that large), that cover the cells where `luma` differs from `previous_luma` (two small grey
// pictures of the same frame size, e.g. 320 wide), most motion first. Motion inside `seen`
// (frame pixels: what the whole-frame pass already found) needs no window.
std::vector<cv::Rect> plan_crops(const cv::Mat& previous_luma, const cv::Mat& luma, cv::Size frame,
                                 const CropLimits& limits = {},
                                 const std::vector<cv::Rect>& seen = {});

}  // namespace footage::indexers::objects
