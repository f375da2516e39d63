#pragma once
// An indexer's catalog tables, as its IndexerInfo declares them: created and migrated on
// demand, emptied for a recording indexed again.
#include <cstdint>
#include <string_view>

#include "indexers/indexer.hpp"
#include "lib/catalog/catalog.hpp"

namespace footage::indexers {

// Applies the indexer's migrations the catalog has not had yet, each in its own transaction
// (call outside one). The count applied is kept in the `settings` table as "schema.NAME".
void migrate_tables(catalog::Catalog& catalog, const IndexerInfo& info);

// Deletes the recording's rows from the indexer's tables (call inside the transaction that
// stores the new ones).
void clear_rows(catalog::Catalog& catalog, const IndexerInfo& info, int64_t recording_id);

// Whether the catalog has the table (a catalog never indexed with an indexer lacks the tables
// its own migrations make).
bool has_table(catalog::Catalog& catalog, std::string_view table);

}  // namespace footage::indexers
