#pragma once
// One full-resolution colour frame of a recording, for thumbnails and reports.
#include <cstdint>
#include <filesystem>

#include <opencv2/core.hpp>

namespace footage::media {

// The frame shown at `pts_us` (from the recording's start): the last frame at or before it,
// or the first frame when it is earlier. BGR, 8 bits. Throws MediaError naming the file.
cv::Mat grab_frame(const std::filesystem::path& path, int64_t pts_us);

}  // namespace footage::media
