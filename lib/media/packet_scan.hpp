#pragma once
// The compressed-domain evidence for deciding what need not be decoded: every packet's size
// and type (demuxed only, about a hundred times cheaper than decoding), and the keyframes
// decoded on their own.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "lib/media/frame_source.hpp"
#include "lib/media/open_input.hpp"
#include "lib/timecode/units.hpp"

namespace footage::media {

struct PacketInfo {
    int64_t pts_us =
        timecode::kUnknownTime;  // from the start of the recording, like LumaFrame::pts_us
    int64_t dts_us = timecode::kUnknownTime;
    int32_t size = 0;
    bool key = false;
};

// The video packets in decode order; nothing is decoded. Throws MediaError when the file
// cannot be opened.
std::vector<PacketInfo> read_packets(const std::filesystem::path& path);

// Asked of each keyframe packet (by its pts, as in PacketInfo) whether to decode it.
using KeyframeFilter = std::function<bool(int64_t pts_us)>;
// Handed each decoded keyframe; returns false to stop the pass.
using KeyframeCallback = std::function<bool(const LumaFrame&)>;

// Decodes only the keyframes that `wanted` accepts, each from its own packet (luma scaled to
// `luma_width`), and hands each to `on_keyframe`; a keyframe that does not decode to a whole
// intra picture is not handed out. Returns false when `on_keyframe` stopped the pass. Throws
// MediaError when the file cannot be opened.
bool decode_keyframes(const std::filesystem::path& path, const DecoderOptions& decoder,
                      int32_t luma_width, const KeyframeFilter& wanted,
                      const KeyframeCallback& on_keyframe);

}  // namespace footage::media
