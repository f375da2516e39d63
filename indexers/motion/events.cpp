#include "indexers/motion/events.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "lib/util/error.hpp"

namespace footage::indexers::motion {

uint8_t cell_threshold(int32_t sensitivity) {
    // Share of a cell's pixels that must change: 60% at 1 down to 1.5% at 10.
    constexpr std::array<uint8_t, 10> kThresholds = {153, 102, 64, 38, 20, 13, 9, 6, 5, 4};
    if (sensitivity < 1 || sensitivity > 10) {
        throw UsageError("sensitivity " + std::to_string(sensitivity) +
                         " is outside 1 (least) .. 10 (most)");
    }
    return kThresholds[static_cast<size_t>(sensitivity - 1)];
}

CellMask::CellMask(int32_t cols, int32_t rows)
    : m_cols(cols),
      m_rows(rows),
      m_in(static_cast<size_t>(cols) * static_cast<size_t>(rows), 1),
      m_count(cols * rows) {}

CellMask::CellMask(int32_t cols, int32_t rows, const std::vector<Box>& regions)
    : m_cols(cols), m_rows(rows), m_in(static_cast<size_t>(cols) * static_cast<size_t>(rows), 0) {
    if (regions.empty()) {
        std::fill(m_in.begin(), m_in.end(), 1);
    }
    const double cell_w = 1.0 / cols;
    const double cell_h = 1.0 / rows;
    for (const Box& region : regions) {
        bool any = false;
        for (int32_t row = 0; row < rows; ++row) {
            for (int32_t col = 0; col < cols; ++col) {
                double overlap_w = std::min(region.x + region.w, (col + 1) * cell_w) -
                                   std::max(region.x, col * cell_w);
                double overlap_h = std::min(region.y + region.h, (row + 1) * cell_h) -
                                   std::max(region.y, row * cell_h);
                if (overlap_w > 0.0 && overlap_h > 0.0 &&
                    overlap_w * overlap_h >= 0.5 * cell_w * cell_h) {
                    m_in[static_cast<size_t>(row * cols + col)] = 1;
                    any = true;
                }
            }
        }
        if (!any) {
            int32_t col =
                std::clamp(static_cast<int32_t>((region.x + region.w / 2) * cols), 0, cols - 1);
            int32_t row =
                std::clamp(static_cast<int32_t>((region.y + region.h / 2) * rows), 0, rows - 1);
            m_in[static_cast<size_t>(row * cols + col)] = 1;
        }
    }
    m_count = static_cast<int32_t>(std::count(m_in.begin(), m_in.end(), uint8_t{1}));
}

template <typename Clock>
void EventBuilder<Clock>::add(Time time, int64_t sample_us, const std::vector<uint8_t>& cells,
                              const CellMask& mask) {
    m_changed.clear();
    for (size_t cell = 0; cell < cells.size(); ++cell) {
        if (cells[cell] != 0) {
            m_changed.push_back(Cell{static_cast<uint16_t>(cell), cells[cell]});
        }
    }
    add(time, sample_us, m_changed, mask);
}

template <typename Clock>
void EventBuilder<Clock>::add(Time time, int64_t sample_us, const std::vector<Cell>& changed,
                              const CellMask& mask) {
    int32_t moving_cells = 0;
    int64_t activity = 0;
    int32_t col0 = mask.cols(), row0 = mask.rows(), col1 = -1, row1 = -1;
    for (const Cell& cell : changed) {
        if (!mask.contains(cell.index)) {
            continue;
        }
        activity += cell.activity;
        if (cell.activity >= m_rules.cell_threshold) {
            ++moving_cells;
            int32_t col = cell.index % mask.cols();
            int32_t row = cell.index / mask.cols();
            col0 = std::min(col0, col), row0 = std::min(row0, row);
            col1 = std::max(col1, col), row1 = std::max(row1, row);
        }
    }
    if (moving_cells == 0) {
        return;
    }
    const double x0 = static_cast<double>(col0) / mask.cols();
    const double y0 = static_cast<double>(row0) / mask.rows();
    const double x1 = static_cast<double>(col1 + 1) / mask.cols();
    const double y1 = static_cast<double>(row1 + 1) / mask.rows();
    if (m_open && time - m_last_moving > m_rules.join_gap_us) {
        close();
    }
    double score = static_cast<double>(activity) / (255.0 * std::max(mask.size(), 1));
    if (!m_open) {
        m_open = true;
        m_event = MotionEvent<Clock>{};
        m_event.start = time;
        m_event.peak = time;
        m_x0 = x0, m_y0 = y0, m_x1 = x1, m_y1 = y1;
    }
    m_x0 = std::min(m_x0, x0), m_y0 = std::min(m_y0, y0);
    m_x1 = std::max(m_x1, x1), m_y1 = std::max(m_y1, y1);
    if (score > m_event.score) {
        m_event.score = score;
        m_event.peak = time;
        m_event.peak_cells.assign(
            static_cast<size_t>(mask.cols()) * static_cast<size_t>(mask.rows()), 0);
        for (const Cell& cell : changed) {
            if (mask.contains(cell.index) && cell.activity >= m_rules.cell_threshold) {
                m_event.peak_cells[cell.index] = cell.activity;
            }
        }
    }
    ++m_event.samples;
    m_event.end = std::max(m_event.end, time + sample_us);
    m_last_moving = time;
}

template <typename Clock>
void EventBuilder<Clock>::close() {
    if (m_open && m_event.samples >= m_rules.min_samples &&
        m_event.end - m_event.start >= m_rules.min_duration_us) {
        m_event.box = Box{m_x0, m_y0, m_x1 - m_x0, m_y1 - m_y0};
        m_events.push_back(m_event);
    }
    m_open = false;
}

template <typename Clock>
std::vector<MotionEvent<Clock>> EventBuilder<Clock>::finish() {
    close();
    return std::move(m_events);
}

template class EventBuilder<timecode::OffsetClock>;
template class EventBuilder<timecode::UtcClock>;

}  // namespace footage::indexers::motion
