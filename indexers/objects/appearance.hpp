#pragma once
// What a tracked object looks like, to find it again elsewhere (`search --like`): the
// detector's own stride-8 features averaged inside its box, and colour histograms of the box's
// upper and lower halves (a person's clothes), each averaged over the track's examined frames.
// Computed on the frames the object pass already decodes; stored as a few hundred bytes a track.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "lib/media/box.hpp"

namespace footage::indexers::objects {

inline constexpr size_t kFeatureChannels = 128;  // of the detector's stride-8 head layer
inline constexpr size_t kHueBins = 12;
inline constexpr size_t kColorBins = 3 + 2 * kHueBins;  // black, grey, white; hue x (dark, light)
// How much the network's features count against the halves' colours in appearance_similarity
// (bench/appearance_bench.sh measures both alone and blended: on vtest.avi the features alone
// rank worse than the colours alone, and blended at any weight do not beat them; at 0.1 they
// only break near-ties).
inline constexpr double kFeatureWeight = 0.1;

struct Appearance {
    std::array<float, kFeatureChannels> features{};  // unit length (all zero when unknown)
    std::array<float, kColorBins> upper{};           // fractions summing to 1
    std::array<float, kColorBins> lower{};
    std::string upper_color;  // palette names (color_name.hpp) of the halves
    std::string lower_color;
};

// Blob of the catalog's object_appearance.descriptor: a version byte, the features as int8
// (x127) and both histograms as uint8 (x255): 1 + 128 + 2 x 27 = 183 bytes.
std::vector<uint8_t> encode_appearance(const Appearance& appearance);
// Nullopt for a blob of another version or length (a newer footage wrote it).
std::optional<Appearance> decode_appearance(const std::vector<uint8_t>& blob);

// 0..1, 1 for the same look: the features' cosine (clipped at 0) and the halves' histogram
// overlap (Bhattacharyya), blended.
double appearance_similarity(const Appearance& a, const Appearance& b);
// The halves' histograms only: the colour-only baseline the bench compares with.
double color_similarity(const Appearance& a, const Appearance& b);
// The features only.
double feature_similarity(const Appearance& a, const Appearance& b);

// Several appearances of one object (pieces of a track joined across files) as one, each
// weighted (by its sightings).
Appearance blend_appearances(const std::vector<std::pair<Appearance, double>>& parts);

// The per-frame part, exposed for tests: pooled features (unit length) of `feature_map`
// ([1, C, H, W] float) inside `box`, and the colour histogram of `bgr` inside `rect`.
std::array<float, kFeatureChannels> pooled_features(const cv::Mat& feature_map,
                                                    const media::Box& box);
std::array<float, kColorBins> color_histogram(const cv::Mat& bgr, const cv::Rect& rect);

// Sums one recording's sightings per track, then gives each track's Appearance.
class AppearanceAccumulator {
  public:
    // The environment's FOOTAGE_APPEARANCE=0 turns it off (no track gets an appearance), for
    // bench/appearance_bench.sh, which measures what it adds to index --objects.
    AppearanceAccumulator();

    // One sighting of track `track`: `bgr` is the whole frame as the detector saw it,
    // `feature_map` the detector's stride-8 features for it (empty: none), `box` in fractions.
    void add(int32_t track, const cv::Mat& bgr, const cv::Mat& feature_map, const media::Box& box,
             float confidence);

    std::optional<Appearance> appearance(int32_t track) const;

  private:
    struct Sums {
        std::array<double, kFeatureChannels> features{};
        std::array<double, kColorBins> upper{};
        std::array<double, kColorBins> lower{};
        std::map<std::string, double> upper_votes;
        std::map<std::string, double> lower_votes;
        int32_t frames = 0;
    };
    std::map<int32_t, Sums> m_tracks;
    bool m_enabled = true;
};

}  // namespace footage::indexers::objects
