#include "lib/media/packet_scan.hpp"

#include "lib/media/av_error.hpp"
#include "lib/media/av_time.hpp"
#include "lib/media/luma_scaler.hpp"

namespace footage::media {

namespace {

// The input with every stream but the video one discarded, and its time conversion.
struct VideoInput {
    explicit VideoInput(const std::filesystem::path& path) : input(open_input(path)) {
        for (unsigned i = 0; i < input.format->nb_streams; ++i) {
            if (static_cast<int>(i) != input.video_stream) {
                input.format->streams[i]->discard = AVDISCARD_ALL;
            }
        }
        stream = input.format->streams[input.video_stream];
        origin = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
    }

    int64_t to_us(int64_t ts) const {
        return ts == AV_NOPTS_VALUE ? timecode::kUnknownTime
                                    : av_rescale_q(ts - origin, stream->time_base, kMicros);
    }

    OpenInput input;
    const AVStream* stream = nullptr;
    int64_t origin = 0;
};

PacketPtr new_packet(const std::filesystem::path& path) {
    PacketPtr packet(av_packet_alloc());
    check_allocated(packet != nullptr, path, "allocate a packet");
    return packet;
}

}  // namespace

std::vector<PacketInfo> read_packets(const std::filesystem::path& path) {
    VideoInput video(path);
    PacketPtr packet = new_packet(path);
    std::vector<PacketInfo> packets;
    while (av_read_frame(video.input.format.get(), packet.get()) >= 0) {
        if (packet->stream_index == video.input.video_stream) {
            PacketInfo info;
            info.pts_us = video.to_us(packet->pts);
            info.dts_us = video.to_us(packet->dts);
            info.size = packet->size;
            info.key = (packet->flags & AV_PKT_FLAG_KEY) != 0;
            packets.push_back(info);
        }
        av_packet_unref(packet.get());
    }
    return packets;
}

bool decode_keyframes(const std::filesystem::path& path, const DecoderOptions& decoder,
                      int32_t luma_width, const KeyframeFilter& wanted,
                      const KeyframeCallback& on_keyframe) {
    VideoInput video(path);
    // Only the keyframe packets reach the decoder: an intra picture needs no other, so with
    // frame threads the keyframes decode side by side, and the packets between them cost
    // nothing (fed to a decoder told to skip them, each was still a hand-over between its
    // threads).
    CodecContextPtr codec = open_decoder(video.input, path, decoder);
    PacketPtr packet = new_packet(path);
    FramePtr frame(av_frame_alloc());
    check_allocated(frame != nullptr, path, "allocate a frame to decode");
    LumaScaler scaler(luma_width);
    bool going = true;
    auto receive = [&]() {
        while (avcodec_receive_frame(codec.get(), frame.get()) == 0) {
            int64_t ts = frame->best_effort_timestamp;
            // A keyframe that is not an intra picture (gradual refresh) or did not decode
            // cleanly shows something its packet alone cannot: it is left out, as if damaged.
            const bool whole = frame->pict_type == AV_PICTURE_TYPE_I &&
                               (frame->flags & AV_FRAME_FLAG_CORRUPT) == 0 &&
                               frame->decode_error_flags == 0;
            if (going && whole && ts != AV_NOPTS_VALUE) {
                const cv::Mat& luma = scaler.scale(*frame);
                LumaFrame out;
                out.pts_us = video.to_us(ts);
                out.width = luma.cols;
                out.height = luma.rows;
                out.stride = static_cast<int32_t>(luma.step);
                out.data = luma.data;
                going = on_keyframe(out);
            }
            av_frame_unref(frame.get());
        }
    };
    while (going && av_read_frame(video.input.format.get(), packet.get()) >= 0) {
        if (packet->stream_index == video.input.video_stream &&
            (packet->flags & AV_PKT_FLAG_KEY) != 0 && wanted(video.to_us(packet->pts))) {
            avcodec_send_packet(codec.get(), packet.get());  // damage: that keyframe is missing
            receive();
        }
        av_packet_unref(packet.get());
    }
    if (going) {
        avcodec_send_packet(codec.get(), nullptr);
        receive();
    }
    return going;
}

}  // namespace footage::media
