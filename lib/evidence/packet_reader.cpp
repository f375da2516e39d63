#include "lib/evidence/packet_reader.hpp"

#include "lib/media/av_error.hpp"
#include "lib/media/av_time.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace {

using media::kMicros;

}  // namespace

PacketReader::PacketReader(const std::filesystem::path& path) : m_path(path) {
    open();
    m_packet.reset(av_packet_alloc());
    media::check_allocated(m_packet != nullptr, path, "allocate a packet");
}

int64_t PacketReader::to_us(int64_t ts) const {
    return ts == AV_NOPTS_VALUE ? kUnknownTime
                                : av_rescale_q(ts - m_origin, m_stream->time_base, kMicros);
}

void PacketReader::seek(int64_t us) {
    if (us <= 0 || !m_full_index) {
        open();
        return;
    }
    int64_t target = m_origin + av_rescale_q(us, kMicros, m_stream->time_base);
    if (av_seek_frame(m_input.format.get(), m_input.video_stream, target, AVSEEK_FLAG_BACKWARD) <
        0) {
        open();
        return;
    }
    m_after_seek = true;
}

AVPacket* PacketReader::next() {
    av_packet_unref(m_packet.get());
    while (av_read_frame(m_input.format.get(), m_packet.get()) >= 0) {
        if (m_packet->stream_index == m_input.video_stream) {
            if (m_after_seek) {
                m_after_seek = false;
                int found = av_index_search_timestamp(m_stream, m_packet->dts,
                                                      AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY);
                if (found < 0) {
                    throw MediaError(m_path.string() + ": cannot place a packet in the index");
                }
                m_next_index = found;
            }
            m_index = m_next_index++;
            return m_packet.get();
        }
        av_packet_unref(m_packet.get());
    }
    return nullptr;
}

// (Re)opens at the start of the file.
void PacketReader::open() {
    m_input = media::open_input(m_path);
    for (unsigned i = 0; i < m_input.format->nb_streams; ++i) {
        if (static_cast<int>(i) != m_input.video_stream) {
            m_input.format->streams[i]->discard = AVDISCARD_ALL;
        }
    }
    m_stream = m_input.format->streams[m_input.video_stream];
    m_origin = m_stream->start_time != AV_NOPTS_VALUE ? m_stream->start_time : 0;
    // A container that indexes every packet (MP4, MOV) tells a packet's number after a seek;
    // otherwise packets are counted from the start of the file.
    m_full_index = m_stream->nb_frames > 0 &&
                   avformat_index_get_entries_count(m_stream) == m_stream->nb_frames;
    m_after_seek = false;
    m_next_index = 0;
}

}  // namespace footage::evidence
