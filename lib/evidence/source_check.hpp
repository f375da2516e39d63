#pragma once
// `verify --source`: shows that a bag's stream-copied clips are contiguous, bit-identical runs
// of the original's packets, by re-reading the original and the clips themselves.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lib/evidence/verify.hpp"

namespace footage::evidence {

struct SourceCheck {
    int64_t clips_checked = 0;  // clips in the bag cut from this source
    int64_t packets_checked = 0;
    std::vector<Problem> problems;
};

// `bag` is a bag directory (or its data/manifest.json). Throws UsageError when packets.csv or
// manifest.json is missing or malformed, MediaError when a file cannot be demuxed.
SourceCheck check_against_source(const std::filesystem::path& bag,
                                 const std::filesystem::path& source);

}  // namespace footage::evidence
