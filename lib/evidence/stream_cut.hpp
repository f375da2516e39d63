#pragma once
// Cuts a time range out of a recording without re-encoding: the packets of its video stream
// are copied bit for bit, from the keyframe at or before the requested start (so the clip
// decodes) to the last packet shown before the requested end (in decode order, so frames that
// B-frame reordering shows before the end are all there). Every copied packet is hashed, so
// anyone can show that the clip is a contiguous, bit-identical run of the source's packets.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/packet.h>
}

namespace footage::evidence {

struct CopiedPacket {
    int32_t stream_index = 0;  // in the source
    int64_t packet_index = 0;  // among the source stream's packets, in file order, from 0
    int64_t pts = 0;           // source time base; timecode::kUnknownTime when unknown
    int64_t dts = 0;
    int32_t size = 0;
    bool key = false;
    std::string sha256;  // of the packet's bytes
};

struct StreamCut {
    int64_t actual_start_offset_us = 0;  // the first keyframe's time
    int64_t actual_end_offset_us = 0;    // the end of the last frame shown
    int32_t time_base_num = 1;           // of pts/dts below
    int32_t time_base_den = 1;
    std::vector<CopiedPacket> packets;
};

// A packet's description and the SHA-256 of its bytes.
CopiedPacket describe_packet(const AVPacket& packet, int64_t index);

// The container a clip of `source` is written in: MPEG-PS for a program stream or a Dahua DHAV
// file (`container` "mpeg" or "dhav"), MPEG-TS for a raw H.264/H.265 stream, else the source's own
// where FFmpeg can write it (".mp4", ".mov", ".mkv", ".avi", ".ts"), else Matroska. Returns the
// extension with the dot.
std::string clip_extension(const std::filesystem::path& source, const std::string& container = "");

// Copies [from_offset_us, to_offset_us) (from the recording's first frame) into `out`. Throws
// MediaError naming the file when the source cannot be read or the range holds no frame.
StreamCut stream_copy(const std::filesystem::path& source, int64_t from_offset_us,
                      int64_t to_offset_us, const std::filesystem::path& out);

// Every packet of `source`'s video stream, hashed, in file order (what `verify --source` uses
// to show the clip's packets are a run of the original's).
std::vector<CopiedPacket> source_packets(const std::filesystem::path& source);

}  // namespace footage::evidence
