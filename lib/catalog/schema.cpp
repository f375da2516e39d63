#include "lib/catalog/schema.hpp"

#include <array>
#include <string>

#include "lib/util/error.hpp"

namespace footage::catalog {

namespace {

// Each entry moves the schema from version i to i+1. Append only; never edit a shipped step.
constexpr std::array<const char*, 1> kMigrations = {
    // 1: cameras and recordings.
    R"sql(
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE cameras (
        id TEXT PRIMARY KEY,
        channel INTEGER,
        recorder TEXT NOT NULL DEFAULT '',
        clock_offset_us INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE recordings (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        camera_id TEXT REFERENCES cameras(id),
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('ok', 'bad')),
        error TEXT,
        container TEXT,
        codec TEXT,
        width INTEGER,
        height INTEGER,
        frame_rate REAL,
        start_us INTEGER,
        duration_us INTEGER,
        time_source TEXT,
        zone TEXT,
        indexers TEXT NOT NULL DEFAULT '',
        indexed_at_us INTEGER NOT NULL
    );
    CREATE INDEX recordings_by_camera ON recordings(camera_id, start_us);
    )sql",
};

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

int schema_version(Database& db) {
    Statement statement = db.prepare("PRAGMA user_version");
    statement.step();
    return static_cast<int>(statement.column_int(0));
}

void migrate(Database& db) {
    int version = schema_version(db);
    if (version > current_schema_version()) {
        throw CatalogError(db.path().string() + ": catalog schema version " +
                           std::to_string(version) + " is newer than this footage understands (" +
                           std::to_string(current_schema_version()) + "); use a newer footage");
    }
    while (version < current_schema_version()) {
        Transaction transaction(db);
        version = schema_version(db);  // another process may have migrated meanwhile
        if (version >= current_schema_version()) {
            break;
        }
        db.exec(kMigrations[static_cast<size_t>(version)]);
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
        ++version;
    }
}

}  // namespace footage::catalog
