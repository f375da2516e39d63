#include "indexers/objects/crop_mosaic.hpp"

#include <algorithm>

namespace footage::indexers::objects {

namespace {

constexpr double kSlackPixels = 3.0;  // a box may pass its place's side by this much
const cv::Scalar kGrey(114, 114, 114);

}  // namespace

Mosaic::Mosaic() : m_image(kSide, kSide, CV_8UC3, kGrey) {}

std::optional<cv::Rect> Mosaic::put(const cv::Mat& window) {
    if (window.empty() || window.cols > kSide || window.rows > kSide) {
        return std::nullopt;
    }
    const int32_t cols = window.cols > kQuarter ? 2 : 1;
    const int32_t rows = window.rows > kQuarter ? 2 : 1;
    for (int32_t row = 0; row + rows <= 2; ++row) {
        for (int32_t col = 0; col + cols <= 2; ++col) {
            bool free = true;
            for (int32_t r = row; r < row + rows; ++r) {
                for (int32_t c = col; c < col + cols; ++c) {
                    free = free && !m_taken[static_cast<size_t>(r * 2 + c)];
                }
            }
            if (!free) {
                continue;
            }
            for (int32_t r = row; r < row + rows; ++r) {
                for (int32_t c = col; c < col + cols; ++c) {
                    m_taken[static_cast<size_t>(r * 2 + c)] = true;
                }
            }
            const cv::Rect place(col * kQuarter, row * kQuarter, window.cols, window.rows);
            window.copyTo(m_image(place));
            return place;
        }
    }
    return std::nullopt;
}

bool Mosaic::empty() const {
    return std::none_of(m_taken.begin(), m_taken.end(), [](bool taken) { return taken; });
}

void Mosaic::clear() {
    m_image.setTo(kGrey);
    m_taken.fill(false);
}

std::vector<Detection> Mosaic::inside(const std::vector<Detection>& found, const cv::Rect& place) {
    std::vector<Detection> in_place;
    for (const Detection& d : found) {
        const double x0 = d.box.x * kSide;
        const double y0 = d.box.y * kSide;
        const double x1 = (d.box.x + d.box.w) * kSide;
        const double y1 = (d.box.y + d.box.h) * kSide;
        const double cx = (x0 + x1) / 2;
        const double cy = (y0 + y1) / 2;
        if (cx < place.x || cx >= place.x + place.width || cy < place.y ||
            cy >= place.y + place.height) {
            continue;
        }
        if (x0 < place.x - kSlackPixels || y0 < place.y - kSlackPixels ||
            x1 > place.x + place.width + kSlackPixels ||
            y1 > place.y + place.height + kSlackPixels) {
            continue;
        }
        const double left = std::max(x0, static_cast<double>(place.x));
        const double top = std::max(y0, static_cast<double>(place.y));
        const double right = std::min(x1, static_cast<double>(place.x + place.width));
        const double bottom = std::min(y1, static_cast<double>(place.y + place.height));
        Detection mapped = d;
        mapped.box = media::Box{(left - place.x) / place.width, (top - place.y) / place.height,
                                (right - left) / place.width, (bottom - top) / place.height};
        in_place.push_back(mapped);
    }
    return in_place;
}

}  // namespace footage::indexers::objects
