#pragma once
// Finding the pictures in a length-prefixed H.264/H.265 stream with no index: the payload of an
// MP4 whose sample table (moov) was never written. NAL units are read by their length prefixes
// (AVCC/HVCC), checked for a valid header, and grouped into access units (one picture each) by
// the rules of ITU-T H.264 7.4.1.2.3 and H.265 7.4.2.4.4; keyframes are IDR (H.264) or IRAP
// (H.265) pictures.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace footage::media {

enum class NalCodec { h264, hevc };

struct AccessUnit {
    uint64_t offset = 0;  // of its first length prefix, from the start of the scanned bytes
    uint64_t size = 0;    // its NAL units with their length prefixes, as an MP4 sample holds them
    bool keyframe = false;
};

struct AccessUnitScan {
    std::vector<AccessUnit> units;  // complete access units, in decoding order
    uint64_t used_bytes = 0;        // bytes covered by `units`
    // Why the scan ended before the last byte ("" when it reached it exactly): a NAL unit cut
    // short, a length that points past the end, or bytes that are not a NAL unit.
    std::string stopped;
    uint64_t stopped_at = 0;  // offset where it stopped
};

// Scans `bytes` (a run of length-prefixed NAL units; `length_size` is 1, 2 or 4). The last access
// unit is kept only when the bytes after it start another one or end exactly, so a picture whose
// later slices were lost is not taken for a whole one. Never throws on hostile input.
AccessUnitScan scan_access_units(std::string_view bytes, NalCodec codec, int length_size);

}  // namespace footage::media
