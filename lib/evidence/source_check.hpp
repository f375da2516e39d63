#pragma once
// `verify --source`: shows that a bag's stream-copied clips are contiguous, bit-identical runs
// of the original's packets, by re-reading the original and the clips themselves. A re-encoded
// (`--exact`) clip is a derivative: only the source packets it was made from can be matched.
// Sources and the bag's files are opened through safe_open.hpp (no link followed, regular files
// only, never blocking).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lib/evidence/verify.hpp"

namespace footage::evidence {

struct SourceResult {
    std::filesystem::path path;
    bool in_bag = false;               // its SHA-256 is one of the bag's sources
    std::string sha256;
    int64_t clips_checked = 0;         // stream-copied clips cut from it, checked packet for packet
    int64_t derivative_clips = 0;      // re-encoded clips made from it (their input run checked)
    int64_t packets_matched = 0;       // packets found identical (counted only for clips that hold)
    bool mismatched = false;           // some clip cut from it does not match it
};

struct SourceCheck {
    std::vector<SourceResult> sources;    // one per --source, in the order given
    std::vector<std::string> unchecked;   // clips none of the given sources was cut into
    std::vector<Problem> problems;        // mismatches: the bag does not hold what it says
};

// `bag` is a bag directory (or its data/manifest.json). Throws UsageError when a source cannot
// be opened as a regular file, or packets.csv or manifest.json is missing or malformed;
// MediaError when a file cannot be demuxed.
SourceCheck check_against_sources(const std::filesystem::path& bag,
                                  const std::vector<std::filesystem::path>& sources);

}  // namespace footage::evidence
