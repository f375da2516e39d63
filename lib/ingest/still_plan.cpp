#include "lib/ingest/still_plan.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "lib/timecode/units.hpp"

namespace footage::ingest {

namespace {

constexpr size_t kMinGops = 4;            // fewer: not enough evidence to call anything still
constexpr size_t kMinSamples = 5;         // GOPs needed to know a packet position's usual size
constexpr double kSizeFactor = 3.0;       // a packet this many spreads from usual is unusual
constexpr double kMinExcessBytes = 32.0;  // ... and at least this many bytes from it
constexpr size_t kUnusualCount = 2;       // this many unusual packets in a GOP are activity
constexpr double kLoneFactor = 4.5;       // ... or one this many spreads from usual
constexpr double kWindowSeconds = 1.0;    // packets summed to see a shift that lasts
constexpr long kMinWindow = 4;
constexpr long kMaxWindow = 60;
constexpr double kWindowFactor = 4.5;    // ... and how far from usual the sum must be
constexpr double kMaxMarkedShare = 0.5;  // more GOPs marked by size: the sizes are heavy-tailed
constexpr double kOutlierFactor = 3.0;   // ... then a GOP's extreme must stand out this much
constexpr double kMinStillShare = 0.1;   // less of the recording still: decode everything
// Decoding work of a frame, in bytes: its packet's bytes (entropy decoding) plus a fixed part
// for the pixels every frame reconstructs. Measured on 1080p H.264 (skip_loop_filter, 2 cores):
// 1.25 ms per frame plus 0.1 ms per KB, so the fixed part is worth ~12 KB, 6 bytes per 1000
// pixels. The stream's median packet size is the floor (small frames have per-frame costs of
// their own); alone, it makes checking 1080p footage look much dearer than it is.
constexpr double kFixedBytesPerPixel = 0.006;
// The best-case saving must be this many times the price. Measured on the bench clips: at a best
// case of 2.06 (the held-out-like 720p clip: 22% skipped, in nine short runs) checking saved
// nothing (1.01x the --exhaustive CPU time); at 3.6 (static grid) it saved 30%.
constexpr double kPayFactor = 2.25;
// Once an eighth of the GOPs (at least kMinProbe) is behind the keyframe check, if the changes
// found there keep decoded all but kMinCleanShare of the GOPs the packet sizes left to skip (and
// there were kMinOpen of those at least), little will be skipped: the check stops and everything
// is decoded.
constexpr size_t kMinProbe = 16;
constexpr size_t kProbeDivisor = 8;
constexpr size_t kMinOpen = 8;
constexpr double kMinCleanShare = 0.3;
using timecode::kOpenEnd;

struct Gop {
    int64_t start_us = 0;        // the keyframe's pts
    std::vector<int32_t> sizes;  // the other packets, in decode order
    bool active = false;
};

double median_of(std::vector<double> values) {
    auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

// The recording's own noise model of packet sizes: at each place in the GOP, the usual size
// (the median over the GOPs) and a spread that grows with the square root of that size, as the
// count of blocks that noise makes the encoder code does; scaled to the recording's spread.
struct SizeNoise {
    std::vector<double> usual;                   // bytes, by place in the GOP
    std::vector<bool> known;                     // ... where enough GOPs reach to know it
    std::vector<double> spread;                  // bytes, by place in the GOP
    std::vector<std::vector<double>> residuals;  // by GOP, in decode order
    double pooled = 0.0;  // the spread of a packet of the stream's median size
};

SizeNoise size_noise(const std::vector<Gop>& gops) {
    size_t longest = 0;
    for (const Gop& gop : gops) {
        longest = std::max(longest, gop.sizes.size());
    }
    SizeNoise noise;
    noise.usual.resize(longest, 0.0);
    noise.known.resize(longest, false);
    noise.spread.resize(longest, 0.0);
    noise.residuals.resize(gops.size());
    std::vector<double> pooled;
    std::vector<double> all_sizes;
    for (size_t position = 0; position < longest; ++position) {
        std::vector<double> sizes;
        for (const Gop& gop : gops) {
            if (position < gop.sizes.size()) {
                sizes.push_back(gop.sizes[position]);
            }
        }
        noise.known[position] = sizes.size() >= kMinSamples;
        if (!noise.known[position]) {
            continue;
        }
        noise.usual[position] = median_of(sizes);
        for (size_t g = 0; g < gops.size(); ++g) {
            if (position < gops[g].sizes.size()) {
                const double residual = gops[g].sizes[position] - noise.usual[position];
                noise.residuals[g].push_back(residual);
                pooled.push_back(std::abs(residual));
            }
        }
        all_sizes.insert(all_sizes.end(), sizes.begin(), sizes.end());
    }
    if (pooled.empty()) {
        return noise;
    }
    noise.pooled = 1.4826 * median_of(pooled);
    const double typical = std::max(1.0, median_of(all_sizes));
    for (size_t position = 0; position < longest; ++position) {
        noise.spread[position] =
            noise.pooled * std::sqrt(std::max(1.0, noise.usual[position]) / typical);
    }
    return noise;
}

// When most GOPs look unusual by the noise model, the stream's sizes are heavy-tailed (rate
// control alternating big and skip-heavy P-frames, strong sensor noise) and a single packet says
// little: a GOP is then marked only when its extreme stands out from the other GOPs' extremes.
void mark_outlying_gops(std::vector<Gop>& gops, const SizeNoise& noise) {
    const double sigma = noise.pooled;
    double high = std::max(kMinExcessBytes, kSizeFactor * sigma);
    double low = -high;
    std::vector<double> highest(gops.size(), 0.0);
    std::vector<double> lowest(gops.size(), 0.0);
    for (size_t g = 0; g < gops.size(); ++g) {
        for (double residual : noise.residuals[g]) {
            highest[g] = std::max(highest[g], residual);
            lowest[g] = std::min(lowest[g], residual);
        }
    }
    auto outlier_limit = [&](const std::vector<double>& extremes, double sign) {
        const double usual = median_of(extremes);
        std::vector<double> spread;
        for (double value : extremes) {
            spread.push_back(std::abs(value - usual));
        }
        const double scale = std::max(sigma, 1.4826 * median_of(spread));
        return usual + sign * kOutlierFactor * scale;
    };
    high = std::max(high, outlier_limit(highest, 1.0));
    low = std::min(low, outlier_limit(lowest, -1.0));
    for (size_t g = 0; g < gops.size(); ++g) {
        if (highest[g] > high || lowest[g] < low) {
            gops[g].active = true;
        }
    }
}

// Of the GOPs a window of packets spans, the one whose packets moved its sum the most in the
// direction it moved (the margins around it cover the others).
size_t main_contributor(const std::vector<double>& scores, const std::vector<size_t>& owner,
                        size_t first, size_t count, bool upwards) {
    size_t best = owner[first];
    double best_sum = 0.0;
    double sum = 0.0;
    for (size_t i = first; i < first + count; ++i) {
        sum += upwards ? scores[i] : -scores[i];
        if (i + 1 == first + count || owner[i + 1] != owner[i]) {
            if (sum > best_sum) {
                best_sum = sum;
                best = owner[i];
            }
            sum = 0.0;
        }
    }
    return best;
}

// Marks the GOP most to blame for any second (kWindowSeconds) of packets whose sizes, together, are
// further from usual than the recording's own seconds are (kWindowFactor robust spreads of the
// sums): an object crossing between two keyframes may raise each packet by less than the noise, but
// all of them, for as long as it moves. The spread of the sums is measured, not derived, so that
// slow drifts (a lighting swell) and rate control's own rhythm count as noise.
void mark_sustained_shifts(std::vector<Gop>& gops, const SizeNoise& noise) {
    std::vector<double> scores;  // residuals in spreads, in decode order
    std::vector<size_t> owner;
    size_t timed = 0;  // packets before the last keyframe
    for (size_t g = 0; g < gops.size(); ++g) {
        for (size_t position = 0; position < noise.residuals[g].size(); ++position) {
            // Clipped: a single large packet is the other rules' to judge, not a second's.
            const double score =
                noise.residuals[g][position] / std::max(1.0, noise.spread[position]);
            scores.push_back(std::clamp(score, -kSizeFactor, kSizeFactor));
            owner.push_back(g);
        }
        timed += g + 1 < gops.size() ? gops[g].sizes.size() + 1 : 0;
    }
    const double seconds = static_cast<double>(gops.back().start_us - gops.front().start_us) / 1e6;
    const double per_second = seconds > 0.0 ? static_cast<double>(timed) / seconds : 0.0;
    const auto window = static_cast<size_t>(
        std::clamp(std::lround(kWindowSeconds * per_second), kMinWindow, kMaxWindow));
    if (scores.size() < 2 * window) {
        return;
    }
    std::vector<double> sums;
    double sum = 0.0;
    for (size_t i = 0; i < scores.size(); ++i) {
        sum += scores[i];
        if (i >= window) {
            sum -= scores[i - window];
        }
        if (i + 1 >= window) {
            sums.push_back(sum);
        }
    }
    const double usual = median_of(sums);
    std::vector<double> deviations;
    for (double value : sums) {
        deviations.push_back(std::abs(value - usual));
    }
    // At least one packet's spread: sums that hardly ever move (constant sizes) are not noise-free.
    const double spread = std::max(1.0, 1.4826 * median_of(deviations));
    for (size_t w = 0; w < sums.size(); ++w) {
        if (std::abs(sums[w] - usual) > kWindowFactor * spread) {
            gops[main_contributor(scores, owner, w, window, sums[w] > usual)].active = true;
        }
    }
}

// Marks GOPs whose packet sizes are unusual for their place in the GOP beyond the recording's
// noise: two packets over kSizeFactor spreads, or one over kLoneFactor. Moving content lasts
// more than a frame; a lone packet a little over must be taken for noise, as one of a GOP's
// dozens of packets often is.
void mark_large_packets(std::vector<Gop>& gops) {
    const SizeNoise noise = size_noise(gops);
    if (noise.residuals.empty()) {
        return;
    }
    std::vector<bool> marked(gops.size(), false);
    size_t marked_count = 0;
    for (size_t g = 0; g < gops.size(); ++g) {
        size_t unusual = 0;
        bool lone = false;
        for (size_t position = 0; position < gops[g].sizes.size(); ++position) {
            if (!noise.known[position]) {
                gops[g].active = true;  // an unusually long GOP: nothing to compare it with
                continue;
            }
            const double excess = std::abs(gops[g].sizes[position] - noise.usual[position]);
            const double spread = noise.spread[position];
            unusual += excess > std::max(kMinExcessBytes, kSizeFactor * spread) ? 1 : 0;
            lone = lone || excess > std::max(kMinExcessBytes, kLoneFactor * spread);
        }
        marked[g] = lone || unusual >= kUnusualCount;
        marked_count += marked[g] ? 1 : 0;
    }
    mark_sustained_shifts(gops, noise);
    if (static_cast<double>(marked_count) > kMaxMarkedShare * static_cast<double>(gops.size())) {
        mark_outlying_gops(gops, noise);
        return;
    }
    for (size_t g = 0; g < gops.size(); ++g) {
        gops[g].active = gops[g].active || marked[g];
    }
}

// The GOPs with what the packets alone say: active where a packet stands out by its size, and
// at both ends. Empty when the evidence is too thin for any plan.
std::vector<Gop> gops_by_size(const std::vector<media::PacketInfo>& packets) {
    std::vector<Gop> gops;
    for (const media::PacketInfo& packet : packets) {
        if (packet.pts_us == timecode::kUnknownTime) {
            return {};
        }
        if (packet.key) {
            Gop gop;
            gop.start_us = packet.pts_us;
            gops.push_back(gop);
        } else if (!gops.empty()) {
            gops.back().sizes.push_back(packet.size);
        }
    }
    if (gops.size() < kMinGops) {
        return {};
    }
    for (size_t g = 1; g < gops.size(); ++g) {
        if (gops[g].start_us <= gops[g - 1].start_us) {
            return {};  // keyframes out of order: the timestamps cannot be trusted
        }
    }
    mark_large_packets(gops);
    gops.front().active = true;
    gops.back().active = true;
    return gops;
}

// Whether keyframe `g`'s check can change the plan. Its result decides only whether GOP g - 1
// is active, and a keyframe left unchecked marks GOPs g - 1 and g active: when both already are,
// the check cannot matter (nor can it as the next keyframe's reference, whose result decides
// only GOP g).
bool worth_checking(const std::vector<Gop>& gops, size_t g) {
    return !(gops[g].active && (g == 0 || gops[g - 1].active));
}

}  // namespace

StillPlan plan_stills(const std::vector<media::PacketInfo>& packets,
                      const std::map<int64_t, bool>& keyframe_differs) {
    std::vector<Gop> gops = gops_by_size(packets);
    if (gops.empty()) {
        return {};
    }
    // A GOP whose own keyframe or the next one did not decode, or whose next keyframe shows a
    // change, may hold motion.
    for (size_t g = 0; g < gops.size(); ++g) {
        auto own = keyframe_differs.find(gops[g].start_us);
        if (own == keyframe_differs.end()) {
            gops[g].active = true;
            if (g > 0) {
                gops[g - 1].active = true;
            }
        } else if (own->second && g > 0) {
            gops[g - 1].active = true;
        }
    }
    std::vector<bool> decode(gops.size(), false);
    for (size_t g = 0; g < gops.size(); ++g) {
        if (gops[g].active) {
            for (size_t n = g > 0 ? g - 1 : 0; n <= std::min(g + 1, gops.size() - 1); ++n) {
                decode[n] = true;
            }
        }
    }
    StillPlan plan;
    int64_t still_us = 0;
    for (size_t g = 0; g < gops.size(); ++g) {
        const int64_t start = g == 0 ? 0 : gops[g].start_us;
        const int64_t end = g + 1 < gops.size() ? gops[g + 1].start_us : kOpenEnd;
        std::vector<media::Span>& spans = decode[g] ? plan.decode : plan.still;
        if (!spans.empty() && spans.back().end_us == start) {
            spans.back().end_us = end;
        } else {
            spans.push_back(media::Span{start, end});
        }
        if (!decode[g]) {
            still_us += end - start;
        }
    }
    const int64_t length_us = gops.back().start_us;
    if (plan.still.empty() ||
        static_cast<double>(still_us) < kMinStillShare * static_cast<double>(length_us)) {
        return {};
    }
    return plan;
}

bool checking_pays(const std::vector<media::PacketInfo>& packets, int64_t frame_pixels) {
    std::map<int64_t, bool> unchanged;
    std::vector<double> sizes;
    for (const media::PacketInfo& packet : packets) {
        if (packet.key) {
            unchanged.emplace(packet.pts_us, unchanged.empty());
        }
        sizes.push_back(packet.size);
    }
    StillPlan best = plan_stills(packets, unchanged);
    if (best.still.empty()) {
        return false;
    }
    const double fixed =
        std::max(median_of(sizes), kFixedBytesPerPixel * static_cast<double>(frame_pixels));
    double saving = 0.0;
    double price = 0.0;
    for (const media::PacketInfo& packet : packets) {
        // The last still span starting at or before the packet (the spans are sorted).
        auto after = std::upper_bound(
            best.still.begin(), best.still.end(), packet.pts_us,
            [](int64_t pts, const media::Span& span) { return pts < span.start_us; });
        const bool still = after != best.still.begin() && packet.pts_us < std::prev(after)->end_us;
        const double work = fixed + packet.size;
        if (packet.key && !still) {
            price += work;
        } else if (!packet.key && still) {
            saving += work;
        }
    }
    return saving >= kPayFactor * price;
}

KeyframeCheck::KeyframeCheck(const std::vector<media::PacketInfo>& packets) : m_packets(packets) {
    std::vector<Gop> gops = gops_by_size(packets);
    m_wanted.resize(gops.size());
    m_kept.resize(gops.size(), false);
    for (size_t g = 0; g < gops.size(); ++g) {
        m_gop_of.emplace(gops[g].start_us, g);
        m_wanted[g] = worth_checking(gops, g);
        if (gops[g].active) {
            keep(g > 0 ? g - 1 : 0);
            keep(g);
            keep(g + 1);
        }
    }
    m_by_size = m_kept;
    m_probe = std::max(kMinProbe, gops.size() / kProbeDivisor);
}

bool KeyframeCheck::wanted(int64_t pts_us) const {
    auto found = m_gop_of.find(pts_us);
    return found == m_gop_of.end() || m_wanted[found->second];
}

void KeyframeCheck::keep(size_t gop) {
    if (gop < m_kept.size() && !m_kept[gop]) {
        m_kept[gop] = true;
        m_clean_seen -= gop < m_seen ? 1 : 0;  // only GOPs open by size are ever newly kept
    }
}

bool KeyframeCheck::record(int64_t pts_us, bool differs) {
    m_differs[pts_us] = differs;
    auto found = m_gop_of.find(pts_us);
    if (found == m_gop_of.end()) {
        return true;
    }
    const size_t g = found->second;
    for (; m_seen <= g; ++m_seen) {
        m_open_seen += m_by_size[m_seen] ? 0 : 1;
        m_clean_seen += m_kept[m_seen] ? 0 : 1;
    }
    if (differs && g > 0) {  // GOP g - 1 may hold motion: it and one either side are decoded
        keep(g - 1 > 0 ? g - 2 : 0);
        keep(g - 1);
        keep(g);
    }
    return m_seen < m_probe || m_open_seen < kMinOpen ||
           static_cast<double>(m_clean_seen) >= kMinCleanShare * static_cast<double>(m_open_seen);
}

}  // namespace footage::ingest
