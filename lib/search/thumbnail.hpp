#pragma once
// A hit's thumbnail: the frame of peak motion with the cells that moved outlined, or an
// object's best frame with its box drawn.
#include <filesystem>

#include <opencv2/core.hpp>

#include "lib/search/search.hpp"

namespace footage::search {

// The frame of peak motion with the moving cells outlined, full size (BGR). Throws MediaError
// naming the file.
cv::Mat thumbnail_image(const Hit& hit);

// Writes DIR/<hit id, made file-safe>.jpg and returns its path. Throws MediaError or IoError
// naming the file.
std::filesystem::path write_thumbnail(const Hit& hit, const std::filesystem::path& dir);

}  // namespace footage::search
