#include "lib/media/probe.hpp"

#include "lib/media/av_error.hpp"
#include "lib/media/av_time.hpp"
#include "lib/media/dhav_header.hpp"
#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/media/open_input.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::media {

namespace {

std::optional<int64_t> creation_time(const AVFormatContext& format, const AVStream& stream) {
    const AVDictionaryEntry* entry = av_dict_get(format.metadata, "creation_time", nullptr, 0);
    if (entry == nullptr) {
        entry = av_dict_get(stream.metadata, "creation_time", nullptr, 0);
    }
    if (entry == nullptr || entry->value == nullptr) {
        return std::nullopt;
    }
    try {
        int64_t utc_us = timecode::parse_time(entry->value, timecode::Zone::utc());
        // Muxers write 1970-01-01 or 1904-01-01 when they know no time; that is not a time.
        if (utc_us <= timecode::kMicrosPerDay) {
            return std::nullopt;
        }
        return utc_us;
    } catch (const ParseError&) {
        return std::nullopt;
    }
}

}  // namespace

ProbeResult probe(const std::filesystem::path& path) {
    OpenInput input = open_input(path);
    const AVStream& stream = *input.format->streams[input.video_stream];

    ProbeResult result;
    result.container = input.format->iformat->name;
    result.codec = avcodec_get_name(stream.codecpar->codec_id);
    result.width = stream.codecpar->width;
    result.height = stream.codecpar->height;
    AVRational rate = stream.avg_frame_rate.num > 0 ? stream.avg_frame_rate : stream.r_frame_rate;
    result.frame_rate = rate.den > 0 ? av_q2d(rate) : 0.0;
    if (input.format->duration > 0) {
        result.duration_us =
            av_rescale_q(input.format->duration, AVRational{1, AV_TIME_BASE}, kMicros);
    } else if (stream.duration > 0) {
        result.duration_us = av_rescale_q(stream.duration, stream.time_base, kMicros);
    }
    result.stream_count = static_cast<int32_t>(input.format->nb_streams);
    result.video_stream = input.video_stream;
    result.bit_rate = input.format->bit_rate;
    result.creation_time_utc_us = creation_time(*input.format, stream);
    if (input.format->start_time_realtime != AV_NOPTS_VALUE &&
        input.format->start_time_realtime > timecode::kMicrosPerDay) {
        result.stream_start_utc_us = input.format->start_time_realtime;
    }

    // libavformat's dhav demuxer times packets by the date-time in each frame header, read as
    // if it were UTC: so the first timestamp is the recorder's local civil time.
    if (result.container == "dhav" && stream.start_time != AV_NOPTS_VALUE &&
        stream.start_time > 0) {
        result.recorder_local_start_us = av_rescale_q(stream.start_time, stream.time_base, kMicros);
        result.recorder_local_source = "dhav";
    }
    if (result.container == "dhav") {
        result.recorder_channel = dhav_channel(path);
    }

    require_decodable_frame(input, path);
    return result;
}

}  // namespace footage::media
