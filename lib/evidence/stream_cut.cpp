#include "lib/evidence/stream_cut.hpp"

#include <algorithm>
#include <limits>
#include <new>

#include "lib/evidence/sha256.hpp"
#include "lib/media/av_error.hpp"
#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/media/open_input.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

constexpr AVRational kMicros = {1, 1'000'000};
constexpr int64_t kUnknown = std::numeric_limits<int64_t>::min();
constexpr int64_t kSeekMarginUs = 10'000'000;  // keyframes are rarely further apart

class Reader {
  public:
    explicit Reader(const fs::path& path) : m_path(path) {
        open();
        m_packet.reset(av_packet_alloc());
        if (!m_packet) {
            throw std::bad_alloc();
        }
    }

    AVStream* stream() const { return m_stream; }

    int64_t to_us(int64_t ts) const {
        return ts == AV_NOPTS_VALUE ? kUnknown
                                    : av_rescale_q(ts - m_origin, m_stream->time_base, kMicros);
    }

    // Positions the reader at or before `us` (at the start when the packets' numbers could
    // not be known after a seek).
    void seek(int64_t us) {
        if (us <= 0 || !m_full_index) {
            open();
            return;
        }
        int64_t target = m_origin + av_rescale_q(us, kMicros, m_stream->time_base);
        if (av_seek_frame(m_input.format.get(), m_input.video_stream, target,
                          AVSEEK_FLAG_BACKWARD) < 0) {
            open();
            return;
        }
        m_after_seek = true;
    }

    // The next video packet, or null at the end.
    AVPacket* next() {
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

    // The number of the packet next() returned last.
    int64_t index() const { return m_index; }

  private:
    // (Re)opens at the start of the file.
    void open() {
        m_input = media::open_input(m_path);
        for (unsigned i = 0; i < m_input.format->nb_streams; ++i) {
            if (static_cast<int>(i) != m_input.video_stream) {
                m_input.format->streams[i]->discard = AVDISCARD_ALL;
            }
        }
        m_stream = m_input.format->streams[m_input.video_stream];
        m_origin = m_stream->start_time != AV_NOPTS_VALUE ? m_stream->start_time : 0;
        // A container that indexes every packet (MP4, MOV) tells a packet's number after a
        // seek; otherwise packets are counted from the start of the file.
        m_full_index = m_stream->nb_frames > 0 &&
                       avformat_index_get_entries_count(m_stream) == m_stream->nb_frames;
        m_after_seek = false;
        m_next_index = 0;
    }

    fs::path m_path;
    media::OpenInput m_input;
    AVStream* m_stream = nullptr;
    int64_t m_origin = 0;
    media::PacketPtr m_packet;
    bool m_full_index = false;
    bool m_after_seek = false;
    int64_t m_next_index = 0;
    int64_t m_index = 0;
};

CopiedPacket describe(const AVPacket& packet, int64_t index) {
    CopiedPacket copied;
    copied.stream_index = packet.stream_index;
    copied.packet_index = index;
    copied.pts = packet.pts == AV_NOPTS_VALUE ? kUnknown : packet.pts;
    copied.dts = packet.dts == AV_NOPTS_VALUE ? kUnknown : packet.dts;
    copied.size = packet.size;
    copied.key = (packet.flags & AV_PKT_FLAG_KEY) != 0;
    copied.sha256 = sha256_hex(std::string_view(reinterpret_cast<const char*>(packet.data),
                                                static_cast<size_t>(packet.size)));
    return copied;
}

}  // namespace

std::string clip_extension(const fs::path& source) {
    std::string ext = source.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* writable : {".mp4", ".mov", ".mkv", ".avi", ".ts"}) {
        if (ext == writable) {
            return ext;
        }
    }
    return ".mkv";
}

