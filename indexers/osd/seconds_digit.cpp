#include "indexers/osd/seconds_digit.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <utility>

#include <opencv2/imgproc.hpp>

namespace footage::indexers::osd {
namespace {

constexpr int kChangeLevel = 40;  // grey levels: a text stroke appearing or leaving
// Text of the background's own tone (plain white over a bright sky or wall, black over a dark
// scene) changes by less than kChangeLevel, and sensor noise is as large as that contrast: a
// faint change counts where its 3x3 neighbourhood changed the same way by as much (noise
// averages out there, a stroke does not), and one of its two tones is the text's (near white or
// near black).
constexpr int kFaintChangeLevel = 16;

// OSD text is near white or near black; a background moving among mid tones is no change.
int tone(uint8_t v) { return v >= 190 ? 2 : v <= 60 ? 0 : 1; }

// The pixel at (x, y) changed faintly from `before` to `after`, with its 3x3 neighbourhood
// (edges replicated), beside a tone of the text's.
bool faint_change(const cv::Mat& before, const cv::Mat& after, int x, int y) {
    const int b = before.at<uint8_t>(y, x);
    const int a = after.at<uint8_t>(y, x);
    if (std::abs(a - b) <= kFaintChangeLevel || (tone(static_cast<uint8_t>(std::max(a, b))) != 2 &&
                                                 tone(static_cast<uint8_t>(std::min(a, b))) != 0)) {
        return false;
    }
    int sum = 0;
    for (int dy = -1; dy <= 1; ++dy) {
        const int yy = std::clamp(y + dy, 0, before.rows - 1);
        for (int dx = -1; dx <= 1; ++dx) {
            const int xx = std::clamp(x + dx, 0, before.cols - 1);
            sum += after.at<uint8_t>(yy, xx) - before.at<uint8_t>(yy, xx);
        }
    }
    return std::abs(sum) > 9 * kFaintChangeLevel && (sum > 0) == (a > b);
}

// Whether any of the eight bytes at `p` is above `level` (under 128), in one word: adding
// 127 - level sets a byte's top bit where it is above (a carry out of a byte needs one above).
bool any_byte_above(const uint8_t* p, int level) {
    constexpr uint64_t kOnes = 0x0101010101010101;
    uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    return (((word + kOnes * static_cast<uint64_t>(127 - level)) | word) & (kOnes * 0x80)) != 0;
}

uint64_t boundaries(const std::vector<Frame>& window, double rate, double phase) {
    uint64_t mask = 0;
    for (size_t i = 0; i + 1 < window.size(); ++i) {
        if (floor_div(rate * window[i].t + phase) != floor_div(rate * window[i + 1].t + phase)) {
            mask |= uint64_t{1} << i;
        }
    }
    return mask;
}

// The densest blob of period pixels: the seconds' units digit.
std::optional<std::pair<cv::Rect, int>> seconds_box(const cv::Mat& mask, const cv::Mat& strength) {
    cv::Mat grown;
    cv::dilate(mask, grown, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5)));
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    int n = cv::connectedComponentsWithStats(grown, labels, stats, centroids, 8, CV_32S);
    std::vector<int> counts(static_cast<size_t>(n), 0);
    for (int y = 0; y < mask.rows; ++y) {
        for (int x = 0; x < mask.cols; ++x) {
            if (mask.at<uint8_t>(y, x) != 0) {
                ++counts[static_cast<size_t>(labels.at<int>(y, x))];
            }
        }
    }
    int best = 0;
    for (int i = 1; i < n; ++i) {
        if (counts[static_cast<size_t>(i)] > counts[static_cast<size_t>(best)] || best == 0) {
            best = i;
        }
    }
    if (best == 0 || counts[static_cast<size_t>(best)] < 12) {
        return std::nullopt;
    }
    cv::Mat own = (labels == best) & mask;
    cv::Rect box = cv::boundingRect(own);
    // Compression spreads some change into the tens: keep the columns of strong change (a
    // digit is narrower than it is tall).
    if (box.width * 10 <= box.height * 9) {
        return std::make_pair(box, counts[static_cast<size_t>(best)]);
    }
    std::vector<double> profile(static_cast<size_t>(box.width), 0.0);
    for (int y = box.y; y < box.br().y; ++y) {
        for (int x = box.x; x < box.br().x; ++x) {
            if (own.at<uint8_t>(y, x) != 0) {
                profile[static_cast<size_t>(x - box.x)] += strength.at<float>(y, x);
            }
        }
    }
    size_t peak =
        static_cast<size_t>(std::max_element(profile.begin(), profile.end()) - profile.begin());
    double floor_level = profile[peak] * 0.25;
    size_t left = peak;
    size_t right = peak;
    while (left > 0 && profile[left - 1] >= floor_level) {
        --left;
    }
    while (right + 1 < profile.size() && profile[right + 1] >= floor_level) {
        ++right;
    }
    box.x += static_cast<int>(left);
    box.width = static_cast<int>(right - left + 1);
    if (box.height < 6 || box.width > box.height * 2) {
        return std::nullopt;
    }
    return std::make_pair(box, counts[static_cast<size_t>(best)]);
}

