#include "indexers/objects/appearance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include <opencv2/imgproc.hpp>

#include "indexers/objects/color_name.hpp"

namespace footage::indexers::objects {

namespace {

constexpr uint8_t kBlobVersion = 1;
constexpr size_t kBlobSize = 1 + kFeatureChannels + 2 * kColorBins;

template <size_t N>
void normalise_sum(std::array<float, N>& values) {
    double sum = 0.0;
    for (float v : values) {
        sum += v;
    }
    if (sum > 0.0) {
        for (float& v : values) {
            v = static_cast<float>(v / sum);
        }
    }
}

template <size_t N>
void normalise_length(std::array<float, N>& values) {
    double sum = 0.0;
    for (float v : values) {
        sum += static_cast<double>(v) * v;
    }
    if (sum > 0.0) {
        const double length = std::sqrt(sum);
        for (float& v : values) {
            v = static_cast<float>(v / length);
        }
    }
}

// OpenCV's 8-bit HSV pixel into one of kColorBins.
size_t color_bin(uint8_t hue, uint8_t saturation, uint8_t value) {
    if (value < 50) {
        return 0;
    }
    if (saturation < 50) {
        return value > 190 ? 2 : (value < 80 ? 0 : 1);
    }
    const size_t hue_bin = std::min<size_t>(hue * kHueBins / 180, kHueBins - 1);
    return 3 + 2 * hue_bin + (value >= 140 ? 1 : 0);
}

double overlap(const std::array<float, kColorBins>& a, const std::array<float, kColorBins>& b) {
    double sum = 0.0;
    for (size_t i = 0; i < kColorBins; ++i) {
        sum += std::sqrt(static_cast<double>(a[i]) * b[i]);
    }
    return std::clamp(sum, 0.0, 1.0);
}

cv::Rect pixel_rect(const media::Box& box, const cv::Mat& image) {
    const cv::Rect rect(static_cast<int>(box.x * image.cols), static_cast<int>(box.y * image.rows),
                        static_cast<int>(std::lround(box.w * image.cols)),
                        static_cast<int>(std::lround(box.h * image.rows)));
    return rect & cv::Rect(0, 0, image.cols, image.rows);
}

std::string winner(const std::map<std::string, double>& votes) {
    std::string best;
    double most = -1.0;
    for (const auto& [name, weight] : votes) {
        if (weight > most) {
            most = weight;
            best = name;
        }
    }
    return best;
}

}  // namespace

std::vector<uint8_t> encode_appearance(const Appearance& appearance) {
    std::vector<uint8_t> blob;
    blob.reserve(kBlobSize);
    blob.push_back(kBlobVersion);
    for (float v : appearance.features) {
        const long q = std::lround(std::clamp(v, -1.0f, 1.0f) * 127.0f);
        blob.push_back(static_cast<uint8_t>(static_cast<int8_t>(q)));
    }
    for (const std::array<float, kColorBins>* half : {&appearance.upper, &appearance.lower}) {
        for (float v : *half) {
            blob.push_back(static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)));
        }
    }
    return blob;
}

std::optional<Appearance> decode_appearance(const std::vector<uint8_t>& blob) {
    if (blob.size() != kBlobSize || blob[0] != kBlobVersion) {
        return std::nullopt;
    }
    Appearance appearance;
    size_t at = 1;
    for (float& v : appearance.features) {
        v = static_cast<float>(static_cast<int8_t>(blob[at++])) / 127.0f;
    }
    for (std::array<float, kColorBins>* half : {&appearance.upper, &appearance.lower}) {
        for (float& v : *half) {
            v = static_cast<float>(blob[at++]) / 255.0f;
        }
        normalise_sum(*half);
    }
    normalise_length(appearance.features);
    return appearance;
}

double feature_similarity(const Appearance& a, const Appearance& b) {
    double dot = 0.0;
    for (size_t i = 0; i < kFeatureChannels; ++i) {
        dot += static_cast<double>(a.features[i]) * b.features[i];
    }
    return std::clamp(dot, 0.0, 1.0);
}

double color_similarity(const Appearance& a, const Appearance& b) {
    return (overlap(a.upper, b.upper) + overlap(a.lower, b.lower)) / 2.0;
}

double appearance_similarity(const Appearance& a, const Appearance& b) {
    return kFeatureWeight * feature_similarity(a, b) +
           (1.0 - kFeatureWeight) * color_similarity(a, b);
}

Appearance blend_appearances(const std::vector<std::pair<Appearance, double>>& parts) {
    Appearance out;
    std::map<std::string, double> upper_votes;
    std::map<std::string, double> lower_votes;
    for (const auto& [part, weight] : parts) {
        for (size_t i = 0; i < kFeatureChannels; ++i) {
            out.features[i] += static_cast<float>(weight * part.features[i]);
        }
        for (size_t i = 0; i < kColorBins; ++i) {
            out.upper[i] += static_cast<float>(weight * part.upper[i]);
            out.lower[i] += static_cast<float>(weight * part.lower[i]);
        }
        upper_votes[part.upper_color] += weight;
        lower_votes[part.lower_color] += weight;
    }
    normalise_length(out.features);
    normalise_sum(out.upper);
    normalise_sum(out.lower);
    out.upper_color = winner(upper_votes);
    out.lower_color = winner(lower_votes);
    return out;
}

