#include "lib/evidence/stream_cut.hpp"

#include <algorithm>
#include <limits>

#include "lib/evidence/packet_reader.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/media/av_error.hpp"
#include "lib/media/av_time.hpp"
#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/media/open_input.hpp"
#include "lib/media/video_muxer.hpp"
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

namespace {

// The packets a cut copies, numbered among the source's video packets, and where reading must
// start to meet them again.
struct PacketRun {
    int64_t first = -1;
    int64_t last = -1;
    int64_t read_from_offset_us = 0;
};

// One read of the packets from `seek_offset_us`. The first is the last keyframe shown at or
// before the start; the last is the last packet, in decode order, shown before the end.
// `started_late` says the seek landed after the start, so an earlier read is needed.
PacketRun scan_from(PacketReader& reader, int64_t seek_offset_us, int64_t from_offset_us,
                    int64_t to_offset_us, bool& started_late) {
    PacketRun run;
    run.read_from_offset_us = seek_offset_us;
    reader.seek(seek_offset_us);
    int64_t first_key = -1;   // the first keyframe read, for a start before any keyframe
    int64_t last_shown = -1;  // the last packet shown before the end, after first_key
    started_late = false;
    bool any = false;
    while (AVPacket* packet = reader.next()) {
        const int64_t pts = reader.to_us(packet->pts);
        const int64_t dts = reader.to_us(packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts);
        started_late = started_late || (!any && pts != kUnknownTime && pts > from_offset_us);
        any = true;
        const bool key = (packet->flags & AV_PKT_FLAG_KEY) != 0;
        if (key && first_key < 0) {
            first_key = reader.index();
        }
        if (key && pts != kUnknownTime && pts <= from_offset_us) {
            run.first = reader.index();
            run.last = -1;
        }
        if (pts != kUnknownTime && pts < to_offset_us) {
            if (run.first >= 0) {
                run.last = reader.index();
            }
            if (first_key >= 0) {
                last_shown = reader.index();
            }
        }
        if (dts != kUnknownTime && dts >= to_offset_us) {
            break;  // every later packet is shown after the end
        }
    }
    if (run.first < 0 && seek_offset_us <= 0) {
        // The range starts before the first keyframe: the clip starts at that keyframe.
        run.first = first_key;
        run.last = last_shown;
    }
    return run;
}

// Reads near the start first; from the beginning when the keyframe lies before what that read.
PacketRun find_packets(PacketReader& reader, const fs::path& source, int64_t from_offset_us,
                       int64_t to_offset_us) {
    PacketRun run;
    for (int64_t seek_offset_us : {from_offset_us - kSeekMarginUs, int64_t{0}}) {
        bool started_late = false;
        run = scan_from(reader, seek_offset_us, from_offset_us, to_offset_us, started_late);
        if ((run.first >= 0 && !started_late) || seek_offset_us <= 0) {
            break;
        }
    }
    if (run.first < 0 || run.last < 0) {
        throw MediaError(source.string() + ": no frame between the requested times");
    }
    return run;
}

// The clip file, with the source's video stream parameters.
void open_clip_file(media::VideoMuxer& muxer, const fs::path& out, const AVStream& in_stream) {
    AVStream& stream = muxer.add_stream(in_stream.time_base);
    media::check_av(avcodec_parameters_copy(stream.codecpar, in_stream.codecpar), out,
                    "copy the source's codec parameters");
    stream.codecpar->codec_tag = 0;
    muxer.open();
}

}  // namespace

StreamCut stream_copy(const fs::path& source, int64_t from_offset_us, int64_t to_offset_us,
                      const fs::path& out) {
    PacketReader reader(source);
    const PacketRun run = find_packets(reader, source, from_offset_us, to_offset_us);
    media::VideoMuxer muxer(out);
    open_clip_file(muxer, out, *reader.stream());
    StreamCut cut;
    cut.time_base_num = reader.stream()->time_base.num;
    cut.time_base_den = reader.stream()->time_base.den;
    // Read the same packets again, from where they were found, copying and hashing each.
    reader.seek(run.read_from_offset_us);
    const AVStream* in_stream = reader.stream();  // a seek falling back to the start reopens
    int64_t shift = AV_NOPTS_VALUE;
    int64_t end_offset_us = kUnknownTime;
    while (AVPacket* packet = reader.next()) {
        if (reader.index() < run.first) {
            continue;
        }
        if (reader.index() > run.last) {
            break;
        }
        const int64_t pts_offset_us = reader.to_us(packet->pts);
        if (cut.packets.empty()) {
            cut.actual_start_offset_us = pts_offset_us;
            shift = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
        }
        if (pts_offset_us != kUnknownTime) {
            const int64_t duration_us =
                packet->duration > 0 ? av_rescale_q(packet->duration, in_stream->time_base, kMicros)
                                     : 0;
            end_offset_us = std::max(end_offset_us, pts_offset_us + duration_us);
        }
        cut.packets.push_back(describe_packet(*packet, reader.index()));
        if (packet->pts != AV_NOPTS_VALUE) {
            packet->pts -= shift;
        }
        if (packet->dts != AV_NOPTS_VALUE) {
            packet->dts -= shift;
        }
        packet->pos = -1;
        muxer.write(*packet, in_stream->time_base, false);
    }
    muxer.finish();
    if (cut.packets.empty() || cut.packets.front().packet_index != run.first ||
        cut.packets.back().packet_index != run.last) {
        throw MediaError(source.string() + ": the packets read twice differ");
    }
    cut.actual_end_offset_us = end_offset_us;
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
