#include "indexers/motion/motion_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace footage::indexers::motion {

MotionModel::MotionModel(const ModelParams& params) : m_params(params) {
    m_grid.assign(static_cast<size_t>(params.cols) * static_cast<size_t>(params.rows), 0);
}

// The starting background: the per-pixel median of the buffered samples, so that an object
// that moves during them is left out. Then the buffered samples are compared with it in order.
void MotionModel::start(const GridCallback& emit) {
    std::vector<Startup> startup = std::move(m_startup);
    m_startup.clear();
    if (startup.empty()) {
        return;
    }
    const cv::Mat& first = startup.front().blurred;
    m_background.create(first.size(), CV_32F);
    std::vector<uint8_t> values(startup.size());
    for (int32_t y = 0; y < first.rows; ++y) {
        float* background = m_background.ptr<float>(y);
        for (int32_t x = 0; x < first.cols; ++x) {
            for (size_t i = 0; i < startup.size(); ++i) {
                values[i] = startup[i].blurred.ptr<uint8_t>(y)[x];
            }
            std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
            background[x] = values[values.size() / 2];
        }
    }
    first.copyTo(m_previous);
    m_still_for = cv::Mat::zeros(first.size(), CV_8U);
    m_cell_of_column.resize(static_cast<size_t>(first.cols));
    m_cell_of_row.resize(static_cast<size_t>(first.rows));
    for (int32_t x = 0; x < first.cols; ++x) {
        m_cell_of_column[static_cast<size_t>(x)] = x * m_params.cols / first.cols;
    }
    for (int32_t y = 0; y < first.rows; ++y) {
        m_cell_of_row[static_cast<size_t>(y)] = y * m_params.rows / first.rows;
    }
    m_cell_pixels.assign(m_grid.size(), 0);
    for (int32_t y = 0; y < first.rows; ++y) {
        for (int32_t x = 0; x < first.cols; ++x) {
            ++m_cell_pixels[static_cast<size_t>(m_cell_of_row[static_cast<size_t>(y)] *
                                                    m_params.cols +
                                                m_cell_of_column[static_cast<size_t>(x)])];
        }
    }
    m_sigma = -1.0;
    for (const Startup& sample : startup) {
        compare(sample.blurred, sample.pts_us, emit);
    }
}

// The median of (frame - background) is the global lighting shift; the median absolute
// deviation around it measures the noise. Both from every other pixel of every other row.
void MotionModel::measure_shift(const cv::Mat& blurred) {
    std::array<int32_t, 511> histogram{};
    int32_t samples = 0;
    for (int32_t y = 0; y < blurred.rows; y += 2) {
        const uint8_t* pixel = blurred.ptr<uint8_t>(y);
        const float* background = m_background.ptr<float>(y);
        for (int32_t x = 0; x < blurred.cols; x += 2) {
            int32_t delta = static_cast<int32_t>(std::lround(pixel[x] - background[x]));
            ++histogram[static_cast<size_t>(std::clamp(delta, -255, 255) + 255)];
            ++samples;
        }
    }
    auto median_of = [&](const std::array<int32_t, 511>& counts) {
        int32_t seen = 0;
        for (size_t i = 0; i < counts.size(); ++i) {
            seen += counts[i];
            if (2 * seen >= samples) {
                return static_cast<int32_t>(i);
            }
        }
        return static_cast<int32_t>(counts.size() - 1);
    };
    int32_t shift = median_of(histogram) - 255;
    std::array<int32_t, 511> deviations{};
    for (size_t i = 0; i < histogram.size(); ++i) {
        int32_t deviation = std::abs(static_cast<int32_t>(i) - 255 - shift);
        deviations[static_cast<size_t>(deviation)] += histogram[i];
    }
    double sigma = 1.4826 * median_of(deviations);
    m_shift = shift;
    m_sigma = m_sigma < 0.0 ? sigma : 0.9 * m_sigma + 0.1 * sigma;
}

void MotionModel::update(const media::LumaFrame& frame, const GridCallback& emit) {
    cv::Mat luma(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.data),
                 static_cast<size_t>(frame.stride));
    cv::GaussianBlur(luma, m_blurred, cv::Size(3, 3), 0);
    if (!m_background.empty() && m_background.size() != m_blurred.size()) {
        forget_clock(emit);
        m_background.release();  // the stream changed size: start again
    }
    if (m_background.empty()) {
        if (!m_startup.empty() && m_startup.front().blurred.size() != m_blurred.size()) {
            start(emit);
            forget_clock(emit);
            m_background.release();
        }
        m_startup.push_back(Startup{frame.pts_us, m_blurred.clone()});
        if (static_cast<int32_t>(m_startup.size()) >= m_params.startup_samples) {
            start(emit);
        }
        return;
    }
    compare(m_blurred, frame.pts_us, emit);
}

void MotionModel::flush(const GridCallback& emit) {
    if (m_background.empty()) {
        start(emit);
    }
    if (!m_clock_settled) {
        settle_clock(emit);
    }
}

