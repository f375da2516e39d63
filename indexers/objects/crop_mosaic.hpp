#pragma once
// Several windows of frames at their own resolution in one input of the detector: its time goes
// with the pixels it is shown, so four windows of 208x208 (a walker in 1080p), even from
// different frames, share one pass instead of taking one 416x416 pass each.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/objects/detector.hpp"

namespace footage::indexers::objects {

class Mosaic {
  public:
    static constexpr int32_t kSide = Detector::kInputSize;
    static constexpr int32_t kQuarter = kSide / 2;

    Mosaic();

    // Puts a BGR window (each side kQuarter or kSide, or less) into the first free place that
    // fits it; returns that place in mosaic pixels, nullopt when none is left.
    std::optional<cv::Rect> put(const cv::Mat& window);

    bool empty() const;
    // The detector's input: the windows put, grey elsewhere.
    const cv::Mat& image() const { return m_image; }
    void clear();

    // The boxes of `found` (fractions of the mosaic) whose centre lies in `place`, in fractions
    // of it; a box reaching more than a few pixels past its place's sides spans two windows and
    // is dropped.
    static std::vector<Detection> inside(const std::vector<Detection>& found,
                                         const cv::Rect& place);

  private:
    cv::Mat m_image;
    std::array<bool, 4> m_taken{};  // quarters: top left, top right, bottom left, bottom right
};

}  // namespace footage::indexers::objects
