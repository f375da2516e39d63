#include "indexers/objects/crop_pass.hpp"

#include <cstdlib>
#include <string>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "indexers/objects/color_name.hpp"
#include "indexers/objects/crop_merge.hpp"

namespace footage::indexers::objects {

namespace {

constexpr int32_t kDefaultMaxCrops = 3;
constexpr float kSeenConfidence = 0.5f;

cv::Mat luma_view(const media::LumaFrame& frame) {
    return cv::Mat(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.data),
                   static_cast<size_t>(frame.stride));
}

// A window of a planar frame as a frame of its own (the same pixels, no copy), so that only the
// window is converted to BGR; nullopt for a format whose planes cannot be offset that way. The
// window is moved to even rows and columns for subsampled chroma.
std::optional<AVFrame> window_of(const AVFrame& frame, cv::Rect& window) {
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame.format));
    if (desc == nullptr || (desc->flags & AV_PIX_FMT_FLAG_PLANAR) == 0 ||
        (desc->flags &
         (AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_PAL)) != 0) {
        return std::nullopt;
    }
    window.x &= ~((1 << desc->log2_chroma_w) - 1);
    window.y &= ~((1 << desc->log2_chroma_h) - 1);
    AVFrame view = frame;
    view.width = window.width;
    view.height = window.height;
    for (int32_t c = 0; c < desc->nb_components; ++c) {
        const AVComponentDescriptor& comp = desc->comp[c];
        const bool chroma = c == 1 || c == 2;
        const int32_t x = chroma ? window.x >> desc->log2_chroma_w : window.x;
        const int32_t y = chroma ? window.y >> desc->log2_chroma_h : window.y;
        view.data[comp.plane] = frame.data[comp.plane] +
                                static_cast<ptrdiff_t>(y) * frame.linesize[comp.plane] +
                                static_cast<ptrdiff_t>(x) * comp.step;
    }
    return view;
}

}  // namespace

CropPass::CropPass() {
    // A bench knob: how many crops a frame at most (0: none).
    const char* setting = std::getenv("FOOTAGE_OBJECT_CROPS");
    m_limits.max_crops = kDefaultMaxCrops;
    if (setting != nullptr && *setting != '\0') {
        char* end = nullptr;
        const long value = std::strtol(setting, &end, 10);
        if (*end == '\0' && value >= 0 && value <= 16) {
            m_limits.max_crops = static_cast<int32_t>(value);
        }
    }
    m_limits.window = Detector::kInputSize;
}

int32_t CropPass::detect(const media::LumaFrame& frame, Detector& detector, float min_confidence,
                         std::vector<Detection>& found, std::vector<std::string>& colors) {
    colors.resize(found.size());
    if (m_limits.max_crops == 0 || frame.decoded == nullptr || frame.data == nullptr) {
        return 0;
    }
    const cv::Size size(frame.decoded->width, frame.decoded->height);
    if (!crops_worth_it(size, Detector::kInputSize)) {
        return 0;
    }
    // What the whole frame already shows surely needs no closer look.
    std::vector<cv::Rect> seen;
    for (const Detection& d : found) {
        if (d.confidence >= kSeenConfidence) {
            seen.emplace_back(static_cast<int32_t>(d.box.x * size.width),
                              static_cast<int32_t>(d.box.y * size.height),
                              static_cast<int32_t>(d.box.w * size.width),
                              static_cast<int32_t>(d.box.h * size.height));
        }
    }
    std::vector<cv::Rect> crops = plan_crops(m_previous, luma_view(frame), size, m_limits, seen);
    for (cv::Rect& crop : crops) {
        cv::Mat image;
        if (std::optional<AVFrame> view = window_of(*frame.decoded, crop)) {
            image = m_scaler.scale(*view, crop.width, crop.height);
        } else {
            image = m_scaler.scale(*frame.decoded, size.width, size.height)(crop).clone();
        }
        std::vector<Detection> crop_found = detector.detect(image, min_confidence);
        for (const auto& [at, from] : merge_crop(found, crop_found, crop, size)) {
            const media::Box& box = crop_found[from].box;
            colors.resize(found.size());
            colors[at] = dominant_color(image, cv::Rect(static_cast<int32_t>(box.x * crop.width),
                                                        static_cast<int32_t>(box.y * crop.height),
                                                        static_cast<int32_t>(box.w * crop.width),
                                                        static_cast<int32_t>(box.h * crop.height)));
        }
    }
    return static_cast<int32_t>(crops.size());
}

void CropPass::remember(const media::LumaFrame& frame) {
    if (m_limits.max_crops > 0 && frame.data != nullptr) {
        luma_view(frame).copyTo(m_previous);
    }
}

}  // namespace footage::indexers::objects
