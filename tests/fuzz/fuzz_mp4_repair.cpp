// What `footage repair` parses in a power-cut file before FFmpeg sees anything: the top-level
// boxes and the mdat's length-prefixed NAL units, as H.264 and H.265 with each length size. The
// access units found must lie inside the mdat, in order, without overlap, and cover exactly the
// bytes said to be used; nothing may crash, hang or read out of bounds.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lib/media/mp4_boxes.hpp"
#include "lib/media/nal_access_units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage::media;
    const std::string_view file(reinterpret_cast<const char*>(data), size);
    const TopLevelBoxes boxes = top_level_boxes(file);
    if (boxes.mdat_start && (*boxes.mdat_start > boxes.mdat_end || boxes.mdat_end > size)) {
        std::abort();
    }
    // The whole input as an mdat's payload too, so mutations reach the NAL scan directly.
    const std::string_view payloads[] = {
        boxes.mdat_start ? file.substr(*boxes.mdat_start, boxes.mdat_end - *boxes.mdat_start)
                         : std::string_view(),
        file};
    for (const std::string_view payload : payloads) {
        for (const NalCodec codec : {NalCodec::h264, NalCodec::hevc}) {
            for (const int length_size : {1, 2, 4}) {
                const AccessUnitScan scan = scan_access_units(payload, codec, length_size);
                uint64_t next = 0;
                for (const AccessUnit& unit : scan.units) {
                    if (unit.offset != next || unit.size == 0 ||
                        unit.offset + unit.size > payload.size()) {
                        std::abort();
                    }
                    next = unit.offset + unit.size;
                }
                if (next != scan.used_bytes || scan.used_bytes > payload.size()) {
                    std::abort();
                }
            }
        }
    }
    return 0;
}
