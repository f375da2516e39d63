#pragma once
// The one decode pass: demux, decode, sample, take the luma plane and downscale it once, and
// hand each sampled frame to a callback (the pipeline fans it out to the indexers).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "lib/media/open_input.hpp"

struct AVFrame;

namespace footage::media {

// A sampled frame: 8-bit luma, downscaled. Valid only during the callback.
struct LumaFrame {
    int64_t pts_us = 0;  // from the start of the recording
    int32_t width = 0;
    int32_t height = 0;
    int32_t stride = 0;
    const uint8_t* data = nullptr;
    // The whole decoded frame, for an indexer that needs colour (see ColorScaler); null when
    // the frame did not come from the decoder.
    const AVFrame* decoded = nullptr;
};

// A span of a recording, in microseconds from its start, [start_us, end_us).
struct Span {
    int64_t start_us = 0;
    int64_t end_us = 0;
};

struct FrameSourceOptions {
    double sample_fps = 5.0;   // frames handed out per second (at most the stream's rate)
    int32_t luma_width = 320;  // the height follows the frame's aspect ratio (even)
    DecoderOptions decoder;
    // Only these spans are decoded (sorted, non-overlapping); empty: the whole recording.
    std::vector<Span> decode_spans;
};

struct DecodeStats {
    int64_t frames_decoded = 0;
    int64_t frames_sampled = 0;
    int64_t last_pts_us = 0;      // of the last frame seen: the recording's real length
    int32_t corrupt_packets = 0;  // packets the decoder rejected; the pass goes on past them
};

using FrameCallback = std::function<void(const LumaFrame&)>;

// Decodes `path`. Throws MediaError when the file cannot be opened or decoded at all; damage
// after the first frame is counted in DecodeStats, not thrown.
DecodeStats decode_frames(const std::filesystem::path& path, const FrameSourceOptions& options,
                          const FrameCallback& on_frame);

}  // namespace footage::media
