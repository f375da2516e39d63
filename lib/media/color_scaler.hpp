#pragma once
// Turns a decoded frame into a BGR image of a given size, in one swscale pass (colour
// conversion and resizing together), for indexers that look at colour.
#include <cstdint>

#include <opencv2/core.hpp>

#include "lib/media/ffmpeg_ptr.hpp"

namespace footage::media {

class ColorScaler {
  public:
    // The frame stretched to width x height, BGR, 8 bits; valid until the next call. Throws
    // MediaError for a pixel format that cannot be converted.
    const cv::Mat& scale(const AVFrame& frame, int32_t width, int32_t height);

  private:
    cv::Mat m_padded;
    cv::Mat m_scaled;
    SwsPtr m_sws;
};

}  // namespace footage::media
