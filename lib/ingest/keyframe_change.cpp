#include "lib/ingest/keyframe_change.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace footage::ingest {

namespace {

constexpr int kBlock = 8;             // pixels of the analysed luma per block side
constexpr double kMinChange = 4.0;    // luma levels a block mean must move at least
constexpr double kNoiseFactor = 6.0;  // ... and this many times the blocks' noise

double median_of(std::vector<float>& values) {
    auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

}  // namespace

bool KeyframeChange::differs(const media::LumaFrame& frame) {
    cv::Mat luma(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.data),
                 static_cast<size_t>(frame.stride));
    cv::Mat blocks;
    cv::resize(luma, blocks,
               cv::Size(std::max(1, frame.width / kBlock), std::max(1, frame.height / kBlock)), 0,
               0, cv::INTER_AREA);
    blocks.convertTo(blocks, CV_32F);
    if (m_previous.empty() || m_previous.size() != blocks.size()) {
        m_previous = blocks;
        return true;
    }
    cv::Mat diff = blocks - m_previous;
    m_previous = blocks;
    std::vector<float> values(diff.begin<float>(), diff.end<float>());
    const double shift = median_of(values);
    for (float& value : values) {
        value = static_cast<float>(std::abs(value - shift));
    }
    std::vector<float> spread = values;
    const double sigma = 1.4826 * median_of(spread);
    const double limit = std::max(kMinChange, kNoiseFactor * sigma);
    return std::any_of(values.begin(), values.end(), [&](float d) { return d > limit; });
}

}  // namespace footage::ingest
