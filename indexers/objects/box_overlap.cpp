#include "indexers/objects/box_overlap.hpp"

#include <algorithm>

namespace footage::indexers::objects {

double box_overlap(const media::Box& a, const media::Box& b) {
    double x0 = std::max(a.x, b.x);
    double y0 = std::max(a.y, b.y);
    double x1 = std::min(a.x + a.w, b.x + b.w);
    double y1 = std::min(a.y + a.h, b.y + b.h);
    double shared = std::max(0.0, x1 - x0) * std::max(0.0, y1 - y0);
    double total = a.w * a.h + b.w * b.h - shared;
    return total > 0.0 ? shared / total : 0.0;
}

}  // namespace footage::indexers::objects
