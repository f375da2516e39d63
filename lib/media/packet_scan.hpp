#pragma once
// One pass over a recording's packets that reads every packet's size and type but decodes
// only the keyframes: the compressed-domain evidence for deciding what need not be decoded.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "lib/media/frame_source.hpp"
#include "lib/media/open_input.hpp"

namespace footage::media {

constexpr int64_t kNoTime = INT64_MIN;

struct PacketInfo {
    int64_t pts_us = kNoTime;  // from the start of the recording, like LumaFrame::pts_us
    int64_t dts_us = kNoTime;
    int32_t size = 0;
    bool key = false;
};

// The video packets in decode order. Each keyframe that decodes is handed to `on_keyframe`
// (luma scaled to `luma_width`); a keyframe that does not decode is simply not handed out.
// Throws MediaError when the file cannot be opened.
std::vector<PacketInfo> scan_packets(const std::filesystem::path& path,
                                     const DecoderOptions& decoder, int32_t luma_width,
                                     const FrameCallback& on_keyframe);

}  // namespace footage::media
