#pragma once
// Whether a keyframe shows anything that the previous keyframe does not: compares coarse
// block means after removing the global brightness shift, against the measured noise.
#include <cstdint>

#include <opencv2/core.hpp>

#include "lib/media/frame_source.hpp"

namespace footage::ingest {

class KeyframeChange {
  public:
    // True when `frame` differs from the keyframe given before it (always true for the first).
    bool differs(const media::LumaFrame& frame);

  private:
    cv::Mat m_previous;  // CV_32F block means
};

}  // namespace footage::ingest
