#include "indexers/osd/clock_lines.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace footage::indexers::osd {
namespace {

constexpr float kSteady = 0.75F;  // ink in this share of the frames is the text's
constexpr uint8_t kPlain = 128;   // mid-grey: neither a text's nor an outline's tone

// Runs of columns (half-open) holding steady ink in rows [top, bottom) of `on`, within [x0, x1).
std::vector<std::pair<int, int>> ink_runs(const cv::Mat& on, int top, int bottom, int x0, int x1) {
    std::vector<std::pair<int, int>> runs;
    int start = -1;
    for (int x = x0; x <= x1; ++x) {
        bool ink = false;
        for (int y = top; x < x1 && y < bottom && !ink; ++y) {
            ink = on.at<uint8_t>(y, x) != 0;
        }
        if (ink && start < 0) {
            start = x;
        } else if (!ink && start >= 0) {
            runs.emplace_back(start, x);
            start = -1;
        }
    }
    return runs;
}

}  // namespace

std::optional<cv::Rect> find_neighbour_line(const cv::Mat& steady, cv::Point origin,
                                            const cv::Rect& time_ink, int digit_height,
                                            bool above) {
    const int h = digit_height;
    if (steady.empty() || steady.type() != CV_32F || h < 6) {
        return std::nullopt;
    }
    cv::Mat on;
    cv::threshold(steady, on, kSteady - 1e-3, 255.0, cv::THRESH_BINARY);
    on.convertTo(on, CV_8U);
    const cv::Rect time(time_ink.tl() - origin, time_ink.size());
    // Columns: the time's, and a few digits either way (a date is longer than a time; lines
    // are aligned left, right or centred).
    const int x0 = std::max(0, time.x - 3 * h);
    const int x1 = std::min(on.cols, time.br().x + 3 * h);
    if (x1 <= x0) {
        return std::nullopt;
    }
    auto row_ink = [&](int y) { return cv::countNonZero(on.row(y).colRange(x0, x1)); };
    // A row of the neighbour line holds a quarter of the ink of a typical row of the time's.
    std::vector<int> time_rows;
    for (int y = std::max(0, time.y); y < std::min(on.rows, time.br().y); ++y) {
        time_rows.push_back(cv::countNonZero(on.row(y).colRange(time.x, time.br().x)));
    }
    if (time_rows.empty()) {
        return std::nullopt;
    }
    std::nth_element(time_rows.begin(), time_rows.begin() + time_rows.size() / 2, time_rows.end());
    const int inky = std::max(2, time_rows[time_rows.size() / 2] / 4);
    // Away from the time, row by row: the first block of inky rows (a one-row break inside it
    // is a thin stroke), which must start within a digit's height.
    const int step = above ? -1 : 1;
    const int from = above ? time.y - 1 : time.br().y;
    int near = -1;
    int far = -1;
    int quiet = 0;
    for (int y = from; y >= 0 && y < on.rows && std::abs(y - from) <= 3 * h; y += step) {
        if (row_ink(y) >= inky) {
            if (near < 0) {
                if (std::abs(y - from) > h) {
                    return std::nullopt;
                }
                near = y;
            }
            far = y;
            quiet = 0;
        } else if (near >= 0 && ++quiet > 1) {
            break;
        }
    }
    if (near < 0) {
        return std::nullopt;
    }
    const int top = std::min(near, far);
    const int bottom = std::max(near, far) + 1;
    // One line of text as tall as the time's digits (a block running on is not one line).
    if ((bottom - top) * 3 < h * 2 || (bottom - top) * 3 > h * 4 ||
        (above ? top == 0 : bottom == on.rows)) {
        return std::nullopt;
    }
    // Its columns: the runs of ink overlapping the time's, and those chained to them by gaps
    // under a digit's height.
    std::vector<std::pair<int, int>> runs = ink_runs(on, top, bottom, 0, on.cols);
    int left = -1;
    int right = -1;
    for (const auto& [a, b] : runs) {
        if (b > time.x && a < time.br().x) {
            left = left < 0 ? a : std::min(left, a);
            right = std::max(right, b);
        }
    }
    if (left < 0) {
        return std::nullopt;
    }
    for (bool grown = true; grown;) {
        grown = false;
        for (const auto& [a, b] : runs) {
            if ((b < left && left - b <= h) || (a > right && a - right <= h)) {
                left = std::min(left, a);
                right = std::max(right, b);
                grown = true;
            }
        }
    }
    if (right - left < 2 * h) {
        return std::nullopt;  // too short for a date
    }
    return cv::Rect(left + origin.x, top + origin.y, right - left, bottom - top);
}