// Looks for the clock in the samples held so far, then lets their grids out without its line.
void MotionModel::settle_clock(const GridCallback& emit) {
    m_clock = media::find_clock_line(m_clock_samples);
    m_ignored.release();
    if (m_clock && !m_held_changes.empty()) {
        m_ignored = cv::Mat::zeros(m_held_changes.front().grey.size(), CV_8U);
        m_ignored(m_clock->line).setTo(1);
    }
    m_clock_settled = true;
    std::vector<media::TimedFrame> held = std::move(m_held_changes);
    m_held_changes.clear();
    m_clock_samples.clear();
    for (const media::TimedFrame& sample : held) {
        grid_of(sample.grey);
        emit(sample.pts_us, m_grid);
    }
}

// The clock found before the pass, in this model's pixels: the same samples (320 px wide) give
// back the rectangle found exactly.
void MotionModel::take_assumed_clock(const cv::Size& size) {
    const media::Box& box = *m_assumed_line;
    const cv::Rect line = cv::Rect(static_cast<int32_t>(std::lround(box.x * size.width)),
                                   static_cast<int32_t>(std::lround(box.y * size.height)),
                                   static_cast<int32_t>(std::lround(box.w * size.width)),
                                   static_cast<int32_t>(std::lround(box.h * size.height))) &
                          cv::Rect(cv::Point(0, 0), size);
    m_clock = media::ClockLine{cv::Rect(), line, size};
    m_ignored = cv::Mat::zeros(size, CV_8U);
    m_ignored(line).setTo(1);
    m_clock_settled = true;
}

// The picture changed size: what was held comes out, and the clock is looked for again.
void MotionModel::forget_clock(const GridCallback& emit) {
    if (!m_clock_settled) {
        settle_clock(emit);
    }
    m_clock_settled = false;
    m_clock.reset();
    m_assumed_line.reset();
    m_ignored.release();
}

// Each cell's share of changed pixels, the clock's line left out.
void MotionModel::grid_of(const cv::Mat& changed) {
    std::fill(m_grid.begin(), m_grid.end(), 0);
    m_changed.assign(m_grid.size(), 0);
    const bool ignoring = !m_ignored.empty() && m_ignored.size() == changed.size();
    for (int32_t y = 0; y < changed.rows; ++y) {
        const uint8_t* pixel = changed.ptr<uint8_t>(y);
        const uint8_t* ignored = ignoring ? m_ignored.ptr<uint8_t>(y) : nullptr;
        const int32_t row_base = m_cell_of_row[static_cast<size_t>(y)] * m_params.cols;
        for (int32_t x = 0; x < changed.cols; ++x) {
            if (pixel[x] != 0 && (ignored == nullptr || ignored[x] == 0)) {
                ++m_changed[static_cast<size_t>(row_base +
                                                m_cell_of_column[static_cast<size_t>(x)])];
            }
        }
    }
    for (size_t cell = 0; cell < m_grid.size(); ++cell) {
        if (m_changed[cell] > 0 && m_cell_pixels[cell] > 0) {
            m_grid[cell] = static_cast<uint8_t>(std::min<int32_t>(
                255, (m_changed[cell] * 255 + m_cell_pixels[cell] / 2) / m_cell_pixels[cell]));
        }
    }
}

void MotionModel::compare(const cv::Mat& blurred, int64_t pts_us, const GridCallback& emit) {
    if (!m_clock_settled && m_assumed_line) {
        take_assumed_clock(blurred.size());
    }
    measure_shift(blurred);
    m_threshold = std::max(m_params.min_threshold,
                           static_cast<int32_t>(std::ceil(m_params.noise_factor * m_sigma)));
    const float threshold = static_cast<float>(m_threshold);
    const float shift = static_cast<float>(m_shift);
    const float rate = static_cast<float>(m_params.learn_rate);
    m_changed_pixels.create(blurred.size(), CV_8U);
    for (int32_t y = 0; y < blurred.rows; ++y) {
        const uint8_t* pixel = blurred.ptr<uint8_t>(y);
        uint8_t* previous = m_previous.ptr<uint8_t>(y);
        float* background = m_background.ptr<float>(y);
        uint8_t* still_for = m_still_for.ptr<uint8_t>(y);
        uint8_t* changed = m_changed_pixels.ptr<uint8_t>(y);
        for (int32_t x = 0; x < blurred.cols; ++x) {
            const float value = pixel[x];
            changed[x] = 0;
            if (std::fabs(value - background[x] - shift) <= threshold) {
                background[x] += rate * (value - background[x]);
                still_for[x] = 0;
            } else if (std::abs(static_cast<int32_t>(pixel[x]) - previous[x]) <= m_threshold &&
                       ++still_for[x] >= m_params.absorb_after) {
                background[x] = value - shift;  // stayed put long enough: now part of the scene
                still_for[x] = 0;
            } else {
                if (std::abs(static_cast<int32_t>(pixel[x]) - previous[x]) > m_threshold) {
                    still_for[x] = 0;
                }
                changed[x] = 1;
            }
            previous[x] = pixel[x];
        }
    }
    grid_of(m_changed_pixels);
    m_judged_us = pts_us;
    if (m_clock_settled) {
        emit(pts_us, m_grid);
        return;
    }
    m_clock_samples.push_back(media::TimedFrame{pts_us, blurred.clone()});
    m_held_changes.push_back(media::TimedFrame{pts_us, m_changed_pixels.clone()});
    if (static_cast<int32_t>(m_clock_samples.size()) >= m_params.clock_samples) {
        settle_clock(emit);
    }
}

}  // namespace footage::indexers::motion
