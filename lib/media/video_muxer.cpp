#include "lib/media/video_muxer.hpp"

#include "lib/media/av_error.hpp"
#include "lib/util/error.hpp"

namespace footage::media {

VideoMuxer::VideoMuxer(const std::filesystem::path& out) : m_out(out) {
    AVFormatContext* raw = nullptr;
    const int rc = avformat_alloc_output_context2(&raw, nullptr, nullptr, out.c_str());
    if (rc < 0 || raw == nullptr) {
        throw MediaError(out.string() + ": no muxer for this container (" + av_error_text(rc) +
                         ")");
    }
    m_muxer.reset(raw);
}

bool VideoMuxer::wants_global_header() const {
    return (m_muxer->oformat->flags & AVFMT_GLOBALHEADER) != 0;
}

AVStream& VideoMuxer::add_stream(AVRational time_base) {
    m_stream = avformat_new_stream(m_muxer.get(), nullptr);
    check_allocated(m_stream != nullptr, m_out, "add the video stream");
    m_stream->time_base = time_base;
    return *m_stream;
}

void VideoMuxer::open() {
    int rc = avio_open(&m_muxer->pb, m_out.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
        throw IoError(m_out.string() + ": cannot create (" + av_error_text(rc) + ")");
    }
    rc = avformat_write_header(m_muxer.get(), nullptr);
    if (rc < 0) {
        throw MediaError(m_out.string() + ": cannot write the header (" + av_error_text(rc) + ")");
    }
}

void VideoMuxer::write(AVPacket& packet, AVRational time_base, bool interleaved) {
    packet.stream_index = 0;
    av_packet_rescale_ts(&packet, time_base, m_stream->time_base);
    const int rc = interleaved ? av_interleaved_write_frame(m_muxer.get(), &packet)
                               : av_write_frame(m_muxer.get(), &packet);
    if (rc < 0) {
        throw IoError(m_out.string() + ": cannot write (" + av_error_text(rc) + ")");
    }
}

void VideoMuxer::finish() {
    const int rc = av_write_trailer(m_muxer.get());
    if (rc < 0) {
        throw IoError(m_out.string() + ": cannot finish (" + av_error_text(rc) + ")");
    }
}

}  // namespace footage::media
