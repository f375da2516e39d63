#include "indexers/objects/crop_merge.hpp"

#include <algorithm>

#include "indexers/objects/box_overlap.hpp"

namespace footage::indexers::objects {

namespace {

constexpr double kEdgePixels = 3.0;  // a box this close to a crop's inner side is cut by it

}  // namespace

bool same_object(const media::Box& a, const media::Box& b) {
    if (box_overlap(a, b) > 0.45) {
        return true;
    }
    const double x0 = std::max(a.x, b.x);
    const double y0 = std::max(a.y, b.y);
    const double x1 = std::min(a.x + a.w, b.x + b.w);
    const double y1 = std::min(a.y + a.h, b.y + b.h);
    const double shared = std::max(0.0, x1 - x0) * std::max(0.0, y1 - y0);
    const double smaller = std::min(a.w * a.h, b.w * b.h);
    return smaller > 0.0 && shared / smaller > 0.8;
}

std::vector<std::pair<size_t, size_t>> merge_crop(std::vector<Detection>& found,
                                                  const std::vector<Detection>& crop_found,
                                                  const cv::Rect& crop, cv::Size frame) {
    const double fw = frame.width;
    const double fh = frame.height;
    std::vector<std::pair<size_t, size_t>> kept;
    for (size_t i = 0; i < crop_found.size(); ++i) {
        const Detection& d = crop_found[i];
        const double x0 = crop.x + d.box.x * crop.width;
        const double y0 = crop.y + d.box.y * crop.height;
        const double x1 = crop.x + (d.box.x + d.box.w) * crop.width;
        const double y1 = crop.y + (d.box.y + d.box.h) * crop.height;
        const bool cut =
            (crop.x > 0 && x0 < crop.x + kEdgePixels) ||
            (crop.y > 0 && y0 < crop.y + kEdgePixels) ||
            (crop.x + crop.width < frame.width && x1 > crop.x + crop.width - kEdgePixels) ||
            (crop.y + crop.height < frame.height && y1 > crop.y + crop.height - kEdgePixels);
        if (cut) {
            continue;
        }
        Detection mapped = d;
        mapped.box = media::Box{x0 / fw, y0 / fh, (x1 - x0) / fw, (y1 - y0) / fh};
        auto twin = std::find_if(found.begin(), found.end(), [&](const Detection& k) {
            return k.label == mapped.label && same_object(k.box, mapped.box);
        });
        if (twin == found.end()) {
            found.push_back(mapped);
            kept.emplace_back(found.size() - 1, i);
        } else if (mapped.confidence > twin->confidence) {
            *twin = mapped;
            kept.emplace_back(static_cast<size_t>(twin - found.begin()), i);
        }
    }
    return kept;
}

}  // namespace footage::indexers::objects