cv::Mat period_mask(const cv::Mat& like, const std::vector<uint64_t>& bits, uint64_t pairs) {
    cv::Mat mask = cv::Mat::zeros(like.size(), CV_8U);
    for (int y = 0; y < like.rows; ++y) {
        for (int x = 0; x < like.cols; ++x) {
            if (follows(bits[static_cast<size_t>(y) * like.cols + x], pairs, 3)) {
                mask.at<uint8_t>(y, x) = 255;
            }
        }
    }
    return mask;
}

}  // namespace

// Per pixel: one bit per consecutive pair of window frames where it changed strongly, from one
// tone to another (or faintly, when asked).
std::vector<uint64_t> change_bits(const std::vector<Frame>& window, Changes which) {
    const cv::Mat& first = window.front().grey;
    std::vector<uint64_t> bits(static_cast<size_t>(first.rows) * first.cols, 0);
    cv::Mat diff;
    const bool faint = which == Changes::faint_too;
    // Few pixels change between two frames: eight at a time are passed over unless one changed
    // by more than the least change counted.
    const int least = faint ? kFaintChangeLevel : kChangeLevel;
    for (size_t i = 0; i + 1 < window.size(); ++i) {
        cv::absdiff(window[i].grey, window[i + 1].grey, diff);
        for (int y = 0; y < diff.rows; ++y) {
            const uint8_t* row = diff.ptr<uint8_t>(y);
            const uint8_t* before = window[i].grey.ptr<uint8_t>(y);
            const uint8_t* after = window[i + 1].grey.ptr<uint8_t>(y);
            uint64_t* out = bits.data() + static_cast<size_t>(y) * diff.cols;
            for (int x0 = 0; x0 < diff.cols; x0 += 8) {
                const int x1 = std::min(x0 + 8, diff.cols);
                if (x1 - x0 == 8 && !any_byte_above(row + x0, least)) {
                    continue;
                }
                for (int x = x0; x < x1; ++x) {
                    if ((row[x] > kChangeLevel && tone(before[x]) != tone(after[x])) ||
                        (faint && row[x] > kFaintChangeLevel &&
                         faint_change(window[i].grey, window[i + 1].grey, x, y))) {
                        out[x] |= uint64_t{1} << i;
                    }
                }
            }
        }
    }
    return bits;
}

std::vector<size_t> learning_window(const std::vector<Frame>& frames, size_t start,
                                    double seconds) {
    std::vector<size_t> apart{start};
    for (size_t i = start + 1; i < frames.size() && frames[i].t - frames[start].t <= seconds; ++i) {
        if (frames[i].t - frames[apart.back()].t >= 0.15) {
            apart.push_back(i);
        }
    }
    if (apart.size() <= kMaxPairs) {
        return apart;
    }
    std::vector<size_t> spread;
    spread.reserve(kMaxPairs);
    for (size_t k = 0; k < kMaxPairs; ++k) {
        spread.push_back(apart[k * (apart.size() - 1) / (kMaxPairs - 1)]);
    }
    return spread;
}