std::array<float, kFeatureChannels> pooled_features(const cv::Mat& feature_map,
                                                    const media::Box& box) {
    std::array<float, kFeatureChannels> pooled{};
    if (feature_map.dims != 4 || feature_map.size[1] != static_cast<int>(kFeatureChannels)) {
        return pooled;
    }
    const int rows = feature_map.size[2];
    const int cols = feature_map.size[3];
    // Cells whose centre lies in the middle of the box (a tenth off each side: background).
    const double x0 = box.x + box.w * 0.1;
    const double x1 = box.x + box.w * 0.9;
    const double y0 = box.y + box.h * 0.1;
    const double y1 = box.y + box.h * 0.9;
    int c0 = static_cast<int>(std::ceil(x0 * cols - 0.5));
    int c1 = static_cast<int>(std::floor(x1 * cols - 0.5));
    int r0 = static_cast<int>(std::ceil(y0 * rows - 0.5));
    int r1 = static_cast<int>(std::floor(y1 * rows - 0.5));
    if (c1 < c0) {  // narrower than a cell: the one at its centre
        c0 = c1 = static_cast<int>((box.x + box.w / 2) * cols);
    }
    if (r1 < r0) {
        r0 = r1 = static_cast<int>((box.y + box.h / 2) * rows);
    }
    c0 = std::clamp(c0, 0, cols - 1);
    c1 = std::clamp(c1, 0, cols - 1);
    r0 = std::clamp(r0, 0, rows - 1);
    r1 = std::clamp(r1, 0, rows - 1);
    const auto* data = reinterpret_cast<const float*>(feature_map.data);
    const size_t plane = static_cast<size_t>(rows) * static_cast<size_t>(cols);
    for (size_t c = 0; c < kFeatureChannels; ++c) {
        const float* channel = data + c * plane;
        double sum = 0.0;
        for (int r = r0; r <= r1; ++r) {
            for (int x = c0; x <= c1; ++x) {
                sum += channel[static_cast<size_t>(r) * static_cast<size_t>(cols) +
                               static_cast<size_t>(x)];
            }
        }
        pooled[c] = static_cast<float>(sum);
    }
    normalise_length(pooled);
    return pooled;
}

std::array<float, kColorBins> color_histogram(const cv::Mat& bgr, const cv::Rect& rect) {
    std::array<float, kColorBins> histogram{};
    const cv::Rect inside = rect & cv::Rect(0, 0, bgr.cols, bgr.rows);
    // A fifth off each side: a detector's box holds background at its edges.
    cv::Rect core(inside.x + inside.width / 5, inside.y, inside.width - 2 * (inside.width / 5),
                  inside.height);
    if (core.width <= 0 || core.height <= 0) {
        core = inside;
    }
    if (core.width <= 0 || core.height <= 0) {
        return histogram;
    }
    cv::Mat hsv;
    cv::cvtColor(bgr(core), hsv, cv::COLOR_BGR2HSV);
    for (int y = 0; y < hsv.rows; ++y) {
        const cv::Vec3b* row = hsv.ptr<cv::Vec3b>(y);
        for (int x = 0; x < hsv.cols; ++x) {
            histogram[color_bin(row[x][0], row[x][1], row[x][2])] += 1.0f;
        }
    }
    normalise_sum(histogram);
    return histogram;
}

AppearanceAccumulator::AppearanceAccumulator() {
    const char* setting = std::getenv("FOOTAGE_APPEARANCE");
    m_enabled = setting == nullptr || std::string_view(setting) != "0";
}

void AppearanceAccumulator::add(int32_t track, const cv::Mat& bgr, const cv::Mat& feature_map,
                                const media::Box& box, float confidence) {
    if (!m_enabled) {
        return;
    }
    const cv::Rect rect = pixel_rect(box, bgr);
    if (rect.width < 2 || rect.height < 4) {
        return;
    }
    const cv::Rect upper(rect.x, rect.y, rect.width, rect.height / 2);
    const cv::Rect lower(rect.x, rect.y + rect.height / 2, rect.width,
                         rect.height - rect.height / 2);
    Sums& sums = m_tracks[track];
    const std::array<float, kFeatureChannels> features = pooled_features(feature_map, box);
    for (size_t i = 0; i < kFeatureChannels; ++i) {
        sums.features[i] += features[i];
    }
    const std::array<float, kColorBins> upper_histogram = color_histogram(bgr, upper);
    const std::array<float, kColorBins> lower_histogram = color_histogram(bgr, lower);
    for (size_t i = 0; i < kColorBins; ++i) {
        sums.upper[i] += upper_histogram[i];
        sums.lower[i] += lower_histogram[i];
    }
    sums.upper_votes[std::string(dominant_color(bgr, upper))] += confidence;
    sums.lower_votes[std::string(dominant_color(bgr, lower))] += confidence;
    ++sums.frames;
}

std::optional<Appearance> AppearanceAccumulator::appearance(int32_t track) const {
    auto it = m_tracks.find(track);
    if (it == m_tracks.end() || it->second.frames == 0) {
        return std::nullopt;
    }
    const Sums& sums = it->second;
    Appearance out;
    for (size_t i = 0; i < kFeatureChannels; ++i) {
        out.features[i] = static_cast<float>(sums.features[i]);
    }
    for (size_t i = 0; i < kColorBins; ++i) {
        out.upper[i] = static_cast<float>(sums.upper[i]);
        out.lower[i] = static_cast<float>(sums.lower[i]);
    }
    normalise_length(out.features);
    normalise_sum(out.upper);
    normalise_sum(out.lower);
    out.upper_color = winner(sums.upper_votes);
    out.lower_color = winner(sums.lower_votes);
    return out;
}

}  // namespace footage::indexers::objects
