#pragma once
// Joins what the detector found on a crop of the frame to what it found on the whole frame.
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/objects/detector.hpp"

namespace footage::indexers::objects {

// `crop_found` (boxes in fractions of `crop`, a window of the frame in frame pixels) is mapped
// to fractions of the frame and merged into `found`: a box that touches a side of the crop
// inside the frame is dropped (the object is cut there; the whole-frame pass or another crop
// sees it whole), and of two boxes of one class on the same object, the more confident stays.
// Returns, for each crop box kept, its place in `found` and in `crop_found`.
std::vector<std::pair<size_t, size_t>> merge_crop(std::vector<Detection>& found,
                                                  const std::vector<Detection>& crop_found,
                                                  const cv::Rect& crop, cv::Size frame);

// Whether two boxes are one object for merging passes: they overlap by IoU above 0.45, or
// the smaller lies mostly (80%) inside the larger (a coarse whole-frame box around a fine one).
bool same_object(const media::Box& a, const media::Box& b);

}  // namespace footage::indexers::objects