bool follows(uint64_t bits, uint64_t boundary_pairs, int min_changes) {
    int in = std::popcount(bits & boundary_pairs);
    int out = std::popcount(bits & ~boundary_pairs);
    return in >= min_changes && out * 4 <= in;
}

bool tens_left_of_units(const std::vector<uint64_t>& bits, int width, const Period& period,
                        int x0) {
    const cv::Rect& box = period.box;
    const int boundaries = std::popcount(period.boundary_pairs);
    int tens_pixels = 0;
    for (int y = box.y; y < box.br().y; ++y) {
        for (int x = std::max(0, x0); x < box.x; ++x) {
            const uint64_t b =
                bits[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)];
            if (b != 0 && (b & ~period.boundary_pairs) == 0 && std::popcount(b) * 2 < boundaries) {
                ++tens_pixels;
            }
        }
    }
    return tens_pixels >= box.height;
}

namespace {

// How well a boundary mask (which frame pairs straddle a second) explains the picture: the
// densest 32x32 block of pixels that change on those boundaries only (a digit, not scattered
// background), times the share of the boundaries at which any of them changed: the units digit
// changes at every second, while a passing object (a car stepping at a low frame rate) can
// follow the rhythm with many pixels, but only for the seconds it takes to pass. Candidates are
// the pixels that change sometimes but not always.
class BoundaryScore {
  public:
    static constexpr int kBlock = 16;

    BoundaryScore(const std::vector<Frame>& window, const std::vector<uint64_t>& bits)
        : m_blocks_x(window.front().grey.cols / kBlock + 2),
          m_blocks_y(window.front().grey.rows / kBlock + 2),
          m_per_block(static_cast<size_t>(m_blocks_x * m_blocks_y)),
          m_block_changes(m_per_block.size(), 0) {
        const cv::Mat& like = window.front().grey;
        const size_t pairs = window.size() - 1;
        for (int y = 0; y < like.rows; ++y) {
            for (int x = 0; x < like.cols; ++x) {
                uint64_t b = bits[static_cast<size_t>(y) * like.cols + x];
                int n = std::popcount(b);
                if (n >= 3 && static_cast<size_t>(n) * 2 <= pairs) {
                    m_candidates.push_back(b);
                    m_candidate_block.push_back((y / kBlock) * m_blocks_x + x / kBlock);
                }
            }
        }
    }

    int operator()(uint64_t mask) {
        std::fill(m_per_block.begin(), m_per_block.end(), 0);
        std::fill(m_block_changes.begin(), m_block_changes.end(), uint64_t{0});
        for (size_t i = 0; i < m_candidates.size(); ++i) {
            if (follows(m_candidates[i], mask, 3)) {
                const auto block = static_cast<size_t>(m_candidate_block[i]);
                ++m_per_block[block];
                m_block_changes[block] |= m_candidates[i] & mask;
            }
        }
        const int boundaries = std::max(1, std::popcount(mask));
        int best = 0;
        for (int by = 0; by + 1 < m_blocks_y; ++by) {
            for (int bx = 0; bx + 1 < m_blocks_x; ++bx) {
                int pixels = 0;
                uint64_t changed = 0;
                for (int dy = 0; dy < 2; ++dy) {
                    for (int dx = 0; dx < 2; ++dx) {
                        const auto block = static_cast<size_t>((by + dy) * m_blocks_x + bx + dx);
                        pixels += m_per_block[block];
                        changed |= m_block_changes[block];
                    }
                }
                best = std::max(best, pixels * std::popcount(changed) / boundaries);
            }
        }
        return best;
    }

