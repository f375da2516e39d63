#include "indexers/objects/greedy_match.hpp"

#include <algorithm>

namespace footage::indexers::objects {

std::vector<int64_t> greedy_match(std::vector<ScoredPair> pairs, size_t a_count, size_t b_count) {
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const ScoredPair& x, const ScoredPair& y) { return x.score > y.score; });
    std::vector<int64_t> b_of_a(a_count, -1);
    std::vector<bool> b_taken(b_count, false);
    for (const ScoredPair& pair : pairs) {
        if (b_of_a[pair.a] < 0 && !b_taken[pair.b]) {
            b_of_a[pair.a] = static_cast<int64_t>(pair.b);
            b_taken[pair.b] = true;
        }
    }
    return b_of_a;
}

}  // namespace footage::indexers::objects
