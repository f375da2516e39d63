#pragma once
// `search --like HIT_ID`: the object hits of the hit's class ranked by how much they look like
// it (appearance.hpp); `--upper COLOUR` and `--lower COLOUR`: people by their halves' colours.
#include <vector>

#include "indexers/objects/object_search.hpp"

namespace footage::indexers::objects {

// Throws UsageError for a --like that is not an object hit's ID, a class that differs from
// --object's, or --upper/--lower with an unknown colour or for another class than people.
void check_like_query(const search::Query& query);

// The query with --object set to the class of the --like hit when it is not given.
search::Query with_like_class(const search::Query& query);

// Whether --like, --upper or --lower is given (the hits need their appearance).
bool wants_appearance(const search::Query& query);

// Keeps the hits whose halves have the asked colours and, for --like, ranks them: each gets
// "similarity" (0..1) and Hit::rank; the hit asked about and hits without a stored appearance
// go. Throws UsageError when the --like hit is not in the catalog or has no appearance.
void keep_by_appearance(catalog::Catalog& catalog, const search::Query& query,
                        std::vector<ObjectHit>& hits);

}  // namespace footage::indexers::objects