  private:
    int m_blocks_x;
    int m_blocks_y;
    std::vector<uint64_t> m_candidates;
    std::vector<int> m_candidate_block;
    std::vector<int> m_per_block;
    std::vector<uint64_t> m_block_changes;  // per block: the boundaries at which it changed
};

// The best rate and phase: at the nominal rate (1 s a second), and at any other rate within
// 6%, 25 phases each.
void search_rates(const std::vector<Frame>& window, BoundaryScore& score, Period& nominal,
                  Period& other) {
    for (int r = -12; r <= 12; ++r) {
        double rate = 1.0 + 0.005 * r;
        Period& best = r == 0 ? nominal : other;
        for (int p = 0; p < 25; ++p) {
            double phase = p / 25.0;
            uint64_t mask = boundaries(window, rate, phase);
            int count = score(mask);
            if (count > best.pixels) {
                best.pixels = count;
                best.rate = rate;
                best.phase = phase;
                best.boundary_pairs = mask;
            }
        }
    }
}

// Of the phases that explain the changes equally well, the middle one.
void center_phase(const std::vector<Frame>& window, BoundaryScore& score, Period& candidate) {
    std::array<int, 25> counts{};
    for (int p = 0; p < 25; ++p) {
        counts[static_cast<size_t>(p)] = score(boundaries(window, candidate.rate, p / 25.0));
    }
    int at = static_cast<int>(std::lround(candidate.phase * 25.0)) % 25;
    int lo = 0;
    int hi = 0;
    const int near = candidate.pixels * 9 / 10;
    while (lo > -24 && counts[static_cast<size_t>((at + lo - 1 + 25) % 25)] >= near) {
        --lo;
    }
    while (hi < 24 && counts[static_cast<size_t>((at + hi + 1) % 25)] >= near) {
        ++hi;
    }
    double middle = (at + (lo + hi) / 2.0) / 25.0;
    candidate.phase = middle - std::floor(middle);
    candidate.boundary_pairs = boundaries(window, candidate.rate, candidate.phase);
}

}  // namespace

namespace {

// The rate and phase at which the most pixels change only on second boundaries. A rate other
// than the video's own must make a clearly larger seconds digit (a moving background has
// pixels that follow any rhythm for a while).
std::optional<Period> period_from(const std::vector<Frame>& window,
                                  const std::vector<uint64_t>& bits) {
    BoundaryScore score(window, bits);
    Period nominal;
    Period other;
    search_rates(window, score, nominal, other);
    for (Period* candidate : {&nominal, &other}) {
        center_phase(window, score, *candidate);
    }
    // The one whose changes make a digit's box, clearly more than the other's.
    const cv::Mat& first = window.front().grey;
    std::optional<Period> chosen;
    int chosen_pixels = 0;
    int chosen_score = 0;
    for (Period* candidate : {&nominal, &other}) {
        if (candidate->pixels == 0) {
            continue;
        }
        candidate->seconds_mask = period_mask(first, bits, candidate->boundary_pairs);
        cv::Mat strength = cv::Mat::zeros(first.size(), CV_32F);
        for (int y = 0; y < first.rows; ++y) {
            for (int x = 0; x < first.cols; ++x) {
                strength.at<float>(y, x) = static_cast<float>(std::popcount(
                    bits[static_cast<size_t>(y) * first.cols + x] & candidate->boundary_pairs));
            }
        }
        std::optional<std::pair<cv::Rect, int>> digit =
            seconds_box(candidate->seconds_mask, strength);
        // Clearly larger both in its blob and in its score (which counts the share of the
        // boundaries it changed at: a passing object's blob can be the larger).
        if (digit && digit->second > chosen_pixels * 13 / 10 &&
            candidate->pixels > chosen_score * 13 / 10) {
            candidate->box = digit->first;
            chosen = *candidate;
            chosen_pixels = digit->second;
            chosen_score = candidate->pixels;
        }
    }
    return chosen;
}

}  // namespace

