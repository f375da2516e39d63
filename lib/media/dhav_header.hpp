#pragma once
// The channel a Dahua recorder wrote into its DHAV frame headers: a .dav file whose name says
// nothing (an export renamed by hand) still says which camera it is from.
#include <filesystem>
#include <optional>

namespace footage::media {

// How far into a .dav file the first DHAV header is looked for (an export may begin with a
// "DAHUA" file header of its own, as FFmpeg's dhav demuxer also allows).
inline constexpr std::size_t kDhavSearchBytes = 64 * 1024;

// The channel of the first DHAV frame header, counted from 1 as recorders show it (the header
// holds it from 0); nullopt when no header is found in the first kDhavSearchBytes.
std::optional<int> dhav_channel(const std::filesystem::path& path);

}  // namespace footage::media
