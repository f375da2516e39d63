#pragma once
// Where in the picture something is, for a reader who is not an engineer: words ("in the top
// left of the picture, about a tenth of it") and a small inline SVG of the frame with the area
// drawn in, instead of fractions.
#include <string>

#include "indexers/motion/events.hpp"

namespace footage::report {

// E.g. "the top left of the picture, about 10% of it"; "the whole picture".
std::string place_in_words(const indexers::motion::Box& box);

// An inline <svg> (no external references) of a 16:9 frame with `box` filled in.
std::string frame_sketch_svg(const indexers::motion::Box& box);

}  // namespace footage::report
