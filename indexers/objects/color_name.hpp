#pragma once
// The dominant colour of an object, as a name from a small fixed palette an investigator uses
// ("a red car"): black, white, grey, red, orange, yellow, green, blue, purple, brown.
#include <span>
#include <string_view>

#include <opencv2/core.hpp>

namespace footage::indexers::objects {

std::span<const std::string_view> color_names();
bool is_color_name(std::string_view name);

// The most common palette colour of the pixels of `bgr` (8-bit BGR) inside `box`, after
// trimming a margin of the box (a detector's box holds background at its edges). Empty for
// an empty box.
std::string_view dominant_color(const cv::Mat& bgr, const cv::Rect& box);

}  // namespace footage::indexers::objects
