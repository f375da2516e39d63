#pragma once
// `footage search`: questions about the catalog's indexes, answered without decoding video by
// the search hook of the index asked for (indexers/search_hook.hpp).
#include "indexers/search_hook.hpp"
#include "lib/catalog/catalog.hpp"
#include "lib/search/query.hpp"

namespace footage::search {

// The hook answering the query: Query::kind, else the one whose selecting filter is given
// (--object), else the default (the registry's first). Throws UsageError when filters select
// two kinds ("--motion and --object are exclusive") or the kind is unknown.
const indexers::SearchHook& hook_of(const Query& query);

// Throws UsageError for an empty time range, a region outside the frame, a bad filter value
// (a sensitivity, an object class or colour that does not exist).
SearchResult search(catalog::Catalog& catalog, const Query& query);

}  // namespace footage::search
