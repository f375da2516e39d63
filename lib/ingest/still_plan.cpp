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
constexpr double kSizeFactor = 3.0;       // a packet this many spreads above usual is activity
constexpr double kMinExcessBytes = 32.0;  // ... and at least this many bytes above it
constexpr double kMaxMarkedShare = 0.5;   // more GOPs marked by size: the sizes are heavy-tailed
constexpr double kOutlierFactor = 3.0;    // ... then a GOP's extreme must stand out this much
constexpr double kMinStillShare = 0.1;    // less of the recording still: decode everything
// Decoding work of a frame, in bytes: its packet's bytes (entropy decoding) plus a fixed part
// for the pixels every frame reconstructs. The packets do not tell the frame's area, so the
// fixed part is the stream's median packet size: a rough estimate, used only with a margin.
constexpr double kFixedCostShare = 1.0;
constexpr double kPayFactor = 2.0;  // the best-case saving must be this many times the price
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

// Marks GOPs holding a packet well above the usual size for its place in the GOP.
void mark_large_packets(std::vector<Gop>& gops) {
    size_t longest = 0;
    for (const Gop& gop : gops) {
        longest = std::max(longest, gop.sizes.size());
    }
    std::vector<std::vector<double>> residuals(gops.size());
    std::vector<double> pooled;
    for (size_t position = 0; position < longest; ++position) {
        std::vector<double> sizes;
        for (const Gop& gop : gops) {
            if (position < gop.sizes.size()) {
                sizes.push_back(gop.sizes[position]);
            }
        }
        const bool known = sizes.size() >= kMinSamples;
        const double usual = known ? median_of(sizes) : 0.0;
        for (size_t g = 0; g < gops.size(); ++g) {
            if (position >= gops[g].sizes.size()) {
                continue;
            }
            if (!known) {
                gops[g].active = true;  // an unusually long GOP: nothing to compare it with
                continue;
            }
            double residual = gops[g].sizes[position] - usual;
            residuals[g].push_back(residual);
            pooled.push_back(std::abs(residual));
        }
    }
    if (pooled.empty()) {
        return;
    }
    const double sigma = 1.4826 * median_of(pooled);
    double high = std::max(kMinExcessBytes, kSizeFactor * sigma);
    double low = -high;
    // Each GOP's largest and smallest residual. When the limits above mark most GOPs, the
    // stream's sizes are heavy-tailed (rate control alternating big and skip-heavy P-frames,
    // strong sensor noise) and a single packet says little: a GOP is then marked only when it
    // stands out from the other GOPs' extremes.
    std::vector<double> highest(gops.size(), 0.0);
    std::vector<double> lowest(gops.size(), 0.0);
    size_t marked = 0;
    for (size_t g = 0; g < gops.size(); ++g) {
        for (double residual : residuals[g]) {
            highest[g] = std::max(highest[g], residual);
            lowest[g] = std::min(lowest[g], residual);
        }
        marked += highest[g] > high || lowest[g] < low ? 1 : 0;
    }
    if (static_cast<double>(marked) > kMaxMarkedShare * static_cast<double>(gops.size())) {
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
    }
    for (size_t g = 0; g < gops.size(); ++g) {
        if (highest[g] > high || lowest[g] < low) {
            gops[g].active = true;
        }
    }
}

}  // namespace

StillPlan plan_stills(const std::vector<media::PacketInfo>& packets,
                      const std::map<int64_t, bool>& keyframe_differs) {
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
    gops.front().active = true;
    gops.back().active = true;
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

bool checking_pays(const std::vector<media::PacketInfo>& packets) {
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
    const double fixed = kFixedCostShare * median_of(sizes);
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

}  // namespace footage::ingest
