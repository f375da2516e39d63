#pragma once
// Opening a recording for reading: the demuxer, its video stream and a decoder for it.
#include <filesystem>

#include "lib/media/ffmpeg_ptr.hpp"

namespace footage::media {

struct OpenInput {
    FormatPtr format;
    int video_stream = -1;
};

// Opens read-only and picks the best video stream. Throws MediaError "<path>: <reason>":
// empty file, not a media file, no video stream.
OpenInput open_input(const std::filesystem::path& path);

// A raw elementary stream (H.264/H.265 Annex B, MPEG-4 Part 2, ...): no container, no
// timestamps of its own (libavformat's AVFMT_NOTIMESTAMPS demuxers).
bool is_elementary_stream(const AVFormatContext& format);

struct DecoderOptions {
    int threads = 0;                // 0: one per core
    bool skip_loop_filter = false;  // cheaper decoding whose small differences analysis ignores
};

// A decoder for the input's video stream. Throws MediaError when the codec is unsupported.
CodecContextPtr open_decoder(const OpenInput& input, const std::filesystem::path& path,
                             const DecoderOptions& options);

// Decodes until the first video frame; throws MediaError when none can be decoded
// (truncated before the first frame, corrupt bitstream).
void require_decodable_frame(OpenInput& input, const std::filesystem::path& path);

}  // namespace footage::media
