#include "lib/search/hit_lookup.hpp"

#include <algorithm>
#include <cctype>

#include "indexers/indexer.hpp"
#include "lib/timecode/units.hpp"
#include "lib/util/error.hpp"
#include "lib/util/trimmed.hpp"

namespace footage::search {

namespace {

constexpr int64_t kAroundUs = 3600 * timecode::kMicrosPerSecond;  // nearest hits: this far

}  // namespace

HitLookup find_hit(catalog::Catalog& catalog, std::string_view text, const Query& shape) {
    HitLookup lookup;
    std::string_view id = trimmed(text);
    lookup.key = parse_hit_id(id);
    lookup.id = std::string(id);
    if (!catalog.camera(lookup.key.camera_id)) {
        throw UsageError("hit \"" + lookup.id + "\": the catalog has no camera \"" +
                         lookup.key.camera_id + "\" (footage cameras lists them)");
    }
    Query query = shape;
    query.cameras = {lookup.key.camera_id};
    query.from_utc_us = lookup.key.start_utc_us - kAroundUs;
    query.to_utc_us = lookup.key.end_utc_us + kAroundUs;
    query.pad_us = 0;
    query.limit.reset();
    query.min_duration_us = 0;
    // The kind whose IDs carry this tag (none: the default kind) says which queries find it.
    std::vector<Query> queries = {query};
    for (const indexers::SearchHook* hook : indexers::search_hooks()) {
        const bool owns =
            hook->owns_tag != nullptr ? hook->owns_tag(lookup.key.tag) : lookup.key.tag.empty();
        if (owns) {
            query.kind = std::string(hook->kind);
            queries = hook->queries_for_tag != nullptr
                          ? hook->queries_for_tag(query, lookup.key.tag)
                          : std::vector<Query>{query};
            break;
        }
    }
    std::vector<Hit> seen;
    for (const Query& tried : queries) {
        SearchResult result = search(catalog, tried);
        for (const Hit& hit : result.hits) {
            if (hit.id == lookup.id) {
                lookup.found = true;
                lookup.hit = hit;
                return lookup;
            }
        }
        if (seen.empty()) {
            seen = std::move(result.hits);
        }
    }
    const int64_t at = lookup.key.start_utc_us;
    std::stable_sort(seen.begin(), seen.end(), [at](const Hit& a, const Hit& b) {
        return std::llabs(a.start_utc_us - at) < std::llabs(b.start_utc_us - at);
    });
    if (seen.size() > 3) {
        seen.resize(3);
    }
    lookup.nearest = std::move(seen);
    return lookup;
}

}  // namespace footage::search
