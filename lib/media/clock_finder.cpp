#include "lib/media/clock_finder.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace footage::media {
namespace {

constexpr int kChangeLevel = 30;   // grey levels: a stroke of a small blurred digit coming, going
constexpr int kMinChanges = 4;     // a digit's pixel changes this often in 13 s of a running clock
constexpr double kFastest = 1.06;  // clock seconds per video second, as the OSD reader allows
constexpr double kSlowest = 0.94;
constexpr int kMinPixels = 8;     // a blob smaller than this is no digit
constexpr int kMinHeight = 4;     // px of the sample: a 13-px font in 1080p
constexpr int kMaxPairs = 64;     // one bit per pair of consecutive samples
constexpr int kLeft = 20;         // digit heights left of the seconds: a date and a weekday
constexpr int kRight = 10;        // and right of them: AM/PM, or a date after the time
constexpr int kInkContrast = 20;  // grey levels across a stroke's edge

// Whether a change between samples a, a+1 and one between b, b+1 (a < b) can be a whole number
// of the clock's seconds apart.
bool whole_seconds_apart(const std::vector<TimedFrame>& frames, size_t a, size_t b) {
    const double shortest = static_cast<double>(frames[b].pts_us - frames[a + 1].pts_us) / 1e6;
    const double longest = static_cast<double>(frames[b + 1].pts_us - frames[a].pts_us) / 1e6;
    // k clock seconds last k / kFastest .. k / kSlowest video seconds.
    for (int k = std::max(1, static_cast<int>(std::floor(shortest * kSlowest)));
         k <= static_cast<int>(std::ceil(longest * kFastest)); ++k) {
        if (k / kFastest <= longest && k / kSlowest >= shortest) {
            return true;
        }
    }
    return false;
}

bool ticks(uint64_t bits, const std::vector<TimedFrame>& frames) {
    if (std::popcount(bits) < kMinChanges || (bits & (bits >> 1)) != 0) {
        return false;
    }
    int previous = -1;
    for (int pair = 0; pair < kMaxPairs; ++pair) {
        if ((bits >> pair & 1) == 0) {
            continue;
        }
        if (previous >= 0 && !whole_seconds_apart(frames, static_cast<size_t>(previous),
                                                  static_cast<size_t>(pair))) {
            return false;
        }
        previous = pair;
    }
    return true;
}

// A blinking light changes all its pixels at once; a digit going 0, 1, 2... changes a different
// part of itself each second.
bool changes_like_a_digit(const std::vector<uint64_t>& bits, const cv::Mat& own, int width) {
    std::vector<uint64_t> patterns;
    for (int y = 0; y < own.rows; ++y) {
        for (int x = 0; x < own.cols; ++x) {
            if (own.at<uint8_t>(y, x) != 0) {
                patterns.push_back(bits[static_cast<size_t>(y) * static_cast<size_t>(width) +
                                        static_cast<size_t>(x)]);
            }
        }
    }
    std::sort(patterns.begin(), patterns.end());
    size_t most = 0;
    for (size_t i = 0; i < patterns.size();) {
        size_t j = i;
        while (j < patterns.size() && patterns[j] == patterns[i]) {
            ++j;
        }
        most = std::max(most, j - i);
        i = j;
    }
    return 5 * most < 3 * patterns.size();
}

// The band's columns holding text, from the digit outwards: a column is text when a pixel of
// it in the band differs clearly from its left and right neighbours (a stroke's edge: a small
// font shrunk to 320 px leaves faint thin strokes, a separator fainter still), and clearly more
// than any just above or below the band (a textured scene has edges everywhere; a horizontal
// edge along the band has none across it). A gap of over 2 digit heights ends the line.
cv::Rect trim_to_ink(const cv::Rect& band, const cv::Rect& digit, const cv::Mat& grey) {
    auto edge = [&](int x, int y0, int y1) {
        int strongest = 0;
        for (int y = std::max(y0, 0); y < std::min(y1, grey.rows); ++y) {
            const uint8_t* row = grey.ptr<uint8_t>(y);
            strongest =
                std::max(strongest, std::abs(static_cast<int>(row[std::min(x + 1, grey.cols - 1)]) -
                                             static_cast<int>(row[std::max(x - 1, 0)])));
        }
        return strongest;
    };
    auto ink = [&](int x) {
        const int inside = edge(x, band.y, band.br().y);
        const int around = std::max(edge(x, band.y - band.height, band.y),
                                    edge(x, band.br().y, band.br().y + band.height));
        return inside >= kInkContrast && inside >= around + kInkContrast;
    };
    const int gap = 2 * digit.height;
    int left = digit.x;
    for (int x = digit.x - 1, blank = 0; x >= band.x && blank <= gap; --x) {
        blank = ink(x) ? 0 : blank + 1;
        left = blank == 0 ? x : left;
    }
    int right = digit.br().x;
    for (int x = digit.br().x, blank = 0; x < band.br().x && blank <= gap; ++x) {
        blank = ink(x) ? 0 : blank + 1;
        right = blank == 0 ? x + 1 : right;
    }
    return cv::Rect(left, band.y, right - left, band.height);
}

}  // namespace