namespace {

// At a low bitrate a keyframe redraws the whole line of text (a year's 0 drawn as a 6 at one,
// as a 0 again at the next; the new second drawn only there): its pixels change together at
// the keyframes, ~once a second, while a second's change touches a digit or two. Per 16x16
// block, a pair at which it and the three blocks on one side of it changed, and their strip
// changes at few other pairs, is such a redraw: the block's changes at it are dropped.
std::vector<uint64_t> without_redraws(const cv::Mat& like, std::vector<uint64_t> bits,
                                      size_t pairs) {
    constexpr int kBlock = 16;
    constexpr int kSide = 3;
    const int blocks_x = (like.cols + kBlock - 1) / kBlock;
    const int blocks_y = (like.rows + kBlock - 1) / kBlock;
    std::vector<uint64_t> changed(static_cast<size_t>(blocks_x) * blocks_y, 0);
    for (int y = 0; y < like.rows; ++y) {
        for (int x = 0; x < like.cols; ++x) {
            changed[static_cast<size_t>((y / kBlock) * blocks_x + x / kBlock)] |=
                bits[static_cast<size_t>(y) * like.cols + x];
        }
    }
    // The pairs at which all but one of the strip's blocks changed, far more than usual there.
    std::vector<int> per_pair(pairs, 0);
    auto redrawn = [&](int by, int from, int to) {
        std::fill(per_pair.begin(), per_pair.end(), 0);
        for (int b = from; b <= to; ++b) {
            const uint64_t c = changed[static_cast<size_t>(by * blocks_x + b)];
            for (size_t i = 0; i < pairs; ++i) {
                per_pair[i] += static_cast<int>((c >> i) & 1U);
            }
        }
        std::vector<int> sorted = per_pair;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(pairs / 2),
                         sorted.end());
        const int usual = sorted[pairs / 2];
        uint64_t r = 0;
        for (size_t i = 0; i < pairs; ++i) {
            if (per_pair[i] >= to - from && per_pair[i] >= 2 * usual + 2) {
                r |= uint64_t{1} << i;
            }
        }
        return r;
    };
    std::vector<uint64_t> redraws(changed.size(), 0);
    for (int by = 0; by < blocks_y; ++by) {
        for (int bx = 0; bx < blocks_x; ++bx) {
            const uint64_t own = changed[static_cast<size_t>(by * blocks_x + bx)];
            uint64_t r = 0;
            if (bx >= kSide) {
                r |= redrawn(by, bx - kSide, bx);
            }
            if (bx + kSide < blocks_x) {
                r |= redrawn(by, bx, bx + kSide);
            }
            redraws[static_cast<size_t>(by * blocks_x + bx)] = r & own;
        }
    }
    for (int y = 0; y < like.rows; ++y) {
        for (int x = 0; x < like.cols; ++x) {
            bits[static_cast<size_t>(y) * like.cols + x] &=
                ~redraws[static_cast<size_t>((y / kBlock) * blocks_x + x / kBlock)];
        }
    }
    return bits;
}

}  // namespace

// Strong changes first; faint ones only where those show no clock (counted everywhere, they let
// noise into a clear clock's digit). Where the strong changes show no clock at the video's own
// rate, they are looked at again without the keyframes' redraws of the line (a GOP near 1 s
// makes them a rhythm near the clock's; counted always, they cut a clear clock's ink).
std::optional<Period> find_period(const std::vector<Frame>& window,
                                  const std::vector<uint64_t>& bits) {
    std::optional<Period> found = period_from(window, bits);
    if (!found || found->rate != 1.0) {
        std::optional<Period> own_rate =
            period_from(window, without_redraws(window.front().grey, bits, window.size() - 1));
        if (own_rate && own_rate->rate == 1.0) {
            found = own_rate;
        }
    }
    if (!found) {
        found = period_from(window, change_bits(window, Changes::faint_too));
    }
    return found;
}

}  // namespace footage::indexers::osd
