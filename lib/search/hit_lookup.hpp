#pragma once
// Is a hit ID one of the catalog's hits? `clip --hit` asks before it cuts, so that a mistyped but
// well-formed ID (one digit off) is refused instead of cutting some other interval.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/search/search.hpp"

namespace footage::search {

struct HitLookup {
    HitKey key;                // the ID read (surrounding spaces trimmed)
    std::string id;            // as format_hit_id writes it
    bool found = false;        // a hit of the catalog has exactly this ID
    std::optional<Hit> hit;    // when found: that hit
    std::vector<Hit> nearest;  // when not found: up to three hits of its camera, nearest first
};

// Searches the ID's camera around its time with `shape` (the regions and sensitivity that shaped
// a motion hit; an object ID's class and any confidence). Only that hour is read, so it costs
// what one search of it costs. Throws ParseError for text that is not a hit ID and UsageError
// for a camera the catalog does not have.
HitLookup find_hit(catalog::Catalog& catalog, std::string_view id, const Query& shape);

}  // namespace footage::search
