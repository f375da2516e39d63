#pragma once
// What a tracked object looks like, to find it again elsewhere (`search --like`): colour
// histograms of three horizontal stripes of its box (for a person roughly head and shoulders,
// body, legs), with the brightness measured against the box's own median so that the same
// clothes under other light fall in the same bins; averaged over the track's examined frames,
// larger and surer sightings counting more. Computed on the frames the object pass already
// decodes; stored in 32 bytes a track.
//
// Measured by bench/appearance_bench.sh (figures in README, on index --objects): it finds a
// person again by the colours of their clothes, stripe by stripe; it cannot tell apart people
// dressed alike (dark coats), and a track that swapped between two people looks like a mix.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "lib/media/box.hpp"

namespace footage::indexers::objects {

inline constexpr size_t kStripes = 3;
// Frames seen only through the detector's windows give a look this often (whole frames always):
// on vtest.avi a look every 1.2 s ranked about as well as one every examined frame (0.4 s: mAP
// 0.66 and 0.67 in Python on the same boxes), and each costs a scale of the frame.
inline constexpr int64_t kLookPeriodUs = 1'200'000;
inline constexpr size_t kHueBins = 8;
inline constexpr size_t kColorBins = 3 + 2 * kHueBins;  // dark, grey, light; hue x (dark, light)

using ColorHistogram = std::array<float, kColorBins>;  // fractions summing to 1

struct Appearance {
    std::array<ColorHistogram, kStripes> stripes{};  // top to bottom
    std::string upper_color;  // palette names (color_name.hpp) of the box's halves
    std::string lower_color;
};

// Whether tracks of this COCO class keep a look: people and vehicles (what --like follows);
// other classes (and the detector's stray boxes) would cost storage for no use.
bool keeps_look(std::string_view label);

// Blob of the catalog's object_appearance.descriptor: a version byte, the halves' colour names
// as palette indices (color_name.hpp), then each stripe's bins as 4-bit square roots (two a
// byte): 3 + 3 x 19 / 2 = 32 bytes.
std::vector<uint8_t> encode_appearance(const Appearance& appearance);
// Nullopt for a blob of another version or length (an older or newer footage wrote it: their
// similarities cannot be compared with this one's).
std::optional<Appearance> decode_appearance(const std::vector<uint8_t>& blob);

// 0..1, 1 for the same look: the stripes' histogram overlaps (Bhattacharyya), averaged.
double appearance_similarity(const Appearance& a, const Appearance& b);

// Several appearances of one object (pieces of a track joined across files) as one, each
// weighted (by its sightings).
Appearance blend_appearances(const std::vector<std::pair<Appearance, double>>& parts);

// The per-frame part, exposed for tests: the stripes of `bgr` inside `rect` (pixels).
std::array<ColorHistogram, kStripes> stripe_histograms(const cv::Mat& bgr, const cv::Rect& rect);

// What one detection looks like in one frame: its stripes (the tracker compares them to keep
// two people apart), how much it counts in its track's appearance, its halves' colour names.
struct Look {
    std::array<ColorHistogram, kStripes> stripes{};
    double weight = 0.0;  // larger and surer sightings more
    std::string upper_color;
    std::string lower_color;
};

// The look of the detection at `box` (fractions) of `bgr` (the whole frame, any size); nullopt
// for a box too small to tell.
std::optional<Look> look_at(const cv::Mat& bgr, const media::Box& box, float confidence);

// 0..1: the stripes' histogram overlap of two looks (as appearance_similarity).
double look_similarity(const std::array<ColorHistogram, kStripes>& a,
                       const std::array<ColorHistogram, kStripes>& b);

// Sums one recording's sightings per track, then gives each track's Appearance.
class AppearanceAccumulator {
  public:
    // The environment's FOOTAGE_APPEARANCE=0 turns it off (no track gets an appearance), for
    // bench/appearance_bench.sh, which measures what it adds to index --objects.
    AppearanceAccumulator();

    bool enabled() const { return m_enabled; }

    // One sighting of track `track`.
    void add(int32_t track, const Look& look);
    // The same from the picture the box was seen in: `bgr` the whole frame or a window (any
    // size), `box` in fractions of it. Does nothing for a box too small to tell.
    void add(int32_t track, const cv::Mat& bgr, const media::Box& box, float confidence);

    std::optional<Appearance> appearance(int32_t track) const;

  private:
    struct Sums {
        std::array<std::array<double, kColorBins>, kStripes> stripes{};
        std::map<std::string, double> upper_votes;
        std::map<std::string, double> lower_votes;
        double weight = 0.0;
    };
    std::map<int32_t, Sums> m_tracks;
    bool m_enabled = true;
};

}  // namespace footage::indexers::objects
