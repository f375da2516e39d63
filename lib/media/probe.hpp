#pragma once
// What libavformat says about a recording, read without decoding the whole file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace footage::media {

struct ProbeResult {
    std::string container;  // libavformat's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    std::string codec;      // video codec, e.g. "h264"
    int32_t width = 0;
    int32_t height = 0;
    double frame_rate = 0.0;  // frames per second, 0 when unknown
    int64_t duration_us = 0;  // as the container claims; 0 when unknown
    int32_t stream_count = 0;
    int32_t video_stream = -1;  // index of the video stream analysed
    int64_t bit_rate = 0;
    std::optional<int64_t> creation_time_utc_us;  // container creation_time, when present
    std::optional<int64_t> stream_start_utc_us;   // wall time carried in the stream (RTP/NTP,
                                                  // some vendor containers), when present
    // The recorder's local date-time carried in the stream, as civil microseconds since
    // 1970-01-01 00:00 of no zone: Dahua DHAV frame headers hold it. The zone is the user's.
    std::optional<int64_t> recorder_local_start_us;
    std::string recorder_local_source;  // "dhav" when set
    // The channel the recorder wrote into the stream (DHAV frame headers), counted from 1.
    std::optional<int> recorder_channel;
};

// Opens `path` read-only, finds its video stream and decodes its first frame, so that a file
// that only looks like video is rejected here. Throws MediaError "<path>: <reason>".
ProbeResult probe(const std::filesystem::path& path);

}  // namespace footage::media
