#pragma once
// The top-level boxes of an MP4 file, as far as the bytes present hold them: enough to tell a
// recording cut by a power failure (an mdat, no moov) from one that is complete or not an MP4.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

namespace footage::media {

struct TopLevelBoxes {
    bool starts_like_mp4 = false;  // the first box is one an MP4 begins with (ftyp, free, mdat...)
    bool has_moov = false;         // a complete moov box
    bool fragmented = false;       // a moof box
    std::optional<uint64_t> mdat_start;  // the first mdat's payload
    uint64_t mdat_end = 0;               // one past its last byte present in the file
};

// Walks the boxes in `file` (the whole file's bytes); stops at the first that does not hold.
TopLevelBoxes top_level_boxes(std::string_view file);

// True when `path` is an MP4 whose pictures were written but whose moov was not (a power cut):
// the case `footage repair` rebuilds. Reads only the box headers.
bool is_mp4_without_moov(const std::filesystem::path& path);

}  // namespace footage::media
