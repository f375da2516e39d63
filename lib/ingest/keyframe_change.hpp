#pragma once
// Whether a keyframe shows anything that the previous keyframe does not: compares coarse
// block means after removing the global brightness shift, against the measured noise. A region
// can be left out: a clock burned into the picture shows another time in every keyframe.
#include <cstdint>

#include <opencv2/core.hpp>

#include "lib/media/box.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::ingest {

class KeyframeChange {
  public:
    // True when `frame` differs from the keyframe given before it (always true for the first).
    bool differs(const media::LumaFrame& frame);

    // Whether the last comparison's changed blocks are few and lie in one short band of rows,
    // as a clock's ticking digits do (or something small that moved).
    bool changed_like_text() const;

    // Leaves the blocks touching `region` (fractions of the frame) out of every comparison from
    // now on, and returns the last comparison judged again without them.
    bool ignore(const media::Box& region);

  private:
    bool judge();

    cv::Mat m_previous;  // CV_32F block means
    cv::Mat m_diff;      // CV_32F, the last comparison's differences
    cv::Mat m_changed;   // CV_8U, the blocks the last comparison found changed
    cv::Mat m_ignored;   // CV_8U, blocks left out; empty: none
};

}  // namespace footage::ingest
