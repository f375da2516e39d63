#pragma once
#include "lib/catalog/sqlite.hpp"

namespace footage::catalog {

// The schema version this build writes. Older catalogs are migrated forward on open; a newer
// one is refused (an older footage must not write a catalog it does not understand).
int current_schema_version();

int schema_version(Database& db);

// Brings `db` to current_schema_version(), one transaction per step. Throws CatalogError.
void migrate(Database& db);

}  // namespace footage::catalog
