#pragma once
// One-to-one matching by score, best first: what the tracker does with a frame's detections and
// its live tracks, and object search with the pieces of consecutive files. Greedy, not optimal
// (Hungarian): with a few objects in view the two nearly always agree, and greedy never pairs two
// things that have a better partner free.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace footage::indexers::objects {

struct ScoredPair {
    double score = 0.0;  // higher is better; pairs not worth making are left out
    size_t a = 0;        // index into the first set
    size_t b = 0;        // index into the second set
};

// For each of the first set's `a_count` items, the index of the item of the second set (of
// `b_count`) it is matched with, or -1. Each item is matched at most once; among equal scores
// the earlier pair in `pairs` wins.
std::vector<int64_t> greedy_match(std::vector<ScoredPair> pairs, size_t a_count, size_t b_count);

}  // namespace footage::indexers::objects
