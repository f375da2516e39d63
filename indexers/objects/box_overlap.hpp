#pragma once
// How much two boxes overlap: intersection over union, 0 (apart) .. 1 (the same box).
#include "indexers/motion/events.hpp"

namespace footage::indexers::objects {

double box_overlap(const motion::Box& a, const motion::Box& b);

}  // namespace footage::indexers::objects
