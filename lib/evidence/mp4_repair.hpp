#pragma once
// Rebuilding an MP4 cut by a power failure: the recorder wrote the pictures (mdat) but never the
// index of them (moov). The pictures are found in the mdat by their NAL units' length prefixes
// (lib/media/nal_access_units), given the codec parameters (avcC/hvcC), frame size and frame rate
// of a healthy file from the same camera, decoded once to learn their display order, and written
// by libavformat's mp4 muxer as they are (no re-encode) into a new file. The broken file is only
// read; the new file is a derivative with its own SHA-256, never an overwrite.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "lib/catalog/catalog.hpp"
#include "lib/evidence/custody.hpp"

namespace footage::evidence {

inline constexpr const char* kRepairAction = "repair";

struct RepairRequest {
    std::filesystem::path broken;         // the MP4 without its moov
    std::filesystem::path like;           // a healthy MP4 of the same camera and settings
    std::filesystem::path out;            // must not exist
    std::optional<int64_t> start_utc_us;  // written as the file's creation_time when known
    catalog::Catalog* catalog = nullptr;  // when given, its custody log gains a "repair" entry
    std::string operator_name;            // for that entry
};

struct RepairedFile {
    std::string path;  // absolute
    uint64_t size = 0;
    std::string sha256;
};

struct RepairResult {
    RepairedFile broken;
    RepairedFile like;
    RepairedFile repaired;
    std::string codec;       // "h264" or "hevc"
    std::string frame_rate;  // "25/1", as the healthy file gives it
    int width = 0;
    int height = 0;
    int64_t frames = 0;
    int64_t keyframes = 0;
    double duration_seconds = 0;
    uint64_t mdat_bytes = 0;       // the mdat's bytes present in the broken file
    uint64_t recovered_bytes = 0;  // of which the recovered pictures hold
    std::string stopped;           // why recovery ended before the mdat's last byte, or ""
    // The healthy file has an audio track: the camera interleaves audio chunks with the
    // pictures, and recovery stops at the first one (the scan reads only video NAL units).
    bool like_has_audio = false;
    std::optional<int64_t> start_utc_us;
    std::optional<int64_t> custody_seq;  // the "repair" entry, when a catalog was given
};

// Throws UsageError naming the file and the reason when BROKEN is not an MP4 without its moov,
// its mdat holds no picture of LIKE's codec, LIKE is not a healthy H.264/H.265 MP4, or OUT
// exists; IoError when a read or write fails. OUT appears only complete, and with a catalog only
// together with its custody entry.
RepairResult repair_mp4(const RepairRequest& request);

// The custody entry's details: both inputs and the output, each with path, size and SHA-256.
nlohmann::json repair_details(const RepairResult& result);

}  // namespace footage::evidence
