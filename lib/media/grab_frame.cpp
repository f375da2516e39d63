#include "lib/media/grab_frame.hpp"

#include "lib/media/av_error.hpp"
#include "lib/media/av_time.hpp"
#include "lib/media/open_input.hpp"
#include "lib/util/error.hpp"

extern "C" {
#include <libswscale/swscale.h>
}

namespace footage::media {

namespace {

cv::Mat to_bgr(const AVFrame& frame, const std::filesystem::path& path) {
    SwsPtr sws(sws_getContext(frame.width, frame.height, static_cast<AVPixelFormat>(frame.format),
                              frame.width, frame.height, AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr,
                              nullptr, nullptr));
    if (!sws) {
        throw MediaError(path.string() + ": cannot convert the frame to colour");
    }
    // swscale's SIMD paths may write past the end of a row, so it writes into a padded buffer.
    const int stride = (frame.width * 3 + 63) / 64 * 64;
    cv::Mat padded(frame.height + 1, stride, CV_8UC1);
    uint8_t* dst[4] = {padded.data, nullptr, nullptr, nullptr};
    int dst_stride[4] = {stride, 0, 0, 0};
    sws_scale(sws.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
    return cv::Mat(frame.height, frame.width, CV_8UC3, padded.data, static_cast<size_t>(stride))
        .clone();
}

}  // namespace

cv::Mat grab_frame(const std::filesystem::path& path, int64_t pts_us) {
    OpenInput input = open_input(path);
    AVStream* stream = input.format->streams[input.video_stream];
    for (unsigned i = 0; i < input.format->nb_streams; ++i) {
        if (static_cast<int>(i) != input.video_stream) {
            input.format->streams[i]->discard = AVDISCARD_ALL;
        }
    }
    const int64_t origin = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
    const int64_t target = origin + av_rescale_q(pts_us, kMicros, stream->time_base);
    if (av_seek_frame(input.format.get(), input.video_stream, target, AVSEEK_FLAG_BACKWARD) < 0) {
        av_seek_frame(input.format.get(), input.video_stream, origin, AVSEEK_FLAG_BACKWARD);
    }
    CodecContextPtr decoder = open_decoder(input, path, DecoderOptions{});
    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    FramePtr best(av_frame_alloc());
    check_allocated(packet && frame && best, path, "allocate frames to decode");
    bool have = false;
    bool done = false;
    auto drain = [&]() {
        while (!done && avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
            int64_t ts = frame->best_effort_timestamp;
            if (have && ts != AV_NOPTS_VALUE && ts > target) {
                done = true;
            } else {
                av_frame_unref(best.get());
                av_frame_move_ref(best.get(), frame.get());
                have = true;
                done = ts != AV_NOPTS_VALUE && ts >= target;
            }
            av_frame_unref(frame.get());
        }
    };
    while (!done && av_read_frame(input.format.get(), packet.get()) >= 0) {
        if (packet->stream_index == input.video_stream) {
            avcodec_send_packet(decoder.get(), packet.get());
        }
        av_packet_unref(packet.get());
        drain();
    }
    if (!done) {
        avcodec_send_packet(decoder.get(), nullptr);
        drain();
    }
    if (!have) {
        throw MediaError(path.string() + ": no frame could be decoded near " +
                         std::to_string(static_cast<double>(pts_us) / 1e6) + " s");
    }
    return to_bgr(*best, path);
}

}  // namespace footage::media
