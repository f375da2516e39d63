#include "indexers/objects/crop_plan.hpp"

#include <algorithm>
#include <cmath>
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

CropPlan plan_windows(const cv::Mat& previous_luma, const cv::Mat& luma, cv::Size frame,
                      const CropLimits& limits, const std::vector<cv::Rect>& seen) {
    CropPlan plan;
    if (previous_luma.size() != luma.size() || luma.empty() || limits.max_crops <= 0) {
        return plan;
    }
    std::vector<Cell> cells = moving_cells(previous_luma, luma, frame);
    const size_t all_cells = static_cast<size_t>(luma.cols / kCell) * (luma.rows / kCell);
    if (cells.size() * 100 > all_cells * kMaxMovingPercent) {
        // The light changed or the camera moved: nothing small to zoom in on.
        plan.uncovered_cells = static_cast<int32_t>(cells.size());
        return plan;
    }
    for (Cell& cell : cells) {
        cell.covered = std::any_of(seen.begin(), seen.end(),
                                   [&](const cv::Rect& box) { return holds(box, cell); });
    }
    const cv::Size full(std::min(limits.window, frame.width),
                        std::min(limits.window, frame.height));

    // A cell's extent in frame pixels (also the margin kept around what moved).
    const double cell_w = static_cast<double>(kCell) * frame.width / luma.cols;
    const double cell_h = static_cast<double>(kCell) * frame.height / luma.rows;
    // crop_mosaic packs four windows in one input of the detector.
    int32_t budget = limits.max_crops * 4;
    // Greedy cover: the largest window centred on a moving cell that holds the most cells not
    // yet covered; then, square and centred on those cells (an object at its edge is less
    // often cut), the shown size when that holds them with a margin, else just large enough
    // to be shrunk to it by at most max_shrink, else the largest. Then the next, while windows
    // hold enough cells.
    while (true) {
        cv::Rect best;
        int32_t best_count = 0;
        for (const Cell& centre : cells) {
            if (centre.covered) {
                continue;
            }
            cv::Rect window = window_at(centre.x, centre.y, full, frame);
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
        double x0 = frame.width;
        double y0 = frame.height;
        double x1 = 0.0;
        double y1 = 0.0;
        for (const Cell& cell : cells) {
            if (!cell.covered && holds(best, cell)) {
                x0 = std::min(x0, cell.x - cell_w / 2);
                y0 = std::min(y0, cell.y - cell_h / 2);
                x1 = std::max(x1, cell.x + cell_w / 2);
                y1 = std::max(y1, cell.y + cell_h / 2);
            }
        }
        const double extent = std::max(x1 - x0 + 2 * cell_w, y1 - y0 + 2 * cell_h);
        const int32_t large = std::min(full.width, full.height);
        const int32_t small = std::min(limits.shown, large);
        const bool shrunk = extent <= small * limits.max_shrink;
        const int32_t side = extent <= small ? small
                             : shrunk        ? static_cast<int32_t>(std::ceil(extent))
                                             : large;
        const int32_t cost = shrunk ? 1 : 4;  // in quarters of the detector's input
        if (cost > budget) {
            plan.uncovered_cells = best_count;
            break;
        }
        budget -= cost;
        best = window_at((x0 + x1) / 2, (y0 + y1) / 2, cv::Size(side, side), frame);
        for (Cell& cell : cells) {
            cell.covered = cell.covered || holds(best, cell);
        }
        plan.windows.push_back(best);
        plan.shown.push_back(shrunk ? small : side);
    }
    return plan;
}

std::optional<LookAgain> look_again_window(const cv::Rect& box, cv::Size frame,
                                           const CropLimits& limits) {
    const int32_t larger = std::max(box.width, box.height);
    const int32_t side = std::max(limits.shown, static_cast<int32_t>(std::ceil(1.5 * larger)));
    if (side > std::min({limits.window, frame.width, frame.height})) {
        return std::nullopt;
    }
    const double shrink =
        std::max(limits.max_shrink, std::min(box.width, box.height) / limits.keep_side);
    const cv::Rect window =
        window_at(box.x + box.width / 2.0, box.y + box.height / 2.0, cv::Size(side, side), frame);
    return LookAgain{window, side <= limits.shown * shrink ? limits.shown : side};
}

int32_t moving_cell_count(const cv::Mat& previous_luma, const cv::Mat& luma) {
    if (previous_luma.size() != luma.size() || luma.empty()) {
        return std::max<int32_t>(1, static_cast<int32_t>(luma.total()));  // not comparable
    }
    return static_cast<int32_t>(moving_cells(previous_luma, luma, luma.size()).size());
}

std::vector<cv::Rect> plan_crops(const cv::Mat& previous_luma, const cv::Mat& luma, cv::Size frame,
                                 const CropLimits& limits, const std::vector<cv::Rect>& seen) {
    return plan_windows(previous_luma, luma, frame, limits, seen).windows;
}

}  // namespace footage::indexers::objects
