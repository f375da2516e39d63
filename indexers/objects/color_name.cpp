#include "indexers/objects/color_name.hpp"

#include <algorithm>
#include <array>

#include <opencv2/imgproc.hpp>

namespace footage::indexers::objects {

namespace {

enum Color {
    kBlack,
    kWhite,
    kGrey,
    kRed,
    kOrange,
    kYellow,
    kGreen,
    kBlue,
    kPurple,
    kBrown,
    kCount
};

constexpr std::array<std::string_view, kCount> kNames = {
    "black", "white", "grey", "red", "orange", "yellow", "green", "blue", "purple", "brown"};

// OpenCV's 8-bit HSV: hue 0..179 (degrees / 2), saturation and value 0..255.
Color classify(uint8_t hue, uint8_t saturation, uint8_t value) {
    if (value < 50) {
        return kBlack;
    }
    if (saturation < 50) {
        return value > 190 ? kWhite : (value < 80 ? kBlack : kGrey);
    }
    if (hue < 10 || hue >= 165) {
        return value < 110 && saturation < 180 ? kBrown : kRed;
    }
    if (hue < 22) {
        return value < 160 ? kBrown : kOrange;
    }
    if (hue < 34) {
        return value < 120 ? kBrown : kYellow;
    }
    if (hue < 85) {
        return kGreen;
    }
    if (hue < 130) {
        return kBlue;
    }
    return kPurple;
}

}  // namespace

std::span<const std::string_view> color_names() { return kNames; }

bool is_color_name(std::string_view name) {
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

std::string_view dominant_color(const cv::Mat& bgr, const cv::Rect& box) {
    cv::Rect inside = box & cv::Rect(0, 0, bgr.cols, bgr.rows);
    // The middle of the box: 20% off each side, 10% off the top and bottom.
    cv::Rect core(inside.x + inside.width / 5, inside.y + inside.height / 10,
                  inside.width - 2 * (inside.width / 5), inside.height - 2 * (inside.height / 10));
    if (core.width <= 0 || core.height <= 0) {
        core = inside;
    }
    if (core.width <= 0 || core.height <= 0) {
        return {};
    }
    cv::Mat hsv;
    cv::cvtColor(bgr(core), hsv, cv::COLOR_BGR2HSV);
    std::array<int32_t, kCount> votes{};
    for (int32_t y = 0; y < hsv.rows; ++y) {
        const cv::Vec3b* row = hsv.ptr<cv::Vec3b>(y);
        for (int32_t x = 0; x < hsv.cols; ++x) {
            ++votes[classify(row[x][0], row[x][1], row[x][2])];
        }
    }
    auto best = std::max_element(votes.begin(), votes.end());
    return kNames[static_cast<size_t>(best - votes.begin())];
}

}  // namespace footage::indexers::objects
