#pragma once
// The grey picture of a decoded frame at its own resolution: the OSD's 14-40 px fonts do not
// survive the pass's downscaled luma.
#include <opencv2/core.hpp>

#include "lib/media/color_scaler.hpp"

struct AVFrame;

namespace footage::indexers::osd {

class NativeLuma {
  public:
    // A copy of the frame's luma plane (8-bit planar or semi-planar YUV and grey), else its
    // colour converted to grey. Throws MediaError for a pixel format that cannot be converted.
    cv::Mat grey(const AVFrame& frame);

  private:
    media::ColorScaler m_scaler;
};

}  // namespace footage::indexers::osd
