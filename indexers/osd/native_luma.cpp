#include "indexers/osd/native_luma.hpp"

#include <opencv2/imgproc.hpp>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
}

namespace footage::indexers::osd {

cv::Mat NativeLuma::grey(const AVFrame& frame) {
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame.format));
    const bool luma_plane = desc != nullptr && (desc->flags & AV_PIX_FMT_FLAG_RGB) == 0 &&
                            (desc->flags & AV_PIX_FMT_FLAG_HWACCEL) == 0 &&
                            (desc->flags & AV_PIX_FMT_FLAG_PAL) == 0 && desc->comp[0].plane == 0 &&
                            desc->comp[0].step == 1 && desc->comp[0].depth == 8 &&
                            desc->comp[0].shift == 0 && desc->comp[0].offset == 0;
    if (luma_plane && frame.data[0] != nullptr && frame.linesize[0] > 0) {
        cv::Mat view(frame.height, frame.width, CV_8U, frame.data[0],
                     static_cast<size_t>(frame.linesize[0]));
        return view.clone();
    }
    cv::Mat out;
    cv::cvtColor(m_scaler.scale(frame, frame.width, frame.height), out, cv::COLOR_BGR2GRAY);
    return out;
}

}  // namespace footage::indexers::osd
