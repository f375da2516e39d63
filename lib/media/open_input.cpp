#include "lib/media/open_input.hpp"

#include <algorithm>
#include <thread>

#include <system_error>

#include "lib/media/av_error.hpp"
#include "lib/media/mp4_boxes.hpp"
#include "lib/util/error.hpp"

namespace footage::media {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& reason) {
    throw MediaError(path.string() + ": " + reason);
}

}  // namespace

OpenInput open_input(const std::filesystem::path& path) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) {
        fail(path, "cannot read: " + ec.message());
    }
    if (size == 0) {
        fail(path, "empty file");
    }

    AVFormatContext* raw = nullptr;
    int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    OpenInput input;
    input.format.reset(raw);  // owned before the result is checked
    if (rc < 0 && is_mp4_without_moov(path)) {
        fail(path, "an MP4 without its index (moov), as a power cut leaves it: footage repair "
                   "rebuilds it with a healthy file of the same camera");
    }
    if (rc < 0) {
        fail(path, "not a readable media file (" + av_error_text(rc) + ")");
    }
    rc = avformat_find_stream_info(input.format.get(), nullptr);
    if (rc < 0) {
        fail(path, "cannot read stream information (" + av_error_text(rc) + ")");
    }
    rc = av_find_best_stream(input.format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (rc < 0) {
        fail(path, "no video stream");
    }
    input.video_stream = rc;
    return input;
}

bool is_elementary_stream(const AVFormatContext& format) {
    if (format.iformat == nullptr) {
        return false;
    }
    const std::string name = format.iformat->name;
    return (format.iformat->flags & AVFMT_NOTIMESTAMPS) != 0 || name == "h264" || name == "hevc" ||
           name == "m4v" || name == "mpegvideo";
}

CodecContextPtr open_decoder(const OpenInput& input, const std::filesystem::path& path,
                             const DecoderOptions& options) {
    const AVStream& stream = *input.format->streams[input.video_stream];
    const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
    if (codec == nullptr) {
        fail(path,
             std::string("no decoder for codec ") + avcodec_get_name(stream.codecpar->codec_id));
    }
    CodecContextPtr context(avcodec_alloc_context3(codec));
    check_allocated(context != nullptr, path, "allocate a decoder");
    int rc = avcodec_parameters_to_context(context.get(), stream.codecpar);
    if (rc < 0) {
        fail(path, "bad codec parameters (" + av_error_text(rc) + ")");
    }
    context->pkt_timebase = stream.time_base;
    // FFmpeg's own choice (0) runs one more frame thread than there are cores, which measured
    // 30% slower than one per core on a 2-core machine.
    context->thread_count =
        options.threads > 0
            ? options.threads
            : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
    context->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    if (options.skip_loop_filter) {
        context->skip_loop_filter = AVDISCARD_ALL;
    }
    rc = avcodec_open2(context.get(), codec, nullptr);
    if (rc < 0) {
        fail(path, "cannot open decoder (" + av_error_text(rc) + ")");
    }
    return context;
}

void require_decodable_frame(OpenInput& input, const std::filesystem::path& path) {
    CodecContextPtr decoder = open_decoder(input, path, DecoderOptions{1, false});
    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    check_allocated(packet && frame, path, "allocate frames to decode");
    int last_error = 0;
    for (int packets_read = 0; packets_read < 2000; ++packets_read) {
        int rc = av_read_frame(input.format.get(), packet.get());
        if (rc < 0) {
            avcodec_send_packet(decoder.get(), nullptr);  // drain
        } else if (packet->stream_index != input.video_stream) {
            av_packet_unref(packet.get());
            continue;
        } else {
            int sent = avcodec_send_packet(decoder.get(), packet.get());
            av_packet_unref(packet.get());
            if (sent < 0 && sent != AVERROR(EAGAIN)) {
                last_error = sent;
            }
        }
        int received = avcodec_receive_frame(decoder.get(), frame.get());
        if (received == 0) {
            return;
        }
        if (rc < 0) {
            if (received == AVERROR(EAGAIN)) {
                continue;  // more frames buffered in the decoder
            }
            break;
        }
    }
    fail(path, last_error != 0 ? "no decodable video frame (" + av_error_text(last_error) + ")"
                               : "no decodable video frame (truncated?)");
}

}  // namespace footage::media
