#include "lib/media/mp4_boxes.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <string>

namespace footage::media {

namespace {

constexpr std::array<std::string_view, 8> kFirstBoxes = {"ftyp", "styp", "wide", "free",
                                                         "skip", "mdat", "pdin", "uuid"};

uint64_t big_endian(std::string_view bytes, uint64_t at, int count) {
    uint64_t value = 0;
    for (int i = 0; i < count; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<uint64_t>(i)]);
    }
    return value;
}

// Calls `visit(type, start, header, box_size, size_present)` per box; `read(at, count)` gives
// the bytes of the file at `at`, `size` is the file's.
template <typename Read, typename Visit>
void walk_boxes(uint64_t size, Read read, Visit visit) {
    uint64_t pos = 0;
    while (size - pos >= 8) {
        const std::string head = read(pos, size - pos >= 16 ? 16 : 8);
        const std::string_view type(head.data() + 4, 4);
        uint64_t header = 8;
        uint64_t box_size = big_endian(head, 0, 4);
        if (box_size == 1) {
            if (head.size() < 16) {
                return;
            }
            box_size = big_endian(head, 8, 8);
            header = 16;
        } else if (box_size == 0) {
            box_size = size - pos;
        }
        if (box_size < header) {
            return;  // not a box: whatever follows is not ours to read
        }
        const bool complete = box_size <= size - pos;
        if (!visit(type, pos, header, complete ? pos + box_size : size, complete) || !complete) {
            return;
        }
        pos += box_size;
    }
}

template <typename Read>
TopLevelBoxes boxes_of(uint64_t size, Read read) {
    TopLevelBoxes boxes;
    walk_boxes(
        size, read,
        [&](std::string_view type, uint64_t start, uint64_t header, uint64_t end, bool complete) {
            if (start == 0) {
                boxes.starts_like_mp4 =
                    std::find(kFirstBoxes.begin(), kFirstBoxes.end(), type) != kFirstBoxes.end();
                if (!boxes.starts_like_mp4) {
                    return false;
                }
            }
            if (type == "mdat" && !boxes.mdat_start) {
                boxes.mdat_start = start + header;
                boxes.mdat_end = end;
            } else if (type == "moov" && complete) {
                boxes.has_moov = true;
            } else if (type == "moof") {
                boxes.fragmented = true;
            }
            return true;
        });
    return boxes;
}

}  // namespace

TopLevelBoxes top_level_boxes(std::string_view file) {
    return boxes_of(file.size(), [&](uint64_t at, uint64_t count) {
        return std::string(file.substr(at, count));
    });
}

bool is_mp4_without_moov(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (!in || ec) {
        return false;
    }
    const TopLevelBoxes boxes = boxes_of(size, [&](uint64_t at, uint64_t count) {
        std::string bytes(count, '\0');
        in.clear();
        in.seekg(static_cast<std::streamoff>(at));
        in.read(bytes.data(), static_cast<std::streamsize>(count));
        bytes.resize(static_cast<size_t>(in.gcount()));
        bytes.resize(count, '\0');
        return bytes;
    });
    return boxes.starts_like_mp4 && boxes.mdat_start && boxes.mdat_end > *boxes.mdat_start &&
           !boxes.has_moov && !boxes.fragmented;
}

}  // namespace footage::media
