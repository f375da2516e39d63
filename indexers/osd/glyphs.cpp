#include "indexers/osd/glyphs.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

namespace footage::indexers::osd {

cv::Mat crop_cell(const cv::Mat& band, int center, int width) {
    int x0 = center - width / 2;
    cv::Mat out = cv::Mat::zeros(band.rows, width, CV_32F);
    // The columns inside the band, in one copy (a copy a column cost a call each).
    const int from = std::max(x0, 0);
    const int to = std::min(x0 + width, band.cols);
    if (from < to) {
        band.colRange(from, to).copyTo(out.colRange(from - x0, to - x0));
    }
    return out;
}

double overlap(const cv::Mat& a, const cv::Mat& b) {
    // Called ~10^5 times a recording (every cell, frame, digit and shift, on ~50x20 pixels):
    // summed in place, four pixels at a time, in double as cv::sum does. The temporaries and
    // the four passes of the general case below cost twice as much.
    if (a.type() == CV_32F && b.type() == CV_32F && a.size() == b.size()) {
        cv::v_float64x2 low_lanes = cv::v_setzero_f64();
        cv::v_float64x2 union_lanes = cv::v_setzero_f64();
        double low_ink = 0.0;
        double union_ink = 0.0;
        for (int y = 0; y < a.rows; ++y) {
            const float* pa = a.ptr<float>(y);
            const float* pb = b.ptr<float>(y);
            int x = 0;
            for (; x + 4 <= a.cols; x += 4) {
                const cv::v_float32x4 va = cv::v_load(pa + x);
                const cv::v_float32x4 vb = cv::v_load(pb + x);
                const cv::v_float32x4 low = cv::v_min(va, vb);
                const cv::v_float32x4 high = cv::v_max(va, vb);
                low_lanes += cv::v_cvt_f64(low) + cv::v_cvt_f64_high(low);
                union_lanes += cv::v_cvt_f64(high) + cv::v_cvt_f64_high(high);
            }
            for (; x < a.cols; ++x) {
                low_ink += std::min(pa[x], pb[x]);
                union_ink += std::max(pa[x], pb[x]);
            }
        }
        low_ink += cv::v_reduce_sum(low_lanes);
        union_ink += cv::v_reduce_sum(union_lanes);
        return union_ink > 0 ? low_ink / union_ink : 0.0;
    }
    cv::Mat low;
    cv::Mat high;
    cv::min(a, b, low);
    cv::max(a, b, high);
    double union_ink = cv::sum(high)[0];
    return union_ink > 0 ? cv::sum(low)[0] / union_ink : 0.0;
}

Match match_digit(const cv::Mat& band, int center, const Glyphs& glyphs) {
    std::array<double, 10> best{};
    int width = 0;
    for (size_t d = 0; d < 10; ++d) {
        if (glyphs.known[d]) {
            width = glyphs.templates[d].cols;
        }
    }
    // A narrow digit (a serifed 1) sits off its cell's centre by a share of the cell's width:
    // the search grows with the font (2 px up to a 17-px digit).
    const int shift = std::max(kShift, width / 6);
    cv::Mat wide = crop_cell(band, center, width + 2 * shift);
    for (int d = 0; d < 10; ++d) {
        if (!glyphs.known[static_cast<size_t>(d)]) {
            continue;
        }
        const cv::Mat& tpl = glyphs.templates[static_cast<size_t>(d)];
        for (int s = 0; s <= 2 * shift; ++s) {
            double score = overlap(wide.colRange(s, s + tpl.cols), tpl);
            best[static_cast<size_t>(d)] = std::max(best[static_cast<size_t>(d)], score);
        }
    }
    Match m;
    double second = 0.0;
    for (int d = 0; d < 10; ++d) {
        double s = best[static_cast<size_t>(d)];
        if (s > m.score) {
            second = m.score;
            m.score = s;
            m.digit = d;
        } else if (s > second) {
            second = s;
        }
    }
    m.margin = m.score - second;
    return m;
}

std::vector<int64_t> tens_changes(const std::map<int64_t, cv::Mat>& tens) {
    auto mean_of = [&](int64_t from, int64_t to) {
        cv::Mat sum;
        int n = 0;
        for (auto it = tens.lower_bound(from); it != tens.end() && it->first <= to; ++it) {
            sum = n == 0 ? it->second.clone() : cv::Mat(sum + it->second);
            ++n;
        }
        return n == 0 ? sum : cv::Mat(sum / n);
    };
    // At a low bitrate with 1-s GOPs the ink renews every second, and one second against the
    // next can differ about as much as a real change: the spans over several seconds settle it.
    std::vector<std::pair<double, int64_t>> changes;
    std::vector<std::pair<double, int64_t>> spans;
    for (auto it = tens.begin(); it != tens.end() && std::next(it) != tens.end(); ++it) {
        auto next = std::next(it);
        if (next->first == it->first + 1) {
            changes.emplace_back(cv::norm(it->second, next->second, cv::NORM_L1), it->first);
            spans.emplace_back(cv::norm(mean_of(it->first - 4, it->first),
                                        mean_of(next->first, next->first + 4), cv::NORM_L1),
                               it->first);
        }
    }
    // Local maxima of the span score, strongest first.
    std::vector<std::pair<double, int64_t>> peaks;
    for (size_t i = 0; i < spans.size(); ++i) {
        bool left = i == 0 || spans[i - 1].second != spans[i].second - 1 ||
                    spans[i - 1].first <= spans[i].first;
        bool right = i + 1 == spans.size() || spans[i + 1].second != spans[i].second + 1 ||
                     spans[i + 1].first < spans[i].first;
        if (left && right) {
            peaks.push_back(spans[i]);
        }
    }
    std::sort(peaks.rbegin(), peaks.rend());
    std::sort(changes.rbegin(), changes.rend());
    std::vector<int64_t> out;
    if (changes.size() < 3) {
        return out;
    }
    const double typical = std::max(changes[changes.size() / 2].first, 1.0);
    for (size_t i = 0; i < std::min<size_t>(3, changes.size()); ++i) {
        if (changes[i].first >= 2.0 * typical) {
            out.push_back(changes[i].second);
        }
    }
    if (out.empty()) {
        return out;
    }
    for (size_t i = 0; i < std::min<size_t>(2, peaks.size()); ++i) {
        if (std::find(out.begin(), out.end(), peaks[i].second) == out.end()) {
            out.push_back(peaks[i].second);
        }
    }
    return out;
}

namespace {

// Floor division: the stretch of ten seconds second k falls in, counted from k9 + 1.
int64_t floor_tens(int64_t k, int64_t k9) {
    const int64_t d = k - k9 - 1;
    return d >= 0 ? d / 10 : -((-d + 9) / 10);
}

double mean_ink(const std::pair<cv::Mat, int>& sum) {
    return sum.second > 0 ? cv::sum(sum.first)[0] / sum.second : 0.0;
}

}  // namespace

Glyphs glyphs_from_seconds(const SecondSums& units, const SecondSums& tens, int64_t k9) {
    // How clearly each second shows the clock: its tens' ink against the median over the
    // seconds with the same tens glyph.
    std::map<int64_t, std::vector<double>> stretch_inks;
    for (const auto& [k, sum] : tens) {
        stretch_inks[floor_tens(k, k9)].push_back(mean_ink(sum));
    }
    std::map<int64_t, double> typical;
    for (auto& [stretch, inks] : stretch_inks) {
        std::nth_element(inks.begin(), inks.begin() + static_cast<std::ptrdiff_t>(inks.size() / 2),
                         inks.end());
        typical[stretch] = inks[inks.size() / 2];
    }
    // A second whose tens lost all their ink still counts a little (its digit keeps a
    // template when no other second shows it).
    auto clarity = [&](int64_t k) {
        auto t = tens.find(k);
        const double usual = typical[floor_tens(k, k9)];
        return t == tens.end() || usual <= 0.0 ? 1.0
                                               : std::clamp(mean_ink(t->second) / usual, 0.05, 1.0);
    };
    Glyphs g;
    std::array<double, 10> clear{};
    for (const auto& [k, sum] : units) {
        auto d = static_cast<size_t>(((k - k9 - 1) % 10 + 10) % 10);
        const double weight = clarity(k);
        if (!g.known[d]) {
            g.templates[d] = cv::Mat::zeros(sum.first.size(), CV_32F);
        }
        g.templates[d] += sum.first * weight;
        clear[d] += sum.second * weight;
        g.known[d] = true;
    }
    for (size_t d = 0; d < 10; ++d) {
        if (g.known[d] && clear[d] > 0.0) {
            g.templates[d] /= clear[d];
        }
    }
    // The tens' glyph over each stretch, and the naming of the tens whose glyphs match the
    // units' best: stretch s shows digit (first + s) mod 6.
    std::map<int64_t, cv::Mat> stretch_glyph;
    std::map<int64_t, double> stretch_clear;
    for (const auto& [k, sum] : tens) {
        const int64_t stretch = floor_tens(k, k9);
        const double weight = clarity(k);
        auto it =
            stretch_glyph.try_emplace(stretch, cv::Mat::zeros(sum.first.size(), CV_32F)).first;
        it->second += sum.first * weight;
        stretch_clear[stretch] += sum.second * weight;
    }
    auto tens_digit = [](int64_t first, int64_t stretch) {
        return static_cast<size_t>(((first + stretch) % 6 + 6) % 6);
    };
    int64_t best_first = -1;
    double best = 0.0;
    double runner_up = 0.0;
    for (int64_t first = 0; first < 6; ++first) {
        double score = 0.0;
        for (auto& [stretch, glyph] : stretch_glyph) {
            const size_t d = tens_digit(first, stretch);
            if (g.known[d] && stretch_clear[stretch] > 0.0) {
                score += overlap(glyph / stretch_clear[stretch], g.templates[d]);
            }
        }
        if (score > best) {
            runner_up = best;
            best = score;
            best_first = first;
        } else if (score > runner_up) {
            runner_up = score;
        }
    }
    // A naming of the tens that barely wins (the units' glyphs all faint, or the cell not the
    // tens) relearns nothing.
    if (best_first < 0 || best - runner_up < 0.1) {
        return g;
    }
    for (auto& [stretch, glyph] : stretch_glyph) {
        const size_t d = tens_digit(best_first, stretch);
        if (clear[d] < 2.0 && stretch_clear[stretch] > clear[d]) {
            g.templates[d] = glyph / stretch_clear[stretch];
            g.known[d] = true;
        }
    }
    return g;
}

char separator_shape(const cv::Mat& steady, int digit_height) {
    cv::Mat bin;
    steady.convertTo(bin, CV_8U, 255.0);
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    int n = cv::connectedComponentsWithStats(bin, labels, stats, centroids, 8, CV_32S);
    std::vector<cv::Rect> parts;
    for (int i = 1; i < n; ++i) {
        if (stats.at<int>(i, cv::CC_STAT_AREA) >= 2) {
            parts.emplace_back(
                stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        }
    }
    // ':' two dots one above the other (a broken '/' has its pieces side by side too).
    if (parts.size() == 2 && parts[0].height < digit_height / 2 &&
        parts[1].height < digit_height / 2 &&
        std::abs((parts[0].y - parts[1].y)) > digit_height / 4 &&
        std::abs((parts[0].x * 2 + parts[0].width) - (parts[1].x * 2 + parts[1].width)) <= 4) {
        return ':';
    }
    if (parts.size() != 1) {
        return 0;
    }
    const cv::Rect& r = parts[0];
    double mid = r.y + r.height / 2.0;
    if (r.height <= digit_height * 0.3) {
        if (mid > steady.rows * 0.62 && r.width <= digit_height * 0.3) {
            return '.';
        }
        if (r.width >= r.height * 3 / 2 && mid < steady.rows * 0.75 && mid > steady.rows * 0.3) {
            return '-';
        }
        return 0;
    }
    if (r.height >= digit_height * 0.6) {
        // '/': the top half's ink sits right of the bottom half's, and no bar along the top.
        cv::Mat part = steady(r);
        cv::Moments top = cv::moments(part.rowRange(0, r.height / 2));
        cv::Moments bottom = cv::moments(part.rowRange(r.height - r.height / 2, r.height));
        if (top.m00 > 0 && bottom.m00 > 0) {
            double shift = top.m10 / top.m00 - bottom.m10 / bottom.m00;
            double top_row = cv::sum(part.row(0))[0] + cv::sum(part.row(1))[0];
            if (shift > r.width * 0.3 && top_row < r.width * 1.2) {
                return '/';
            }
        }
    }
    return 0;
}

bool looks_like_p(const cv::Mat& steady) {
    cv::Mat flipped;
    cv::flip(steady, flipped, 1);
    double both = cv::sum(steady.mul(flipped))[0];
    double own = cv::sum(steady.mul(steady))[0];
    return own > 0 && both / own < 0.7;
}

std::optional<InkRows> ink_rows(const cv::Mat& ink) {
    cv::Mat rows;
    cv::reduce(ink, rows, 1, cv::REDUCE_SUM, CV_32F);
    std::optional<InkRows> found;
    for (int y = 0; y < rows.rows; ++y) {
        if (rows.at<float>(y) > 0.0F) {
            found = InkRows{found ? found->top : y, y};
        }
    }
    return found;
}

int ink_height(const cv::Mat& steady) {
    const std::optional<InkRows> rows = ink_rows(steady);
    return rows ? rows->bottom - rows->top + 1 : 0;
}

bool looks_like_m(const cv::Mat& steady, int digit_height, int digit_width) {
    if (steady.empty() || ink_height(steady) * 100 < digit_height * 85 ||
        steady.cols * 10 < digit_width * 8) {
        return false;
    }
    // Mirror-symmetric about the ink's own middle, to within a pixel (an M's stems may differ
    // by a pixel, and its cell may not be centred on it).
    cv::Mat nonzero;
    cv::Mat bin;
    steady.convertTo(bin, CV_8U, 255.0);
    cv::findNonZero(bin, nonzero);
    if (nonzero.empty()) {
        return false;
    }
    cv::Mat ink = steady(cv::boundingRect(nonzero));
    cv::Mat flipped;
    cv::flip(ink, flipped, 1);
    cv::Mat near;
    cv::dilate(ink, near, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
    cv::Mat matched;
    cv::min(flipped, near, matched);
    double own = cv::sum(flipped)[0];
    if (own <= 0 || cv::sum(matched)[0] / own < 0.85) {
        return false;
    }
    // Both stems reach the top: ink in the top quarter of the ink's rows at the left and the
    // right quarter of its columns (an A, O or V-less round letter has none there).
    cv::Mat ink_rows;
    cv::reduce(steady, ink_rows, 1, cv::REDUCE_SUM, CV_32F);
    int top = 0;
    while (top < ink_rows.rows && ink_rows.at<float>(top) <= 0.0F) {
        ++top;
    }
    cv::Mat ink_cols;
    cv::reduce(steady, ink_cols, 0, cv::REDUCE_SUM, CV_32F);
    int left = 0;
    int right = ink_cols.cols - 1;
    while (left < right && ink_cols.at<float>(left) <= 0.0F) {
        ++left;
    }
    while (right > left && ink_cols.at<float>(right) <= 0.0F) {
        --right;
    }
    const int rows = std::max(1, digit_height / 4);
    const int cols = std::max(1, (right - left + 1) / 4);
    if (top + rows > steady.rows) {
        return false;
    }
    cv::Mat band = steady.rowRange(top, top + rows);
    return cv::sum(band.colRange(left, left + cols))[0] > 0 &&
           cv::sum(band.colRange(right + 1 - cols, right + 1))[0] > 0;
}

bool surely_m(const cv::Mat& steady) {
    cv::Mat bin;
    steady.convertTo(bin, CV_8U, 255.0);
    cv::Mat nonzero;
    cv::findNonZero(bin, nonzero);
    if (nonzero.empty()) {
        return false;
    }
    cv::Mat ink = steady(cv::boundingRect(nonzero)) > 0.0F;
    const int rows = ink.rows;
    // Stem columns: ink over at least 0.7 of the letter's rows (an M's and a U's outer stems,
    // an H's; not a diagonal, a crossbar or a U's bottom).
    std::vector<bool> stem(static_cast<size_t>(ink.cols), false);
    for (int x = 0; x < ink.cols; ++x) {
        stem[static_cast<size_t>(x)] = cv::countNonZero(ink.col(x)) * 10 >= rows * 7;
    }
    int left = 0;
    while (left < ink.cols && !stem[static_cast<size_t>(left)]) {
        ++left;
    }
    while (left < ink.cols && stem[static_cast<size_t>(left)]) {
        ++left;  // the first column past the left stem
    }
    int right = ink.cols - 1;
    while (right >= 0 && !stem[static_cast<size_t>(right)]) {
        --right;
    }
    while (right >= 0 && stem[static_cast<size_t>(right)]) {
        --right;  // the last column before the right stem
    }
    if (left > right) {
        return false;
    }
    // The upper part, above where an H's crossbar lies: rows 0.1 to 0.4 of the letter.
    const int top = std::max(1, rows / 10);
    const int bottom = std::max(top + 1, rows * 4 / 10);
    int rows_with_ink = 0;
    for (int y = top; y < bottom && y < rows; ++y) {
        rows_with_ink += cv::countNonZero(ink.row(y).colRange(left, right + 1)) > 0 ? 1 : 0;
    }
    return rows_with_ink * 2 >= bottom - top;
}

}  // namespace footage::indexers::osd
