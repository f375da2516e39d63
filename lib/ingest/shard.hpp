#pragma once
// `index --shard K/N`: which of a drive's files worker K of N indexes. The split depends only on
// the set of files (paths and sizes), never on listing order or on which worker asks, so N
// workers that each walk the same drive take disjoint shares that together cover it, and a
// re-run takes the same share. Shares are balanced by bytes: largest files first, each to the
// worker with the fewest bytes so far.
#include <cstdint>
#include <string_view>
#include <vector>

#include "lib/ingest/walk.hpp"

namespace footage::ingest {

struct Shard {
    int32_t index = 0;  // 0 .. count-1 (Slurm array task IDs, Kubernetes completion indexes)
    int32_t count = 1;
};

// "K/N" with 0 <= K < N. Throws ParseError naming the text.
Shard parse_shard(std::string_view text);

// The files of `files` that `shard` takes, in their original order.
std::vector<FoundFile> shard_files(const std::vector<FoundFile>& files, const Shard& shard);

}  // namespace footage::ingest
