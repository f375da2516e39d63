#include "indexers/objects/class_defaults.hpp"

#include <array>

#include "indexers/objects/coco_labels.hpp"

namespace footage::indexers::objects {

namespace {

constexpr std::array<std::string_view, 5> kVehicles = {"bicycle", "car", "motorcycle", "bus",
                                                       "truck"};

}  // namespace

bool is_vehicle(std::string_view label) {
    for (std::string_view v : kVehicles) {
        if (v == label) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> classes_of(std::string_view name) {
    if (name == "vehicle") {
        return {kVehicles.begin(), kVehicles.end()};
    }
    if (coco_label_index(name)) {
        return {std::string(name)};
    }
    return {};
}

double default_min_confidence(std::string_view label) {
    if (label == "person" || label == "bus") {
        return 0.4;
    }
    return is_vehicle(label) ? 0.3 : 0.5;
}

}  // namespace footage::indexers::objects