Box ClockLine::line_fraction() const {
    const double w = frame.width;
    const double h = frame.height;
    return Box{line.x / w, line.y / h, line.width / w, line.height / h};
}

std::optional<ClockLine> find_clock_line(const std::vector<TimedFrame>& frames) {
    const size_t count = std::min<size_t>(frames.size(), kMaxPairs + 1);
    if (count < 2 * kMinChanges) {
        return std::nullopt;
    }
    const cv::Size size = frames.front().grey.size();
    std::vector<uint64_t> bits(static_cast<size_t>(size.area()), 0);
    for (size_t i = 0; i + 1 < count; ++i) {
        if (frames[i + 1].grey.size() != size || frames[i].grey.size() != size) {
            return std::nullopt;
        }
        for (int y = 0; y < size.height; ++y) {
            const uint8_t* a = frames[i].grey.ptr<uint8_t>(y);
            const uint8_t* b = frames[i + 1].grey.ptr<uint8_t>(y);
            uint64_t* row = bits.data() + static_cast<size_t>(y) * static_cast<size_t>(size.width);
            for (int x = 0; x < size.width; ++x) {
                if (std::abs(static_cast<int>(a[x]) - static_cast<int>(b[x])) >= kChangeLevel) {
                    row[x] |= uint64_t{1} << i;
                }
            }
        }
    }
    cv::Mat ticking = cv::Mat::zeros(size, CV_8U);
    for (int y = 0; y < size.height; ++y) {
        for (int x = 0; x < size.width; ++x) {
            if (ticks(bits[static_cast<size_t>(y) * static_cast<size_t>(size.width) +
                           static_cast<size_t>(x)],
                      frames)) {
                ticking.at<uint8_t>(y, x) = 255;
            }
        }
    }
    cv::Mat grown;
    cv::dilate(ticking, grown, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    const int blobs = cv::connectedComponentsWithStats(grown, labels, stats, centroids, 8, CV_32S);
    std::vector<int> pixels(static_cast<size_t>(blobs), 0);
    for (int y = 0; y < size.height; ++y) {
        for (int x = 0; x < size.width; ++x) {
            if (ticking.at<uint8_t>(y, x) != 0) {
                ++pixels[static_cast<size_t>(labels.at<int>(y, x))];
            }
        }
    }
    int best = 0;
    for (int i = 1; i < blobs; ++i) {
        if (best == 0 || pixels[static_cast<size_t>(i)] > pixels[static_cast<size_t>(best)]) {
            best = i;
        }
    }
    if (best == 0 || pixels[static_cast<size_t>(best)] < kMinPixels) {
        return std::nullopt;
    }
    const cv::Mat own = (labels == best) & ticking;
    const cv::Rect digit = cv::boundingRect(own);
    // A digit: tall enough to be text, a small part of the picture, at most two digits wide
    // (the tens may tick along in a blurred sample). Ticks scattered over a larger box are not
    // a glyph.
    if (digit.height < kMinHeight || digit.height * 4 > size.height ||
        2 * digit.width > 5 * digit.height ||
        5 * pixels[static_cast<size_t>(best)] < digit.area() ||
        !changes_like_a_digit(bits, own, size.width)) {
        return std::nullopt;
    }
    const int h = digit.height;
    const cv::Rect band =
        cv::Rect(digit.x - kLeft * h, digit.y - h / 2, digit.width + (kLeft + kRight) * h, 2 * h) &
        cv::Rect(cv::Point(0, 0), size);
    return ClockLine{digit, trim_to_ink(band, digit, frames[count / 2].grey), size};
}

}  // namespace footage::media
