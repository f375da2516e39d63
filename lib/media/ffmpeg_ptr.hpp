#pragma once
// Owning pointers for FFmpeg handles: one deleter per type, so no av_*_free outside this file.
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace footage::media {

struct FormatCloser {
    void operator()(AVFormatContext* p) const noexcept { avformat_close_input(&p); }
};
// A muxer's context: closes its file (if opened) and frees it.
struct OutputFormatCloser {
    void operator()(AVFormatContext* p) const noexcept {
        if (p->pb != nullptr && (p->oformat->flags & AVFMT_NOFILE) == 0) {
            avio_closep(&p->pb);
        }
        avformat_free_context(p);
    }
};
struct CodecContextFreer {
    void operator()(AVCodecContext* p) const noexcept { avcodec_free_context(&p); }
};
struct FrameFreer {
    void operator()(AVFrame* p) const noexcept { av_frame_free(&p); }
};
struct PacketFreer {
    void operator()(AVPacket* p) const noexcept { av_packet_free(&p); }
};
struct SwsFreer {
    void operator()(SwsContext* p) const noexcept { sws_freeContext(p); }
};

using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatCloser>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

}  // namespace footage::media
