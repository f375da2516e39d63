#pragma once
// `search --like HIT_ID`: the object hits of the hit's class ranked by how much they look like
// it (appearance.hpp); `--upper COLOUR` and `--lower COLOUR`: people by their halves' colours.
#include <map>
#include <set>
#include <vector>

#include "indexers/objects/object_search.hpp"

namespace footage::indexers::objects {

// Throws UsageError for a --like that is not an object hit's ID, a class that differs from
// --object's, or --upper/--lower with an unknown colour or for another class than people.
void check_like_query(const search::Query& query);

// The query with --object set to the class of the --like hit when it is not given.
search::Query with_like_class(const search::Query& query);

// The query with --object set as with_like_class and the --like hit's look resolved once (kept
// in the filters, read by keep_by_appearance on every camera): the hook's prepare step.
search::Query prepare_like_query(catalog::Catalog& catalog, const search::Query& query);

// Whether --like, --upper or --lower is given (the hits need their appearance).
bool wants_appearance(const search::Query& query);

// The object hit of ID `id` with its appearance, found again the way clip --hit finds it.
// Throws ParseError for text that is not a hit ID and UsageError, its message starting with
// `asked_as` ("--like ID"), for a motion hit's ID, an unknown camera or hit, or a hit whose
// recording was indexed before appearances were stored.
ObjectHit find_object_hit(catalog::Catalog& catalog, const std::string& id,
                          const std::string& asked_as);

// The similarity --like shows (0..1, three decimals): appearance_similarity, rounded.
double shown_similarity(const Appearance& a, const Appearance& b);

// Keeps the hits whose halves have the asked colours and, for --like, ranks them: each gets
// "similarity" (0..1) and Hit::rank; the hit asked about and hits without a stored appearance
// go. Throws UsageError when the --like hit is not in the catalog or has no appearance.
void keep_by_appearance(catalog::Catalog& catalog, const search::Query& query,
                        std::vector<ObjectHit>& hits);

}  // namespace footage::indexers::objects
