#include "indexers/objects/coco_labels.hpp"

#include <array>

namespace footage::indexers::objects {

namespace {

constexpr std::array<std::string_view, 80> kLabels = {
    "person",        "bicycle",      "car",
    "motorcycle",    "airplane",     "bus",
    "train",         "truck",        "boat",
    "traffic light", "fire hydrant", "stop sign",
    "parking meter", "bench",        "bird",
    "cat",           "dog",          "horse",
    "sheep",         "cow",          "elephant",
    "bear",          "zebra",        "giraffe",
    "backpack",      "umbrella",     "handbag",
    "tie",           "suitcase",     "frisbee",
    "skis",          "snowboard",    "sports ball",
    "kite",          "baseball bat", "baseball glove",
    "skateboard",    "surfboard",    "tennis racket",
    "bottle",        "wine glass",   "cup",
    "fork",          "knife",        "spoon",
    "bowl",          "banana",       "apple",
    "sandwich",      "orange",       "broccoli",
    "carrot",        "hot dog",      "pizza",
    "donut",         "cake",         "chair",
    "couch",         "potted plant", "bed",
    "dining table",  "toilet",       "tv",
    "laptop",        "mouse",        "remote",
    "keyboard",      "cell phone",   "microwave",
    "oven",          "toaster",      "sink",
    "refrigerator",  "book",         "clock",
    "vase",          "scissors",     "teddy bear",
    "hair drier",    "toothbrush",
};

}  // namespace

std::span<const std::string_view> coco_labels() { return kLabels; }

std::optional<int32_t> coco_label_index(std::string_view name) {
    for (size_t i = 0; i < kLabels.size(); ++i) {
        if (kLabels[i] == name) {
            return static_cast<int32_t>(i);
        }
    }
    return std::nullopt;
}

}  // namespace footage::indexers::objects
