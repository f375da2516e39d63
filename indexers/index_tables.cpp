#include "indexers/index_tables.hpp"

#include <string>

namespace footage::indexers {

void migrate_tables(catalog::Catalog& catalog, const IndexerInfo& info) {
    if (info.migrations.empty()) {
        return;
    }
    const std::string key = "schema." + std::string(info.name);
    size_t applied = std::stoul(catalog.setting(key).value_or("0"));
    while (applied < info.migrations.size()) {
        catalog::Transaction transaction(catalog.db());
        applied = std::stoul(catalog.setting(key).value_or("0"));  // another process may have
        if (applied >= info.migrations.size()) {                   // migrated meanwhile
            break;
        }
        catalog.db().exec(std::string(info.migrations[applied]));
        catalog.set_setting(key, std::to_string(applied + 1));
        transaction.commit();
        ++applied;
    }
}

void clear_rows(catalog::Catalog& catalog, const IndexerInfo& info, int64_t recording_id) {
    for (std::string_view table : info.tables) {
        catalog.db()
            .prepare("DELETE FROM " + std::string(table) + " WHERE recording_id = ?")
            .bind(1, recording_id)
            .run();
    }
}

bool has_table(catalog::Catalog& catalog, std::string_view table) {
    catalog::Statement query =
        catalog.db().prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    query.bind(1, std::string(table));
    return query.step();
}

}  // namespace footage::indexers
