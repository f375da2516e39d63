#include "indexers/objects/crop_plan.hpp"

#include <algorithm>
#include <cstdlib>

namespace footage::indexers::objects {

namespace {

constexpr int32_t kCell = 4;           // luma pixels a side (24 frame pixels in 1080p at 320)
constexpr int32_t kChanged = 20;       // a grey-level step that is not sensor noise
constexpr int32_t kChangedPixels = 3;  // of a cell's 16, for the cell to count as moving
constexpr size_t kMaxMovingPercent = 30;

struct Cell {
    double x = 0.0;  // centre, frame pixels
    double y = 0.0;
    bool covered = false;
};

std::vector<Cell> moving_cells(const cv::Mat& previous, const cv::Mat& current, cv::Size frame) {
    std::vector<Cell> cells;
    const double sx = static_cast<double>(frame.width) / current.cols;
    const double sy = static_cast<double>(frame.height) / current.rows;
    for (int32_t cy = 0; cy + kCell <= current.rows; cy += kCell) {
        for (int32_t cx = 0; cx + kCell <= current.cols; cx += kCell) {
            int32_t changed = 0;
            for (int32_t y = cy; y < cy + kCell; ++y) {
                const uint8_t* a = previous.ptr<uint8_t>(y);
                const uint8_t* b = current.ptr<uint8_t>(y);
                for (int32_t x = cx; x < cx + kCell; ++x) {
                    changed += std::abs(int32_t{a[x]} - int32_t{b[x]}) > kChanged;
                }
            }
            if (changed >= kChangedPixels) {
                cells.push_back({(cx + kCell / 2.0) * sx, (cy + kCell / 2.0) * sy, false});
            }
        }
    }
    return cells;
}

// The window of side `side` centred on (x, y), moved inside the frame.
cv::Rect window_at(double x, double y, cv::Size side, cv::Size frame) {
    int32_t left = static_cast<int32_t>(x) - side.width / 2;
    int32_t top = static_cast<int32_t>(y) - side.height / 2;
    left = std::clamp(left, 0, frame.width - side.width);
    top = std::clamp(top, 0, frame.height - side.height);
    return {left, top, side.width, side.height};
}

bool holds(const cv::Rect& window, const Cell& cell) {
    return cell.x >= window.x && cell.x < window.x + window.width && cell.y >= window.y &&
           cell.y < window.y + window.height;
}

}  // namespace

bool crops_worth_it(cv::Size frame, int32_t input_size, double worth_scale) {
    const double scale =
        static_cast<double>(std::max(frame.width, frame.height)) / static_cast<double>(input_size);
    return scale > worth_scale;
}

std::vector<cv::Rect> plan_crops(const cv::Mat& previous_luma, const cv::Mat& luma, cv::Size frame,
                                 const CropLimits& limits, const std::vector<cv::Rect>& seen) {
    std::vector<cv::Rect> windows;
    if (previous_luma.size() != luma.size() || luma.empty() || limits.max_crops <= 0) {
        return windows;
    }
    std::vector<Cell> cells = moving_cells(previous_luma, luma, frame);
    const size_t all_cells = static_cast<size_t>(luma.cols / kCell) * (luma.rows / kCell);
    if (cells.size() * 100 > all_cells * kMaxMovingPercent) {
        return windows;  // the light changed or the camera moved: nothing small to zoom in on
    }
    for (Cell& cell : cells) {
        cell.covered = std::any_of(seen.begin(), seen.end(),
                                   [&](const cv::Rect& box) { return holds(box, cell); });
    }
    const cv::Size side(std::min(limits.window, frame.width),
                        std::min(limits.window, frame.height));
    // Greedy cover: the window (centred on a moving cell) holding the most cells not yet
    // covered, then the next, while windows hold enough of them.
    while (static_cast<int32_t>(windows.size()) < limits.max_crops) {
        cv::Rect best;
        int32_t best_count = 0;
        for (const Cell& centre : cells) {
            if (centre.covered) {
                continue;
            }
            cv::Rect window = window_at(centre.x, centre.y, side, frame);
            int32_t count = 0;
            for (const Cell& cell : cells) {
                count += !cell.covered && holds(window, cell);
            }
            if (count > best_count) {
                best_count = count;
                best = window;
            }
        }
        if (best_count < limits.min_cells) {
            break;
        }
        // Centre the window on what it holds, so that an object at its edge is less often cut.
        double sum_x = 0.0;
        double sum_y = 0.0;
        for (const Cell& cell : cells) {
            if (!cell.covered && holds(best, cell)) {
                sum_x += cell.x;
                sum_y += cell.y;
            }
        }
        best = window_at(sum_x / best_count, sum_y / best_count, side, frame);
        for (Cell& cell : cells) {
            cell.covered = cell.covered || holds(best, cell);
        }
        windows.push_back(best);
    }
    return windows;
}

}  // namespace footage::indexers::objects
