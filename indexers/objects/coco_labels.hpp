#pragma once
// The 80 COCO object classes, in the order detectors trained on COCO number them.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace footage::indexers::objects {

std::span<const std::string_view> coco_labels();
// The class number of `name` ("person", "car", "traffic light"), if COCO has it.
std::optional<int32_t> coco_label_index(std::string_view name);

}  // namespace footage::indexers::objects
