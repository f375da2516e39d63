#pragma once
// `footage search --object CLASS`: the object index's tracks as hits, one per object seen,
// joined across consecutive files of a camera.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexers/objects/appearance.hpp"
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

// One camera's object hits for the queried class (the filters of --object, --color, --region,
// times), in time order, each with its look when `with_appearance` (nullopt: none stored).
struct ObjectHit {
    search::Hit hit;
    std::optional<Appearance> appearance;
};
std::vector<ObjectHit> object_hits(catalog::Catalog& catalog, const search::Query& query,
                                   const catalog::CameraRow& camera,
                                   const std::vector<catalog::RecordingRow>& recordings,
                                   search::SearchResult& result, bool with_appearance);

// The class a hit ID's tag names: "person.2" -> "person", "traffic-light" -> "traffic light".
std::string label_of_tag(std::string_view tag);

}  // namespace footage::indexers::objects
