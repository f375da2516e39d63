#pragma once
// `footage search --object CLASS`: the object index's tracks as hits, one per object seen,
// joined across consecutive files of a camera.
#include <vector>

#include "indexers/search_hook.hpp"

namespace footage::indexers::objects {

extern const SearchHook kObjectSearch;

// The confidence a track of the queried class needs: --min-confidence, else the class's
// default (for a group, the lowest of its classes').
double min_confidence_of(const search::Query& query);

// Throws UsageError for an unknown class or colour, listing the ones that exist.
void check_object_query(const search::Query& query);

// Adds to `result` the hits of one camera's recordings (any order) for the queried class.
void search_objects(catalog::Catalog& catalog, const search::Query& query,
                    const catalog::CameraRow& camera,
                    const std::vector<catalog::RecordingRow>& recordings,
                    search::SearchResult& result);

}  // namespace footage::indexers::objects
