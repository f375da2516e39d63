#include "lib/media/luma_scaler.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

extern "C" {
#include <libavutil/pixdesc.h>
}
#include "lib/util/error.hpp"

namespace footage::media {

namespace {

bool has_8bit_luma_plane(int format) {
    switch (format) {
        case AV_PIX_FMT_YUV420P:
        case AV_PIX_FMT_YUVJ420P:
        case AV_PIX_FMT_YUV422P:
        case AV_PIX_FMT_YUVJ422P:
        case AV_PIX_FMT_YUV444P:
        case AV_PIX_FMT_YUVJ444P:
        case AV_PIX_FMT_YUV440P:
        case AV_PIX_FMT_YUVJ440P:
        case AV_PIX_FMT_YUV411P:
        case AV_PIX_FMT_YUV410P:
        case AV_PIX_FMT_NV12:
        case AV_PIX_FMT_NV21:
        case AV_PIX_FMT_GRAY8:
            return true;
        default:
            return false;
    }
}

}  // namespace

const cv::Mat& LumaScaler::scale(const AVFrame& frame) {
    int32_t out_width = std::min<int32_t>(m_width, frame.width);
    int32_t out_height = static_cast<int32_t>(
        std::lround(static_cast<double>(frame.height) * out_width / frame.width));
    out_height = std::max(2, out_height & ~1);
    if (has_8bit_luma_plane(frame.format)) {
        // Shrinking more than 4x, every other row is enough: the area filter still averages
        // several pixels per output pixel, and reading half the plane halves the cost.
        const int32_t row_step = frame.height >= 4 * out_height ? 2 : 1;
        cv::Mat plane(frame.height / row_step, frame.width, CV_8UC1, frame.data[0],
                      static_cast<size_t>(frame.linesize[0]) * row_step);
        if (plane.cols == out_width && plane.rows == out_height) {
            plane.copyTo(m_scaled);
        } else {
            cv::resize(plane, m_scaled, cv::Size(out_width, out_height), 0, 0, cv::INTER_AREA);
        }
        return m_scaled;
    }
    // Rare formats (RGB from some MJPEG or PNG streams): let swscale make the gray image.
    m_sws.reset(sws_getCachedContext(
        m_sws.release(), frame.width, frame.height, static_cast<AVPixelFormat>(frame.format),
        out_width, out_height, AV_PIX_FMT_GRAY8, SWS_AREA, nullptr, nullptr, nullptr));
    if (!m_sws) {
        throw MediaError(
            "cannot convert pixel format " +
            std::string(av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame.format))));
    }
    // swscale's SIMD paths may write past the end of a row: give it a padded buffer.
    const int stride = (out_width + 63) / 64 * 64;
    m_padded.create(out_height + 1, stride, CV_8UC1);
    uint8_t* dst[4] = {m_padded.data, nullptr, nullptr, nullptr};
    int dst_stride[4] = {stride, 0, 0, 0};
    sws_scale(m_sws.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
    m_scaled = m_padded(cv::Rect(0, 0, out_width, out_height));
    return m_scaled;
}

}  // namespace footage::media
