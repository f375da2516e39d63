#pragma once
// The detector's second look at a frame: native-resolution crops around what moved since the
// previous sampled frame (crop_plan), merged into the whole-frame pass (crop_merge). Only for
// frames much larger than the network's input (1280x720, 1920x1080): a 1080p person 50 px
// tall is shown to the detector 50 px tall instead of 12.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/objects/crop_plan.hpp"
#include "indexers/objects/detector.hpp"
#include "lib/media/color_scaler.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::indexers::objects {

class CropPass {
  public:
    // At most 3 crops a frame; the environment's FOOTAGE_OBJECT_CROPS=N changes that (0: no
    // crops), for bench/detection_bench.sh, which measures what the crops add.
    CropPass();

    // Adds to `found` (fractions of the frame) what `detector` finds on the crops of `frame`
    // around what moved since the frame last passed to remember(). `colors` (as many as
    // `found`, empty when unknown) gets the colour of each box a crop gave, read from the
    // frame's own pixels. Returns the crops examined.
    int32_t detect(const media::LumaFrame& frame, Detector& detector, float min_confidence,
                   std::vector<Detection>& found, std::vector<std::string>& colors);

    // Keeps the frame's small grey picture, to see what moves in the next one.
    void remember(const media::LumaFrame& frame);

  private:
    CropLimits m_limits;
    cv::Mat m_previous;
    media::ColorScaler m_scaler;
};

}  // namespace footage::indexers::objects
