#include "lib/catalog/catalog.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lib/catalog/schema.hpp"
#include "lib/util/error.hpp"

namespace footage::catalog {

namespace {

constexpr const char* kRecordingColumns =
    "id, path, camera_id, size, mtime_ns, sha256, status, error, container, codec, width, height, "
    "frame_rate, start_us, duration_us, time_source, zone, indexers, indexed_at_us";

RecordingRow read_recording(const Statement& s) {
    RecordingRow r;
    r.id = s.column_int(0);
    r.path = s.column_text(1);
    r.camera_id = s.column_optional_text(2);
    r.size = s.column_int(3);
    r.mtime_ns = s.column_int(4);
    r.sha256 = s.column_text(5);
    r.status = s.column_text(6);
    r.error = s.column_text(7);
    r.container = s.column_text(8);
    r.codec = s.column_text(9);
    r.width = static_cast<int32_t>(s.column_int(10));
    r.height = static_cast<int32_t>(s.column_int(11));
    r.frame_rate = s.column_double(12);
    r.start_us = s.column_optional_int(13);
    r.duration_us = s.column_int(14);
    r.time_source = s.column_text(15);
    r.zone = s.column_text(16);
    r.indexers = s.column_text(17);
    r.indexed_at_us = s.column_int(18);
    return r;
}

CameraRow read_camera(const Statement& s) {
    CameraRow c;
    c.id = s.column_text(0);
    if (!s.is_null(1)) {
        c.channel = static_cast<int>(s.column_int(1));
    }
    c.recorder = s.column_text(2);
    c.clock_offset_us = s.column_int(3);
    return c;
}

// Whether this process may write the catalog and create its -wal and -shm files beside it.
bool writable(const std::filesystem::path& path) {
    std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
    return ::access(folder.c_str(), W_OK) == 0 &&
           (!std::filesystem::exists(path) || ::access(path.c_str(), W_OK) == 0);
}

void check_writable(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path) || writable(path)) {
        return;
    }
    int error = errno;
    throw CatalogError(path.string() + ": the catalog is read-only (" + std::strerror(error) +
                       "; SQLite also needs to write beside it); index, clip, verify and "
                       "`cameras --clock-offset` write to it, search and listing do not");
}

}  // namespace

Catalog Catalog::open(const std::filesystem::path& path, Database::Mode mode) {
    if (mode == Database::Mode::read_only && !std::filesystem::exists(path)) {
        throw CatalogError(path.string() +
                           ": no catalog here (run `footage index` first, or pass --db)");
    }
    if (mode == Database::Mode::read_write_create) {
        check_writable(path);
    }
    Database db(path, mode);
    if (mode == Database::Mode::read_only && !writable(path)) {
        // SQLite cannot read a WAL catalog on read-only storage without creating its -shm file.
        try {
            schema_version(db);
        } catch (const CatalogError&) {
            db = Database(path, Database::Mode::read_only_immutable);
        }
    }
    if (mode == Database::Mode::read_write_create) {
        {
            Statement journal = db.prepare("PRAGMA journal_mode = WAL");
            journal.step();
        }
        db.exec("PRAGMA synchronous = NORMAL");
        migrate(db);
    } else {
        int version = schema_version(db);
        if (version != current_schema_version()) {
            throw CatalogError(path.string() + ": catalog schema version " +
                               std::to_string(version) + ", this footage needs " +
                               std::to_string(current_schema_version()) +
                               " (run `footage index` to migrate it)");
        }
    }
    db.exec("PRAGMA foreign_keys = ON");
    return Catalog(std::move(db));
}

std::optional<std::string> Catalog::setting(const std::string& key) {
    Statement s = m_db.prepare("SELECT value FROM settings WHERE key = ?");
    s.bind(1, key);
    if (s.step()) {
        return s.column_text(0);
    }
    return std::nullopt;
}

