#include "indexers/objects/appearance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <span>
#include <string_view>

#include <opencv2/imgproc.hpp>

#include "indexers/objects/class_defaults.hpp"
#include "indexers/objects/color_name.hpp"

namespace footage::indexers::objects {

namespace {

// Version 1 (footage before this one) held network features and two halves' histograms.
constexpr uint8_t kBlobVersion = 2;
constexpr size_t kPackedBins = kStripes * kColorBins;
constexpr size_t kHeader = 3;  // version, upper and lower colour (palette index, or none)
constexpr size_t kBlobSize = kHeader + (kPackedBins + 1) / 2;
constexpr uint8_t kNoColor = 0xff;
constexpr double kLevels = 15.0;  // of a 4-bit square root

// Brightness is judged against the box's median brightness set to this: the same clothes in
// sun or shade (or under another camera's exposure) keep their bins.
constexpr double kMedianValue = 128.0;
constexpr int kMinSaturation = 40;  // below: a grey
constexpr int kMinValue = 45;       // below: too dark for a hue

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

double overlap(const ColorHistogram& a, const ColorHistogram& b) {
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

uint8_t color_index(const std::string& name) {
    const std::span<const std::string_view> names = color_names();
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            return static_cast<uint8_t>(i);
        }
    }
    return kNoColor;
}

std::string color_of(uint8_t index) {
    const std::span<const std::string_view> names = color_names();
    return index < names.size() ? std::string(names[index]) : std::string();
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

// Of a box, the part the stripes are taken from: a tenth off each side and a little off the top
// and bottom (a detector's box holds background at its edges).
cv::Rect core_of(const cv::Rect& rect) {
    const int dx = rect.width / 10;
    const int top = rect.height / 20;
    const int bottom = rect.height / 50;
    cv::Rect core(rect.x + dx, rect.y + top, rect.width - 2 * dx, rect.height - top - bottom);
    return core.width > 0 && core.height >= static_cast<int>(kStripes) ? core : rect;
}

// The median of `hsv`'s value channel.
int median_value(const cv::Mat& hsv) {
    std::array<int, 256> counts{};
    for (int y = 0; y < hsv.rows; ++y) {
        const cv::Vec3b* row = hsv.ptr<cv::Vec3b>(y);
        for (int x = 0; x < hsv.cols; ++x) {
            ++counts[row[x][2]];
        }
    }
    const int half = (hsv.rows * hsv.cols + 1) / 2;
    int seen = 0;
    for (int v = 0; v < 256; ++v) {
        seen += counts[static_cast<size_t>(v)];
        if (seen >= half) {
            return v;
        }
    }
    return 255;
}

}  // namespace

bool keeps_look(std::string_view label) {
    if (label == "person") {
        return true;
    }
    const std::vector<std::string> vehicles = classes_of("vehicle");
    return std::find(vehicles.begin(), vehicles.end(), label) != vehicles.end();
}

std::vector<uint8_t> encode_appearance(const Appearance& appearance) {
    std::vector<uint8_t> blob(kBlobSize, 0);
    blob[0] = kBlobVersion;
    blob[1] = color_index(appearance.upper_color);
    blob[2] = color_index(appearance.lower_color);
    size_t at = 0;
    for (const ColorHistogram& stripe : appearance.stripes) {
        for (float v : stripe) {
            const auto level = static_cast<uint8_t>(
                std::lround(std::sqrt(std::clamp(static_cast<double>(v), 0.0, 1.0)) * kLevels));
            blob[kHeader + at / 2] |= static_cast<uint8_t>(at % 2 == 0 ? level : level << 4);
            ++at;
        }
    }
    return blob;
}

std::optional<Appearance> decode_appearance(const std::vector<uint8_t>& blob) {
    if (blob.size() != kBlobSize || blob[0] != kBlobVersion) {
        return std::nullopt;
    }
    Appearance appearance;
    appearance.upper_color = color_of(blob[1]);
    appearance.lower_color = color_of(blob[2]);
    size_t at = 0;
    for (ColorHistogram& stripe : appearance.stripes) {
        for (float& v : stripe) {
            const uint8_t byte = blob[kHeader + at / 2];
            const double level = at % 2 == 0 ? (byte & 0x0f) : (byte >> 4);
            v = static_cast<float>((level / kLevels) * (level / kLevels));
            ++at;
        }
        normalise_sum(stripe);
    }
    return appearance;
}

double appearance_similarity(const Appearance& a, const Appearance& b) {
    return look_similarity(a.stripes, b.stripes);
}

Appearance blend_appearances(const std::vector<std::pair<Appearance, double>>& parts) {
    Appearance out;
    std::map<std::string, double> upper_votes;
    std::map<std::string, double> lower_votes;
    for (const auto& [part, weight] : parts) {
        for (size_t s = 0; s < kStripes; ++s) {
            for (size_t i = 0; i < kColorBins; ++i) {
                out.stripes[s][i] += static_cast<float>(weight * part.stripes[s][i]);
            }
        }
        upper_votes[part.upper_color] += weight;
        lower_votes[part.lower_color] += weight;
    }
    for (ColorHistogram& stripe : out.stripes) {
        normalise_sum(stripe);
    }
    out.upper_color = winner(upper_votes);
    out.lower_color = winner(lower_votes);
    return out;
}

std::array<ColorHistogram, kStripes> stripe_histograms(const cv::Mat& bgr, const cv::Rect& rect) {
    std::array<ColorHistogram, kStripes> stripes{};
    const cv::Rect core = core_of(rect & cv::Rect(0, 0, bgr.cols, bgr.rows));
    if (core.width <= 0 || core.height <= 0) {
        return stripes;
    }
    cv::Mat hsv;
    cv::cvtColor(bgr(core), hsv, cv::COLOR_BGR2HSV);
    const double gain = kMedianValue / (median_value(hsv) + 1.0);
    for (int y = 0; y < hsv.rows; ++y) {
        ColorHistogram& stripe =
            stripes[static_cast<size_t>(y) * kStripes / static_cast<size_t>(hsv.rows)];
        const cv::Vec3b* row = hsv.ptr<cv::Vec3b>(y);
        for (int x = 0; x < hsv.cols; ++x) {
            const double value = std::min(255.0, row[x][2] * gain);
            size_t bin = 0;
            if (row[x][1] >= kMinSaturation && value >= kMinValue) {
                const size_t hue = std::min<size_t>(row[x][0] * kHueBins / 180, kHueBins - 1);
                bin = 3 + 2 * hue + (value >= kMedianValue ? 1 : 0);
            } else {
                bin = std::min<size_t>(static_cast<size_t>(value * 3.0 / 256.0), 2);
            }
            stripe[bin] += 1.0f;
        }
    }
    for (ColorHistogram& stripe : stripes) {
        normalise_sum(stripe);
    }
    return stripes;
}

AppearanceAccumulator::AppearanceAccumulator() {
    const char* setting = std::getenv("FOOTAGE_APPEARANCE");
    m_enabled = setting == nullptr || std::string_view(setting) != "0";
}

std::optional<Look> look_at(const cv::Mat& bgr, const media::Box& box, float confidence) {
    const cv::Rect rect = pixel_rect(box, bgr);
    if (rect.width < 4 || rect.height < 8) {
        return std::nullopt;
    }
    Look look;
    look.stripes = stripe_histograms(bgr, rect);
    // A larger sighting shows more of the object, a surer one less of something else.
    look.weight = std::sqrt(static_cast<double>(rect.area())) * std::max(0.05f, confidence);
    const cv::Rect upper(rect.x, rect.y, rect.width, rect.height / 2);
    const cv::Rect lower(rect.x, rect.y + rect.height / 2, rect.width,
                         rect.height - rect.height / 2);
    look.upper_color = dominant_color(bgr, upper);
    look.lower_color = dominant_color(bgr, lower);
    return look;
}

double look_similarity(const std::array<ColorHistogram, kStripes>& a,
                       const std::array<ColorHistogram, kStripes>& b) {
    double sum = 0.0;
    for (size_t s = 0; s < kStripes; ++s) {
        sum += overlap(a[s], b[s]);
    }
    return sum / static_cast<double>(kStripes);
}

void AppearanceAccumulator::add(int32_t track, const Look& look) {
    if (!m_enabled) {
        return;
    }
    Sums& sums = m_tracks[track];
    for (size_t s = 0; s < kStripes; ++s) {
        for (size_t i = 0; i < kColorBins; ++i) {
            sums.stripes[s][i] += look.weight * look.stripes[s][i];
        }
    }
    const double vote = look.weight;
    sums.upper_votes[look.upper_color] += vote;
    sums.lower_votes[look.lower_color] += vote;
    sums.weight += look.weight;
}

void AppearanceAccumulator::add(int32_t track, const cv::Mat& bgr, const media::Box& box,
                                float confidence) {
    if (!m_enabled) {
        return;
    }
    if (std::optional<Look> look = look_at(bgr, box, confidence)) {
        add(track, *look);
    }
}

std::optional<Appearance> AppearanceAccumulator::appearance(int32_t track) const {
    auto it = m_tracks.find(track);
    if (it == m_tracks.end() || it->second.weight <= 0.0) {
        return std::nullopt;
    }
    const Sums& sums = it->second;
    Appearance out;
    for (size_t s = 0; s < kStripes; ++s) {
        for (size_t i = 0; i < kColorBins; ++i) {
            out.stripes[s][i] = static_cast<float>(sums.stripes[s][i]);
        }
        normalise_sum(out.stripes[s]);
    }
    out.upper_color = winner(sums.upper_votes);
    out.lower_color = winner(sums.lower_votes);
    return out;
}

}  // namespace footage::indexers::objects
