#include "lib/search/search.hpp"

#include <algorithm>
#include <set>

#include "indexers/indexer.hpp"
#include "lib/util/error.hpp"

namespace footage::search {

namespace {

void check(const Query& query) {
    if (query.from_utc_us && query.to_utc_us && *query.from_utc_us >= *query.to_utc_us) {
        throw UsageError("--from must be before --to");
    }
    for (const media::Box& region : query.regions) {
        if (region.w <= 0.0 || region.h <= 0.0 || region.x < 0.0 || region.y < 0.0 ||
            region.x + region.w > 1.0 + 1e-9 || region.y + region.h > 1.0 + 1e-9) {
            throw UsageError("a region must lie inside the frame: x,y,w,h are fractions 0..1 " +
                             std::string("with x+w and y+h at most 1"));
        }
    }
    if (query.min_duration_us < 0 || query.pad_us < 0) {
        throw UsageError("--min-duration and --pad must not be negative");
    }
    if (query.limit && *query.limit < 1) {
        throw UsageError("--limit must be at least 1");
    }
    for (const indexers::SearchHook* hook : indexers::search_hooks()) {
        if (hook->check != nullptr) {
            hook->check(query);
        }
    }
}

}  // namespace

const indexers::SearchHook& hook_of(const Query& query) {
    const indexers::SearchHook* chosen = nullptr;
    std::string chosen_by;
    if (!query.kind.empty()) {
        chosen = indexers::find_search_hook(query.kind);
        if (chosen == nullptr) {
            throw UsageError("no index answers hits of kind \"" + query.kind + "\"");
        }
        return *chosen;
    }
    for (const indexers::SearchHook* hook : indexers::search_hooks()) {
        for (const indexers::FilterOption& filter : hook->filters) {
            if (!filter.selects || !query.filters.contains(std::string(filter.name))) {
                continue;
            }
            if (chosen != nullptr && chosen != hook) {
                throw UsageError(chosen_by + " and --" + std::string(filter.name) +
                                 " are exclusive: search one index at a time");
            }
            chosen = hook;
            chosen_by = "--" + std::string(filter.name);
        }
    }
    if (chosen == nullptr) {
        chosen = indexers::find_search_hook("");
    }
    if (chosen == nullptr) {
        throw UsageError("no indexer of this build can be searched");
    }
    return *chosen;
}

SearchResult search(catalog::Catalog& catalog, const Query& query) {
    check(query);
    const indexers::SearchHook& hook = hook_of(query);
    const Query asked = hook.prepare != nullptr ? hook.prepare(catalog, query) : query;
    SearchResult result;
    std::set<std::string> wanted(query.cameras.begin(), query.cameras.end());
    for (const catalog::CameraRow& camera : catalog.cameras()) {
        if (!wanted.empty() && wanted.count(camera.id) == 0) {
            continue;
        }
        std::vector<catalog::RecordingRow> recordings = catalog.recordings(camera.id);
        hook.search_camera(catalog, asked, camera, recordings, result);
    }
    // By rank, highest first, then by time and camera; the order is found on indices, so that
    // tens of thousands of hits are each moved once, and only those --limit keeps.
    std::vector<size_t> order(result.hits.size());
    for (size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    const std::vector<Hit>& hits = result.hits;
    std::stable_sort(order.begin(), order.end(), [&hits](size_t i, size_t j) {
        const Hit& a = hits[i];
        const Hit& b = hits[j];
        const double a_rank = a.rank.value_or(0.0);
        const double b_rank = b.rank.value_or(0.0);
        if (a_rank != b_rank) {
            return a_rank > b_rank;
        }
        return a.start_utc_us != b.start_utc_us ? a.start_utc_us < b.start_utc_us
                                                : a.camera_id < b.camera_id;
    });
    result.total = static_cast<int64_t>(order.size());
    if (query.limit && order.size() > static_cast<size_t>(*query.limit)) {
        order.resize(static_cast<size_t>(*query.limit));
    }
    std::vector<Hit> sorted;
    sorted.reserve(order.size());
    for (size_t i : order) {
        sorted.push_back(std::move(result.hits[i]));
    }
    result.hits = std::move(sorted);
    return result;
}

}  // namespace footage::search
