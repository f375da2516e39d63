#include "lib/media/packet_scan.hpp"

#include <new>

#include "lib/media/luma_scaler.hpp"

namespace footage::media {

namespace {

constexpr AVRational kMicros = {1, 1'000'000};

}  // namespace

std::vector<PacketInfo> scan_packets(const std::filesystem::path& path,
                                     const DecoderOptions& decoder, int32_t luma_width,
                                     const FrameCallback& on_keyframe) {
    OpenInput input = open_input(path);
    for (unsigned i = 0; i < input.format->nb_streams; ++i) {
        if (static_cast<int>(i) != input.video_stream) {
            input.format->streams[i]->discard = AVDISCARD_ALL;
        }
    }
    const AVStream* stream = input.format->streams[input.video_stream];
    const int64_t origin = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
    auto to_us = [&](int64_t ts) {
        return ts == AV_NOPTS_VALUE ? kNoTime
                                    : av_rescale_q(ts - origin, stream->time_base, kMicros);
    };
    CodecContextPtr codec = open_decoder(input, path, decoder);
    // The decoder sees every packet (it needs the parameter sets and keeps its threads busy)
    // but reconstructs only the keyframes.
    codec->skip_frame = AVDISCARD_NONKEY;
    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame) {
        throw std::bad_alloc();
    }
    LumaScaler scaler(luma_width);
    auto receive = [&]() {
        while (avcodec_receive_frame(codec.get(), frame.get()) == 0) {
            int64_t ts = frame->best_effort_timestamp;
            if (ts != AV_NOPTS_VALUE) {
                const cv::Mat& luma = scaler.scale(*frame);
                LumaFrame out;
                out.pts_us = to_us(ts);
                out.width = luma.cols;
                out.height = luma.rows;
                out.stride = static_cast<int32_t>(luma.step);
                out.data = luma.data;
                on_keyframe(out);
            }
            av_frame_unref(frame.get());
        }
    };
    std::vector<PacketInfo> packets;
    while (av_read_frame(input.format.get(), packet.get()) >= 0) {
        if (packet->stream_index == input.video_stream) {
            PacketInfo info;
            info.pts_us = to_us(packet->pts);
            info.dts_us = to_us(packet->dts);
            info.size = packet->size;
            info.key = (packet->flags & AV_PKT_FLAG_KEY) != 0;
            packets.push_back(info);
            avcodec_send_packet(codec.get(), packet.get());  // damage: that keyframe is missing
            receive();
        }
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(codec.get(), nullptr);
    receive();
    return packets;
}

}  // namespace footage::media
