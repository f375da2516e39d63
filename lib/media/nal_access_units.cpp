#include "lib/media/nal_access_units.hpp"

#include <cstdio>

namespace footage::media {

namespace {

struct NalKind {
    bool valid = false;
    bool vcl = false;          // a slice of a picture
    bool first_slice = false;  // the first slice of its picture
    bool opens_unit = false;   // a non-VCL unit that only comes before a picture (SPS, AUD, SEI...)
    bool keyframe = false;
};

// Types outside what a camera writes (SVC/MVC extensions, reserved, unspecified) are refused:
// meeting one means the bytes are not this codec's NAL units.
NalKind h264_kind(const unsigned char* nal, uint64_t size) {
    NalKind kind;
    if (size < 1 || (nal[0] & 0x80) != 0) {
        return kind;
    }
    const int type = nal[0] & 0x1f;
    if (type == 0 || (type > 13 && type != 19)) {
        return kind;
    }
    kind.valid = true;
    kind.vcl = type >= 1 && type <= 5;
    // first_mb_in_slice is ue(v) right after the header: a leading 1 bit means 0.
    kind.first_slice = (type == 1 || type == 2 || type == 5) && size >= 2 && (nal[1] & 0x80) != 0;
    kind.opens_unit = type == 6 || type == 7 || type == 8 || type == 9 || type == 13;
    kind.keyframe = type == 5;
    return kind;
}

NalKind hevc_kind(const unsigned char* nal, uint64_t size) {
    NalKind kind;
    if (size < 2 || (nal[0] & 0x80) != 0) {
        return kind;
    }
    const int type = (nal[0] >> 1) & 0x3f;
    const int layer = ((nal[0] & 1) << 5) | (nal[1] >> 3);
    const int temporal_id_plus1 = nal[1] & 7;
    const bool known = type <= 9 || (type >= 16 && type <= 21) || (type >= 32 && type <= 40);
    if (!known || layer != 0 || temporal_id_plus1 == 0) {
        return kind;
    }
    kind.valid = true;
    kind.vcl = type < 32;
    kind.first_slice = kind.vcl && size >= 3 && (nal[2] & 0x80) != 0;
    kind.opens_unit = (type >= 32 && type <= 35) || type == 39;
    kind.keyframe = type >= 16 && type <= 21;
    return kind;
}

std::string hex_byte(unsigned char byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", byte);
    return text;
}

}  // namespace

AccessUnitScan scan_access_units(std::string_view bytes, NalCodec codec, int length_size) {
    AccessUnitScan scan;
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const uint64_t end = bytes.size();
    const uint64_t prefix = static_cast<uint64_t>(length_size);
    const char* codec_name = codec == NalCodec::h264 ? "H.264" : "H.265";

    uint64_t pos = 0;
    uint64_t unit_start = 0;
    bool unit_open = false;
    bool unit_has_picture = false;
    bool unit_key = false;
    auto close_unit = [&](uint64_t at) {
        scan.units.push_back({unit_start, at - unit_start, unit_key});
        scan.used_bytes = at;
        unit_open = false;
        unit_has_picture = false;
        unit_key = false;
    };

    while (pos < end) {
        if (end - pos < prefix) {
            scan.stopped = std::to_string(end - pos) + " byte(s) too few for a NAL unit's length";
            break;
        }
        uint64_t length = 0;
        for (uint64_t i = 0; i < prefix; ++i) {
            length = (length << 8) | data[pos + i];
        }
        if (length == 0) {
            scan.stopped = "a NAL unit length of 0 (unwritten or zeroed space)";
            break;
        }
        const unsigned char* nal = data + pos + prefix;
        if (length > end - pos - prefix) {
            scan.stopped = "a NAL unit of " + std::to_string(length) + " bytes cut short (" +
                           std::to_string(end - pos - prefix) + " left)";
            // The picture before it is whole when the cut unit would have begun the next one.
            const uint64_t present = end - pos - prefix;
            const NalKind cut =
                codec == NalCodec::h264 ? h264_kind(nal, present) : hevc_kind(nal, present);
            if (unit_has_picture && cut.valid && (cut.opens_unit || cut.first_slice)) {
                close_unit(pos);
            }
            break;
        }
        const NalKind kind =
            codec == NalCodec::h264 ? h264_kind(nal, length) : hevc_kind(nal, length);
        if (!kind.valid) {
            scan.stopped = std::string("bytes that are not an ") + codec_name +
                           " NAL unit (header " + hex_byte(nal[0]) + ", length " +
                           std::to_string(length) + ")";
            break;
        }
        if (unit_has_picture && (kind.opens_unit || kind.first_slice)) {
            close_unit(pos);
        }
        if (!unit_open) {
            unit_start = pos;
            unit_open = true;
        }
        if (kind.vcl) {
            unit_has_picture = true;
            unit_key = unit_key || kind.keyframe;
        }
        pos += prefix + length;
    }
    if (scan.stopped.empty()) {
        if (unit_has_picture) {
            close_unit(pos);
        }
    } else {
        scan.stopped_at = pos;
    }
    return scan;
}

}  // namespace footage::media
