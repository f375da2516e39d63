#pragma once
// Takes a decoded frame's luma plane and shrinks it to a given width, without a colour
// conversion for the planar YUV formats cameras use.
#include <cstdint>

#include <opencv2/core.hpp>

#include "lib/media/ffmpeg_ptr.hpp"

namespace footage::media {

class LumaScaler {
  public:
    // The height follows the frame's aspect ratio (even); frames narrower than `width` keep
    // their size.
    explicit LumaScaler(int32_t width) : m_width(width) {}

    // The scaled luma; valid until the next call. Throws MediaError for a pixel format that
    // cannot be converted.
    const cv::Mat& scale(const AVFrame& frame);

  private:
    int32_t m_width;
    cv::Mat m_scaled;
    cv::Mat m_padded;
    SwsPtr m_sws;
};

}  // namespace footage::media
