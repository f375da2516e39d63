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
constexpr double kTextShare = 0.02;   // a clock's changed blocks: at most this share of them
constexpr int kTextRows = 8;          // ... within an eighth of the rows (at least two)

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
        m_diff.release();
        m_changed.release();
        if (!m_ignored.empty() && m_ignored.size() != blocks.size()) {
            m_ignored.release();
        }
        return true;
    }
    m_diff = blocks - m_previous;
    m_previous = blocks;
    return judge();
}

bool KeyframeChange::judge() {
    std::vector<float> values;
    values.reserve(m_diff.total());
    for (int y = 0; y < m_diff.rows; ++y) {
        for (int x = 0; x < m_diff.cols; ++x) {
            if (m_ignored.empty() || m_ignored.at<uint8_t>(y, x) == 0) {
                values.push_back(m_diff.at<float>(y, x));
            }
        }
    }
    m_changed = cv::Mat::zeros(m_diff.size(), CV_8U);
    if (values.empty()) {
        return false;
    }
    const double shift = median_of(values);
    for (float& value : values) {
        value = static_cast<float>(std::abs(value - shift));
    }
    const double sigma = 1.4826 * median_of(values);
    const double limit = std::max(kMinChange, kNoiseFactor * sigma);
    bool any = false;
    for (int y = 0; y < m_diff.rows; ++y) {
        for (int x = 0; x < m_diff.cols; ++x) {
            if ((m_ignored.empty() || m_ignored.at<uint8_t>(y, x) == 0) &&
                std::abs(m_diff.at<float>(y, x) - shift) > limit) {
                m_changed.at<uint8_t>(y, x) = 1;
                any = true;
            }
        }
    }
    return any;
}

bool KeyframeChange::changed_like_text() const {
    if (m_changed.empty()) {
        return false;
    }
    const int count = cv::countNonZero(m_changed);
    if (count == 0 || count > kTextShare * static_cast<double>(m_changed.total())) {
        return false;
    }
    const cv::Rect band = cv::boundingRect(m_changed);
    return band.height <= std::max(2, m_changed.rows / kTextRows);
}

bool KeyframeChange::ignore(const media::Box& region) {
    if (m_previous.empty()) {
        return true;
    }
    if (m_ignored.empty()) {
        m_ignored = cv::Mat::zeros(m_previous.size(), CV_8U);
    }
    const int cols = m_previous.cols;
    const int rows = m_previous.rows;
    const int x0 = std::clamp(static_cast<int>(std::floor(region.x * cols)), 0, cols);
    const int y0 = std::clamp(static_cast<int>(std::floor(region.y * rows)), 0, rows);
    const int x1 = std::clamp(static_cast<int>(std::ceil((region.x + region.w) * cols)), 0, cols);
    const int y1 = std::clamp(static_cast<int>(std::ceil((region.y + region.h) * rows)), 0, rows);
    if (x1 > x0 && y1 > y0) {
        m_ignored(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(1);
    }
    return m_diff.empty() ? true : judge();
}

}  // namespace footage::ingest
