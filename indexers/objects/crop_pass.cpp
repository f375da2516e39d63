#include "indexers/objects/crop_pass.hpp"

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include <opencv2/imgproc.hpp>

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
    m_limits.shown = Mosaic::kQuarter;
}

bool CropPass::applies(const media::LumaFrame& frame) const {
    return m_limits.max_crops > 0 && frame.decoded != nullptr && frame.data != nullptr &&
           crops_worth_it(cv::Size(frame.decoded->width, frame.decoded->height),
                          Detector::kInputSize);
}

CropPlan CropPass::plan(const media::LumaFrame& frame, const std::vector<Detection>& found) const {
    if (!applies(frame)) {
        return {};
    }
    const cv::Size size(frame.decoded->width, frame.decoded->height);
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
    if (m_ignored) {
        seen.emplace_back(static_cast<int32_t>(m_ignored->x * size.width),
                          static_cast<int32_t>(m_ignored->y * size.height),
                          static_cast<int32_t>(m_ignored->w * size.width),
                          static_cast<int32_t>(m_ignored->h * size.height));
    }
    return plan_windows(m_previous, luma_view(frame), size, m_limits, seen);
}

void CropPass::add(const media::LumaFrame& frame, const CropPlan& plan, LookedAt whole,
                   Detector& detector, float min_confidence) {
    whole.colors.resize(whole.found.size());
    whole.views.resize(whole.found.size());
    const size_t index = m_first + m_pending.size();
    const cv::Size size = frame.decoded != nullptr
                              ? cv::Size(frame.decoded->width, frame.decoded->height)
                              : cv::Size(frame.width, frame.height);
    m_pending.push_back(Pending{std::move(whole), size, 0});
    for (size_t i = 0; i < plan.windows.size(); ++i) {
        cv::Rect window = plan.windows[i];
        // Shrunk to a quarter of the detector's input, unless it is too large for that (or the
        // plan says how large).
        const bool shrink = window.width <= m_limits.shown * m_limits.max_shrink &&
                            window.height <= m_limits.shown * m_limits.max_shrink;
        const int32_t side = i < plan.shown.size() ? plan.shown[i]
                             : shrink              ? m_limits.shown
                                                   : std::max(window.width, window.height);
        const cv::Size shown(std::min(window.width, side), std::min(window.height, side));
        cv::Mat image;
        if (std::optional<AVFrame> view = window_of(*frame.decoded, window)) {
            image = m_scaler.scale(*view, shown.width, shown.height).clone();
        } else {
            cv::resize(m_scaler.scale(*frame.decoded, size.width, size.height)(window), image,
                       shown, 0, 0, cv::INTER_AREA);
        }
        Batch& batch =
            image.cols > Mosaic::kQuarter || image.rows > Mosaic::kQuarter ? m_whole : m_quarters;
        std::optional<cv::Rect> place = batch.mosaic.put(image);
        if (!place) {
            look(batch, detector, min_confidence);
            place = batch.mosaic.put(image);
        }
        if (place) {
            batch.tiles.push_back(Tile{index, window, *place, std::move(image)});
            ++m_pending.back().waiting;
        }
    }
    if (!m_whole.tiles.empty()) {
        look(m_whole, detector, min_confidence);  // nothing else fits beside it
    }
}

std::vector<LookedAt> CropPass::done(Detector* detector, float min_confidence, bool all) {
    if (all && detector != nullptr) {
        for (Batch* batch : {&m_whole, &m_quarters}) {
            if (!batch->tiles.empty()) {
                look(*batch, *detector, min_confidence);
            }
        }
    }
    std::vector<LookedAt> ready;
    while (!m_pending.empty() && m_pending.front().waiting == 0) {
        ready.push_back(std::move(m_pending.front().result));
        m_pending.pop_front();
        ++m_first;
    }
    return ready;
}

void CropPass::look(Batch& batch, Detector& detector, float min_confidence) {
    const std::vector<Detection> found = detector.detect(batch.mosaic.image(), min_confidence);
    ++m_looks;
    const std::shared_ptr<const Shown> picture =
        std::make_shared<const Shown>(Shown{batch.mosaic.image().clone()});
    const cv::Size side = batch.mosaic.image().size();
    for (const Tile& tile : batch.tiles) {
        Pending& pending = m_pending[tile.frame - m_first];
        const std::vector<Detection> in_window = Mosaic::inside(found, tile.place);
        for (const auto& [at, from] :
             merge_crop(pending.result.found, in_window, tile.window, pending.size)) {
            const media::Box& box = in_window[from].box;
            pending.result.colors.resize(pending.result.found.size());
            pending.result.views.resize(pending.result.found.size());
            pending.result.views[at] =
                View{picture, media::Box{(tile.place.x + box.x * tile.place.width) / side.width,
                                         (tile.place.y + box.y * tile.place.height) / side.height,
                                         box.w * tile.place.width / side.width,
                                         box.h * tile.place.height / side.height}};
            pending.result.colors[at] = dominant_color(
                tile.bgr, cv::Rect(static_cast<int32_t>(box.x * tile.window.width),
                                   static_cast<int32_t>(box.y * tile.window.height),
                                   static_cast<int32_t>(box.w * tile.window.width),
                                   static_cast<int32_t>(box.h * tile.window.height)));
        }
        pending.result.colors.resize(pending.result.found.size());
        pending.result.views.resize(pending.result.found.size());
        --pending.waiting;
    }
    batch.tiles.clear();
    batch.mosaic.clear();
}

void CropPass::remember(const media::LumaFrame& frame) {
    if (m_limits.max_crops > 0 && frame.data != nullptr) {
        luma_view(frame).copyTo(m_previous);
    }
}

}  // namespace footage::indexers::objects
