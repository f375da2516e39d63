#include "lib/media/dhav_header.hpp"

#include <fstream>
#include <string>

namespace footage::media {

namespace {
// "DHAV", frame type (0xfc..0xfd for video, 0xf0/0xf1 for audio, 0xfe for other data), sub
// type, channel, sub type: the first 8 bytes of FFmpeg's libavformat/dhav.c header.
constexpr std::size_t kChannelOffset = 6;
}  // namespace

std::optional<int> dhav_channel(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::string head(kDhavSearchBytes, '\0');
    file.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(file.gcount()));
    for (std::size_t at = head.find("DHAV"); at != std::string::npos;
         at = head.find("DHAV", at + 1)) {
        if (at + kChannelOffset >= head.size()) {
            break;
        }
        const auto type = static_cast<unsigned char>(head[at + 4]);
        if (type >= 0xf0) {
            return static_cast<unsigned char>(head[at + kChannelOffset]) + 1;
        }
    }
    return std::nullopt;
}

}  // namespace footage::media
