#pragma once
// Finding the recordings on an exported drive.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace footage::ingest {

struct FoundFile {
    std::filesystem::path path;  // absolute, lexically normal
    std::filesystem::path root;  // the input it was found under (name patterns look below it)
    uint64_t size = 0;
    int64_t mtime_ns = 0;
};

struct WalkResult {
    std::vector<FoundFile> files;                // sorted by path, no duplicates
    std::vector<std::filesystem::path> ignored;  // files in folders without a video extension
    std::vector<std::string> problems;  // "<path>: <reason>" (missing input, unreadable dir)
};

// True for extensions recorders export (.mp4, .dav, .avi, .mkv, .ts, .h264, ...).
bool has_video_extension(const std::filesystem::path& path);

// Files named directly are always taken; folders are walked recursively (symlinked folders are
// not followed, so loops cannot trap the walk) and their files taken when they have a video
// extension. The order is deterministic whatever the directory listing order.
WalkResult walk(const std::vector<std::filesystem::path>& inputs);

}  // namespace footage::ingest