StreamCut stream_copy(const fs::path& source, int64_t from_us, int64_t to_us, const fs::path& out) {
    // Pass 1: which packets. The first is the last keyframe shown at or before the start; the
    // last is the last packet, in decode order, shown before the end.
    Reader reader(source);
    int64_t first = -1;
    int64_t last = -1;
    for (int64_t seek_us : {from_us - kSeekMarginUs, int64_t{0}}) {
        reader.seek(seek_us);
        first = -1;
        last = -1;
        bool started_late = false;
        bool any = false;
        while (AVPacket* packet = reader.next()) {
            int64_t pts = reader.to_us(packet->pts);
            int64_t dts = reader.to_us(packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts);
            if (!any && pts != kUnknown && pts > from_us) {
                started_late = true;
            }
            any = true;
            if ((packet->flags & AV_PKT_FLAG_KEY) != 0 && pts != kUnknown && pts <= from_us) {
                first = reader.index();
                last = -1;
            }
            if (first >= 0 && pts != kUnknown && pts < to_us) {
                last = reader.index();
            }
            if (dts != kUnknown && dts >= to_us) {
                break;  // every later packet is shown after the end
            }
        }
        if (first < 0 && any && !started_late && seek_us <= 0) {
            break;
        }
        if (first >= 0 && !started_late) {
            break;
        }
    }
    if (first < 0 || last < 0) {
        throw MediaError(source.string() + ": no frame between the requested times");
    }

    // Pass 2: copy them, hashing each.
    AVStream* in_stream = reader.stream();
    media::OutputFormatPtr muxer;
    {
        AVFormatContext* raw = nullptr;
        int rc = avformat_alloc_output_context2(&raw, nullptr, nullptr, out.c_str());
        if (rc < 0 || raw == nullptr) {
            throw MediaError(out.string() + ": no muxer for this container (" +
                             media::av_error_text(rc) + ")");
        }
        muxer.reset(raw);
    }
    AVStream* out_stream = avformat_new_stream(muxer.get(), nullptr);
    if (out_stream == nullptr ||
        avcodec_parameters_copy(out_stream->codecpar, in_stream->codecpar) < 0) {
        throw std::bad_alloc();
    }
    out_stream->codecpar->codec_tag = 0;
    out_stream->time_base = in_stream->time_base;
    int rc = avio_open(&muxer->pb, out.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
        throw IoError(out.string() + ": cannot create (" + media::av_error_text(rc) + ")");
    }
    rc = avformat_write_header(muxer.get(), nullptr);
    if (rc < 0) {
        throw MediaError(out.string() + ": cannot write the header (" + media::av_error_text(rc) +
                         ")");
    }
    StreamCut cut;
    cut.time_base_num = in_stream->time_base.num;
    cut.time_base_den = in_stream->time_base.den;
    reader.seek(from_us - kSeekMarginUs);
    int64_t shift = AV_NOPTS_VALUE;
    int64_t end_us = kUnknown;
    while (AVPacket* packet = reader.next()) {
        if (reader.index() < first) {
            continue;
        }
        if (reader.index() > last) {
            break;
        }
        CopiedPacket copied = describe(*packet, reader.index());
        int64_t pts_us = reader.to_us(packet->pts);
        if (cut.packets.empty()) {
            cut.actual_start_us = pts_us;
            shift = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
        }
        if (pts_us != kUnknown) {
            int64_t duration_us =
                packet->duration > 0 ? av_rescale_q(packet->duration, in_stream->time_base, kMicros)
                                     : 0;
            end_us = std::max(end_us, pts_us + duration_us);
        }
        cut.packets.push_back(copied);
        packet->stream_index = 0;
        if (packet->pts != AV_NOPTS_VALUE) {
            packet->pts -= shift;
        }
        if (packet->dts != AV_NOPTS_VALUE) {
            packet->dts -= shift;
        }
        packet->pos = -1;
        av_packet_rescale_ts(packet, in_stream->time_base, out_stream->time_base);
        rc = av_write_frame(muxer.get(), packet);
        if (rc < 0) {
            throw IoError(out.string() + ": cannot write (" + media::av_error_text(rc) + ")");
        }
    }
    rc = av_write_trailer(muxer.get());
    if (rc < 0) {
        throw IoError(out.string() + ": cannot finish (" + media::av_error_text(rc) + ")");
    }
    if (cut.packets.empty() || cut.packets.front().packet_index != first ||
        cut.packets.back().packet_index != last) {
        throw MediaError(source.string() + ": the packets read twice differ");
    }
    cut.actual_end_us = end_us;
    return cut;
}

std::vector<CopiedPacket> source_packets(const fs::path& source) {
    Reader reader(source);
    std::vector<CopiedPacket> packets;
    while (AVPacket* packet = reader.next()) {
        packets.push_back(describe(*packet, reader.index()));
    }
    return packets;
}

}  // namespace footage::evidence
