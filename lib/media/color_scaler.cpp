#include "lib/media/color_scaler.hpp"

#include <string>

extern "C" {
#include <libavutil/pixdesc.h>
}
#include "lib/util/error.hpp"

namespace footage::media {

const cv::Mat& ColorScaler::scale(const AVFrame& frame, int32_t width, int32_t height) {
    m_sws.reset(sws_getCachedContext(m_sws.release(), frame.width, frame.height,
                                     static_cast<AVPixelFormat>(frame.format), width, height,
                                     AV_PIX_FMT_BGR24, SWS_AREA, nullptr, nullptr, nullptr));
    if (!m_sws) {
        throw MediaError(
            "cannot convert pixel format " +
            std::string(av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame.format))));
    }
    // swscale's SIMD paths may write past the end of a row: give it a padded buffer.
    const int stride = (width * 3 + 63) / 64 * 64;
    m_padded.create(height + 1, stride, CV_8UC1);
    uint8_t* dst[4] = {m_padded.data, nullptr, nullptr, nullptr};
    int dst_stride[4] = {stride, 0, 0, 0};
    sws_scale(m_sws.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
    m_scaled = cv::Mat(height, width, CV_8UC3, m_padded.data, static_cast<size_t>(stride));
    return m_scaled;
}

}  // namespace footage::media
