#pragma once
// `clip --exact`: a frame-accurate derivative. The frames shown in [from, to) are decoded and
// encoded again (H.264 through libx264), so the clip starts and ends exactly where asked; it is
// not the original's bits, and the manifest says so and records the encoder's parameters. The
// source packets that were decoded are still listed, so the derivative's input is traceable.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "lib/evidence/stream_cut.hpp"

namespace footage::evidence {

struct EncodeSettings {
    std::string encoder = "libx264";
    std::string preset = "medium";
    int crf = 18;  // visually lossless for most footage

    nlohmann::json to_json() const;
};

// Writes an MP4 to `out`. `packets` of the result are the source packets decoded, and
// `actual_*` the first and last frame encoded. Throws MediaError naming the file when the source
// cannot be decoded, the encoder is missing, or the range holds no frame.
StreamCut reencode(const std::filesystem::path& source, int64_t from_offset_us,
                   int64_t to_offset_us, const std::filesystem::path& out,
                   const EncodeSettings& settings);

}  // namespace footage::evidence
