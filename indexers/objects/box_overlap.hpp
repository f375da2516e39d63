#pragma once
// How much two boxes overlap: intersection over union, 0 (apart) .. 1 (the same box).
#include "lib/media/box.hpp"

namespace footage::indexers::objects {

double box_overlap(const media::Box& a, const media::Box& b);

}  // namespace footage::indexers::objects
