#pragma once
// Where in the picture something is, for a reader who is not an engineer: words ("in the top
// left of the picture, about a tenth of it") and a small inline SVG of the frame with the area
// drawn in, instead of fractions.
#include <string>

#include "lib/media/box.hpp"

namespace footage::report {

// E.g. "the top left of the picture, about 10% of it"; "the whole picture".
std::string place_in_words(const media::Box& box);

// An inline <svg> (no external references) of a 16:9 frame with `box` filled in.
std::string frame_sketch_svg(const media::Box& box);

}  // namespace footage::report
