#pragma once
// `footage search --object CLASS`: the object index's tracks as hits, one per object seen.
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/search/search.hpp"

namespace footage::search {

// Adds to `result` the hits of one camera's recordings (any order) for `query.object`.
void search_objects(catalog::Catalog& catalog, const Query& query, const catalog::CameraRow& camera,
                    const std::vector<catalog::RecordingRow>& recordings, SearchResult& result);

// The confidence a track of the queried class needs: --min-confidence, else the class's
// default (for a group, the lowest of its classes').
double min_confidence_of(const Query& query);

// Throws UsageError for an unknown class or colour, listing the ones that exist.
void check_object_query(const Query& query);

}  // namespace footage::search
