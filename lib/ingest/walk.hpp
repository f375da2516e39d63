#pragma once
// Finding the recordings on an exported drive.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace footage::ingest {

struct FoundFile {
    std::filesystem::path path;  // absolute, lexically normal
    std::filesystem::path root;  // the input it was found under (name patterns look below it)
    uint64_t size = 0;
    int64_t mtime_ns = 0;
};

// A device, FIFO or socket met in a folder: reported like a bad file, never opened.
struct SpecialFile {
    std::filesystem::path path;
    std::string reason;  // "a FIFO (named pipe), not a recording: not opened"
};

struct WalkResult {
    std::vector<FoundFile> files;                // sorted by path, no duplicates
    std::vector<std::filesystem::path> ignored;  // files in folders without a video extension
    std::vector<std::string> problems;  // "<path>: <reason>" (missing input, unreadable dir)
    std::vector<SpecialFile> special;   // devices, FIFOs and sockets inside the folders walked
};

// How `file` changed since the walk found it ("size 1000 -> 2000 bytes", "modified"), or
// nothing when its size and mtime are still those the walk saw.
std::optional<std::string> changed_since_walk(const FoundFile& file);

// True for extensions recorders export (.mp4, .dav, .avi, .mkv, .ts, .h264, ...).
bool has_video_extension(const std::filesystem::path& path);

// Files named directly are always taken; folders are walked recursively (symlinked folders are
// not followed, so loops cannot trap the walk) and their files taken when they have a video
// extension. The order is deterministic whatever the directory listing order.
WalkResult walk(const std::vector<std::filesystem::path>& inputs);

}  // namespace footage::ingest
