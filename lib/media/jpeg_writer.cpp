#include "lib/media/jpeg_writer.hpp"

#include <algorithm>
#include <fstream>

#include "lib/media/av_error.hpp"
#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/util/error.hpp"

namespace footage::media {

void write_jpeg(const cv::Mat& bgr, const std::filesystem::path& out, int quality) {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (codec == nullptr) {
        throw MediaError(out.string() + ": this FFmpeg has no MJPEG encoder");
    }
    CodecContextPtr encoder(avcodec_alloc_context3(codec));
    FramePtr frame(av_frame_alloc());
    PacketPtr packet(av_packet_alloc());
    check_allocated(encoder && frame && packet, out, "allocate a JPEG encoder");
    encoder->width = bgr.cols & ~1;
    encoder->height = bgr.rows & ~1;
    encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
    encoder->time_base = {1, 25};
    encoder->color_range = AVCOL_RANGE_JPEG;
    // libjpeg quality 1..100 to MJPEG's qscale 31..2, through the global quality.
    const int qscale = std::clamp(2 + (100 - quality) * 29 / 99, 2, 31);
    encoder->flags |= AV_CODEC_FLAG_QSCALE;
    encoder->global_quality = FF_QP2LAMBDA * qscale;
    int rc = avcodec_open2(encoder.get(), codec, nullptr);
    if (rc < 0) {
        throw MediaError(out.string() + ": cannot open the MJPEG encoder (" + av_error_text(rc) +
                         ")");
    }
    frame->width = encoder->width;
    frame->height = encoder->height;
    frame->format = encoder->pix_fmt;
    frame->quality = encoder->global_quality;
    check_av(av_frame_get_buffer(frame.get(), 0), out, "allocate the JPEG picture");
    SwsPtr sws(sws_getContext(bgr.cols, bgr.rows, AV_PIX_FMT_BGR24, frame->width, frame->height,
                              AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!sws) {
        throw MediaError(out.string() + ": cannot convert the image for JPEG");
    }
    const uint8_t* source[4] = {bgr.data, nullptr, nullptr, nullptr};
    const int stride[4] = {static_cast<int>(bgr.step), 0, 0, 0};
    sws_scale(sws.get(), source, stride, 0, bgr.rows, frame->data, frame->linesize);
    frame->pts = 0;
    rc = avcodec_send_frame(encoder.get(), frame.get());
    if (rc >= 0) {
        rc = avcodec_send_frame(encoder.get(), nullptr);
    }
    if (rc < 0 || avcodec_receive_packet(encoder.get(), packet.get()) < 0) {
        throw MediaError(out.string() + ": JPEG encoding failed");
    }
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(packet->data), packet->size);
    file.close();
    if (!file) {
        throw IoError(out.string() + ": cannot write");
    }
}

}  // namespace footage::media
