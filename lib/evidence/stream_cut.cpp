#include "lib/evidence/stream_cut.hpp"

#include <algorithm>
#include <limits>

#include "lib/evidence/packet_reader.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/media/av_error.hpp"
#include "lib/media/av_time.hpp"
#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/media/open_input.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

using media::kMicros;
constexpr int64_t kSeekMarginUs = 10'000'000;  // keyframes are rarely further apart

}  // namespace

CopiedPacket describe_packet(const AVPacket& packet, int64_t index) {
    CopiedPacket copied;
    copied.stream_index = packet.stream_index;
    copied.packet_index = index;
    copied.pts = packet.pts == AV_NOPTS_VALUE ? kUnknownTime : packet.pts;
    copied.dts = packet.dts == AV_NOPTS_VALUE ? kUnknownTime : packet.dts;
    copied.size = packet.size;
    copied.key = (packet.flags & AV_PKT_FLAG_KEY) != 0;
    copied.sha256 = sha256_hex(std::string_view(reinterpret_cast<const char*>(packet.data),
                                                static_cast<size_t>(packet.size)));
    return copied;
}

std::string clip_extension(const fs::path& source, const std::string& container) {
    // Recorder streams in Annex B (Dahua DHAV, MPEG program streams such as Hikvision's IMKH
    // exports, raw .h264) keep their bytes in MPEG-PS/TS; MP4 and Matroska would rewrite every
    // packet into length-prefixed form, and the clip's packets would no longer be the source's.
    if (container == "mpeg" || container == "dhav") {
        return ".mpg";  // the program stream muxer adds nothing (MPEG-TS would add AUD units)
    }
    for (const char* annex_b : {"h264", "hevc"}) {
        if (container == annex_b) {
            return ".ts";
        }
    }
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
    PacketReader reader(source);
    int64_t first = -1;
    int64_t last = -1;
    int64_t read_from_us = 0;  // where pass 1 found them; pass 2 reads from the same place
    for (int64_t seek_us : {from_us - kSeekMarginUs, int64_t{0}}) {
        read_from_us = seek_us;
        reader.seek(seek_us);
        first = -1;
        last = -1;
        int64_t first_key = -1;     // the first keyframe read, for a start before any keyframe
        int64_t last_shown = -1;    // the last packet shown before the end, after first_key
        bool started_late = false;  // the seek landed after the start
        bool any = false;
        while (AVPacket* packet = reader.next()) {
            int64_t pts = reader.to_us(packet->pts);
            int64_t dts = reader.to_us(packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts);
            started_late = started_late || (!any && pts != kUnknownTime && pts > from_us);
            any = true;
            const bool key = (packet->flags & AV_PKT_FLAG_KEY) != 0;
            if (key && first_key < 0) {
                first_key = reader.index();
            }
            if (key && pts != kUnknownTime && pts <= from_us) {
                first = reader.index();
                last = -1;
            }
            if (pts != kUnknownTime && pts < to_us) {
                if (first >= 0) {
                    last = reader.index();
                }
                if (first_key >= 0) {
                    last_shown = reader.index();
                }
            }
            if (dts != kUnknownTime && dts >= to_us) {
                break;  // every later packet is shown after the end
            }
        }
        if (first >= 0 && !started_late) {
            break;
        }
        if (seek_us <= 0) {
            // The range starts before the first keyframe: the clip starts at that keyframe.
            if (first < 0) {
                first = first_key;
                last = last_shown;
            }
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
    media::check_allocated(out_stream != nullptr, out, "add the video stream");
    media::check_av(avcodec_parameters_copy(out_stream->codecpar, in_stream->codecpar), out,
                    "copy the source's codec parameters");
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
    reader.seek(read_from_us);
    in_stream = reader.stream();  // a seek that falls back to the start reopens the file
    int64_t shift = AV_NOPTS_VALUE;
    int64_t end_us = kUnknownTime;
    while (AVPacket* packet = reader.next()) {
        if (reader.index() < first) {
            continue;
        }
        if (reader.index() > last) {
            break;
        }
        CopiedPacket copied = describe_packet(*packet, reader.index());
        int64_t pts_us = reader.to_us(packet->pts);
        if (cut.packets.empty()) {
            cut.actual_start_us = pts_us;
            shift = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
        }
        if (pts_us != kUnknownTime) {
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
    PacketReader reader(source);
    std::vector<CopiedPacket> packets;
    while (AVPacket* packet = reader.next()) {
        packets.push_back(describe_packet(*packet, reader.index()));
    }
    return packets;
}

}  // namespace footage::evidence