void Catalog::set_setting(const std::string& key, const std::string& value) {
    m_db.prepare(
            "INSERT INTO settings(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

void Catalog::upsert_camera(const CameraRow& camera) {
    m_db.prepare(
            "INSERT INTO cameras(id, channel, recorder) VALUES(?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET channel = excluded.channel, "
            "recorder = excluded.recorder")
        .bind(1, camera.id)
        .bind(2, camera.channel)
        .bind(3, camera.recorder)
        .run();
}

std::vector<CameraRow> Catalog::cameras() {
    Statement s =
        m_db.prepare("SELECT id, channel, recorder, clock_offset_us FROM cameras ORDER BY id");
    std::vector<CameraRow> result;
    while (s.step()) {
        result.push_back(read_camera(s));
    }
    return result;
}

std::optional<CameraRow> Catalog::camera(const std::string& id) {
    Statement s =
        m_db.prepare("SELECT id, channel, recorder, clock_offset_us FROM cameras WHERE id = ?");
    s.bind(1, id);
    if (s.step()) {
        return read_camera(s);
    }
    return std::nullopt;
}

void Catalog::set_clock_offset(const std::string& camera_id, int64_t offset_us) {
    m_db.prepare("UPDATE cameras SET clock_offset_us = ? WHERE id = ?")
        .bind(1, offset_us)
        .bind(2, camera_id)
        .run();
    if (m_db.changes() == 0) {
        throw UsageError("no camera " + camera_id);
    }
}

std::optional<RecordingRow> Catalog::recording_by_path(const std::string& path) {
    Statement s = m_db.prepare(std::string("SELECT ") + kRecordingColumns +
                               " FROM recordings WHERE path = ?");
    s.bind(1, path);
    if (s.step()) {
        return read_recording(s);
    }
    return std::nullopt;
}

std::optional<RecordingRow> Catalog::recording_by_id(int64_t id) {
    Statement s =
        m_db.prepare(std::string("SELECT ") + kRecordingColumns + " FROM recordings WHERE id = ?");
    s.bind(1, id);
    if (s.step()) {
        return read_recording(s);
    }
    return std::nullopt;
}

int64_t Catalog::put_recording(const RecordingRow& r) {
    m_db.prepare("DELETE FROM recordings WHERE path = ?").bind(1, r.path).run();
    m_db.prepare(
            "INSERT INTO recordings(path, camera_id, size, mtime_ns, sha256, status, error, "
            "container, codec, width, height, frame_rate, start_us, duration_us, time_source, "
            "zone, indexers, indexed_at_us) "
            "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, r.path)
        .bind(2, r.camera_id)
        .bind(3, r.size)
        .bind(4, r.mtime_ns)
        .bind(5, r.sha256)
        .bind(6, r.status)
        .bind(7, r.error)
        .bind(8, r.container)
        .bind(9, r.codec)
        .bind(10, r.width)
        .bind(11, r.height)
        .bind(12, r.frame_rate)
        .bind(13, r.start_us)
        .bind(14, r.duration_us)
        .bind(15, r.time_source)
        .bind(16, r.zone)
        .bind(17, r.indexers)
        .bind(18, r.indexed_at_us)
        .run();
    return m_db.last_insert_rowid();
}

void Catalog::set_recording_indexers(int64_t recording_id, const std::string& indexers) {
    m_db.prepare("UPDATE recordings SET indexers = ? WHERE id = ?")
        .bind(1, indexers)
        .bind(2, recording_id)
        .run();
}

void Catalog::set_recording_time(int64_t recording_id, int64_t start_us, const std::string& zone) {
    m_db.prepare("UPDATE recordings SET start_us = ?, zone = ? WHERE id = ?")
        .bind(1, start_us)
        .bind(2, zone)
        .bind(3, recording_id)
        .run();
}

std::vector<RecordingRow> Catalog::recordings(const std::optional<std::string>& camera_id) {
    std::string sql = std::string("SELECT ") + kRecordingColumns + " FROM recordings";
    if (camera_id) {
        sql += " WHERE camera_id = ?";
    }
    sql += " ORDER BY camera_id IS NULL, camera_id, start_us, path";
    Statement s = m_db.prepare(sql);
    if (camera_id) {
        s.bind(1, *camera_id);
    }
    std::vector<RecordingRow> result;
    while (s.step()) {
        result.push_back(read_recording(s));
    }
    return result;
}

}  // namespace footage::catalog