cv::Rect ink_rows_of(const cv::Mat& steady, cv::Point origin, const cv::Rect& rect) {
    const cv::Rect local =
        cv::Rect(rect.tl() - origin, rect.size()) & cv::Rect(0, 0, steady.cols, steady.rows);
    if (local.area() == 0) {
        return rect;
    }
    cv::Mat on;
    cv::threshold(steady(local), on, kSteady - 1e-3, 1.0, cv::THRESH_BINARY);
    std::vector<int> rows;
    for (int y = 0; y < on.rows; ++y) {
        rows.push_back(cv::countNonZero(on.row(y)));
    }
    const int most = *std::max_element(rows.begin(), rows.end());
    int top = 0;
    int bottom = on.rows;
    while (top < bottom && rows[static_cast<size_t>(top)] * 10 < most) {
        ++top;
    }
    while (bottom > top && rows[static_cast<size_t>(bottom - 1)] * 10 < most) {
        --bottom;
    }
    if (most == 0 || bottom - top < 2) {
        return rect;
    }
    return cv::Rect(rect.x, local.y + origin.y + top, rect.width, bottom - top);
}

namespace {

// Rows of picture kept around each line's ink: a third of a digit, less where the other line
// is nearer (its ink must not show in this one's band).
int row_margin(const JoinedLines& j) {
    const cv::Rect& upper = j.first.y <= j.second.y ? j.first : j.second;
    const cv::Rect& lower = j.first.y <= j.second.y ? j.second : j.first;
    const int gap = lower.y - upper.br().y;
    return std::clamp(gap / 2, 0, j.digit_height / 3);
}

int column_margin(const JoinedLines& j) { return j.digit_height / 3; }

int pad(const JoinedLines& j) { return std::max(j.digit_height, 8); }

}  // namespace

cv::Size JoinedLines::size() const {
    const int mx = column_margin(*this);
    const int my = row_margin(*this);
    return {2 * pad(*this) + first.width + second.width + 4 * mx + (digit_height - 2 * mx),
            2 * pad(*this) + std::max(first.height, second.height) + 2 * my};
}

cv::Mat JoinedLines::join(const cv::Mat& grey) const {
    const int mx = column_margin(*this);
    const int my = row_margin(*this);
    cv::Mat out(size(), CV_8U, cv::Scalar(kPlain));
    int x = pad(*this);
    for (const cv::Rect& ink : {first, second}) {
        const cv::Rect want(ink.x - mx, ink.y - my, ink.width + 2 * mx, ink.height + 2 * my);
        const cv::Rect have = want & cv::Rect(0, 0, grey.cols, grey.rows);
        if (have.area() > 0) {
            const cv::Point at(x + have.x - want.x, pad(*this) + have.y - want.y);
            grey(have).copyTo(out(cv::Rect(at, have.size())));
        }
        x += want.width + (digit_height - 2 * mx);
    }
    return out;
}

cv::Rect JoinedLines::bounds() const {
    const int mx = column_margin(*this);
    const int my = row_margin(*this);
    const cv::Rect both = first | second;
    return cv::Rect(both.x - mx, both.y - my, both.width + 2 * mx, both.height + 2 * my);
}

}  // namespace footage::indexers::osd
