#pragma once
// The tracks' appearances in the catalog: table object_appearance (the objects indexer's own
// migration), one row per stored track, read by `search --like`, `--upper` and `--lower`.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include "indexers/objects/appearance.hpp"
#include "lib/catalog/catalog.hpp"

namespace footage::indexers::objects {

// The objects indexer's migrations: the table, and every recording indexed for objects before
// it marked as lacking the object index, so that `index --objects` indexes it again (its old
// tracks stay searchable by --object only after that run, as on a catalog without them); then
// the same for recordings whose stored descriptors are of version 1 (their --like needs that run).
std::span<const std::string_view> appearance_migrations();

// Adds the recording's appearances, by track number. Call inside the recording's transaction,
// after its old rows were cleared.
void store_appearances(catalog::Catalog& catalog, int64_t recording_id,
                       const std::map<int32_t, Appearance>& appearances);

// The appearances of the recording's `tracks` in one read (those without one left out).
std::map<int32_t, Appearance> load_appearances(catalog::Catalog& catalog, int64_t recording_id,
                                               const std::set<int32_t>& tracks);

// Nullopt when the track has none (stored by an older footage, or unreadable).
std::optional<Appearance> load_appearance(catalog::Catalog& catalog, int64_t recording_id,
                                          int32_t track);

}  // namespace footage::indexers::objects
