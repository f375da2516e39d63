#include "lib/catalog/schema.hpp"

#include <array>
#include <string>

#include "lib/util/error.hpp"

namespace footage::catalog {

namespace {

// Each entry moves the schema from version i to i+1. Append only; never edit a shipped step.
constexpr std::array<const char*, 6> kMigrations = {
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
    // 2: the motion index. Only chunks with activity are stored: absence inside a recording
    // whose `indexers` lists "motion" means still.
    R"sql(
    CREATE TABLE motion_meta (
        recording_id INTEGER PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
        grid_cols INTEGER NOT NULL,
        grid_rows INTEGER NOT NULL,
        sample_us INTEGER NOT NULL,
        decoded_us INTEGER NOT NULL DEFAULT 0,
        skipped_us INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE motion_chunks (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        start_us INTEGER NOT NULL,
        end_us INTEGER NOT NULL,
        peak BLOB NOT NULL,
        frames BLOB NOT NULL,
        PRIMARY KEY (recording_id, start_us)
    ) WITHOUT ROWID;
    CREATE TABLE motion_events (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        start_us INTEGER NOT NULL,
        end_us INTEGER NOT NULL,
        peak_us INTEGER NOT NULL,
        score REAL NOT NULL,
        box_x REAL NOT NULL,
        box_y REAL NOT NULL,
        box_w REAL NOT NULL,
        box_h REAL NOT NULL
    );
    CREATE INDEX motion_events_by_recording ON motion_events(recording_id, start_us);
    )sql",
    // 3: evidence: the custody log (a hash chain) and the clips cut.
    R"sql(
    CREATE TABLE custody (
        seq INTEGER PRIMARY KEY,
        time_us INTEGER NOT NULL,
        action TEXT NOT NULL,
        operator TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL,
        prev_sha256 TEXT NOT NULL,
        entry_sha256 TEXT NOT NULL
    );
    CREATE TABLE clips (
        id INTEGER PRIMARY KEY,
        case_number TEXT NOT NULL DEFAULT '',
        camera_id TEXT NOT NULL,
        bag_path TEXT NOT NULL,
        requested_start_us INTEGER NOT NULL,
        requested_end_us INTEGER NOT NULL,
        method TEXT NOT NULL,
        tagmanifest_sha256 TEXT NOT NULL,
        created_us INTEGER NOT NULL
    );
    )sql",
    // 4: motion chunks in a rowid table. As a WITHOUT ROWID table (an index b-tree) any chunk
    // over ~1 KB spilled into an overflow page of its own, mostly empty: the catalog was 2.7x
    // the size of the data it held. `codec` says how `frames` is stored: 1 as encode_frames()
    // wrote it (every chunk before this version), 2 deflated.
    R"sql(
    CREATE TABLE motion_chunks_v4 (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        start_us INTEGER NOT NULL,
        end_us INTEGER NOT NULL,
        peak BLOB NOT NULL,
        frames BLOB NOT NULL,
        codec INTEGER NOT NULL DEFAULT 1
    );
    INSERT INTO motion_chunks_v4(recording_id, start_us, end_us, peak, frames)
        SELECT recording_id, start_us, end_us, peak, frames FROM motion_chunks
        ORDER BY recording_id, start_us;
    DROP TABLE motion_chunks;
    ALTER TABLE motion_chunks_v4 RENAME TO motion_chunks;
    CREATE UNIQUE INDEX motion_chunks_by_recording ON motion_chunks(recording_id, start_us);
    )sql",
    // 5: the object index. `object_meta` says a recording was examined, by which model (name
    // and SHA-256 of its weights), at which confidence floor; tracks are the hits, each
    // detection on an examined frame is kept for reports.
    R"sql(
    CREATE TABLE object_meta (
        recording_id INTEGER PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        min_confidence REAL NOT NULL,
        frames_examined INTEGER NOT NULL
    );
    CREATE TABLE object_tracks (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        track INTEGER NOT NULL,
        label TEXT NOT NULL,
        color TEXT NOT NULL,
        first_us INTEGER NOT NULL,
        last_us INTEGER NOT NULL,
        best_us INTEGER NOT NULL,
        confidence REAL NOT NULL,
        box_x REAL NOT NULL,
        box_y REAL NOT NULL,
        box_w REAL NOT NULL,
        box_h REAL NOT NULL,
        sightings INTEGER NOT NULL,
        PRIMARY KEY (recording_id, track)
    );
    CREATE INDEX object_tracks_by_label ON object_tracks(label, recording_id);
    CREATE TABLE object_detections (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        track INTEGER NOT NULL,
        pts_us INTEGER NOT NULL,
        confidence REAL NOT NULL,
        box_x REAL NOT NULL,
        box_y REAL NOT NULL,
        box_w REAL NOT NULL,
        box_h REAL NOT NULL,
        color TEXT NOT NULL,
        PRIMARY KEY (recording_id, track, pts_us)
    ) WITHOUT ROWID;
    )sql",
    // 6: other paths of a recording: the same file reached through a symlink, a hard link or a
    // copy (same SHA-256) is one recording.
    R"sql(
    CREATE TABLE IF NOT EXISTS recording_paths (
        path TEXT PRIMARY KEY,
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS recording_paths_by_recording ON recording_paths(recording_id);
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
