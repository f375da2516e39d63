#include "lib/catalog/catalog.hpp"

#include <sys/stat.h>
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
    r.start_recorder_us = s.column_optional_int(13);
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

// A catalog file's path problems (a 300-byte name, a symlink loop, a folder) as CatalogError
// with the system's reason. Returns whether the file exists.
bool check_path(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        int error = errno;
        if (error != ENOENT) {
            throw CatalogError(path.string() + ": cannot open catalog: " + std::strerror(error));
        }
        if (path.has_parent_path() && ::stat(path.parent_path().c_str(), &info) != 0) {
            error = errno;
            throw CatalogError(path.string() + ": cannot create catalog: " +
                               path.parent_path().string() + ": " + std::strerror(error));
        }
        return false;
    }
    if (S_ISDIR(info.st_mode)) {
        throw CatalogError(path.string() + ": is a folder, not a catalog file (give --db a file)");
    }
    return true;
}

// An SQLite database with tables but no footage schema version was made by another program:
// footage must neither migrate it nor read it as a catalog.
void refuse_foreign(Database& db) {
    if (schema_version(db) != 0) {
        return;
    }
    Statement tables = db.prepare("SELECT count(*) FROM sqlite_master");
    if (tables.step() && tables.column_int(0) > 0) {
        throw CatalogError(db.path().string() +
                           ": not a footage catalog (an SQLite database made by another "
                           "program; footage leaves it untouched)");
    }
}

}  // namespace

Catalog Catalog::open(const std::filesystem::path& path, Database::Mode mode) {
    bool existed = check_path(path);
    if (mode == Database::Mode::read_only && !existed) {
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
    if (existed) {
        refuse_foreign(db);
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
    Catalog catalog(std::move(db));
    catalog.m_created = !existed;
    return catalog;
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
    m_db.prepare("DELETE FROM recording_paths WHERE path = ?").bind(1, r.path).run();
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
        .bind(13, r.start_recorder_us)
        .bind(14, r.duration_us)
        .bind(15, r.time_source)
        .bind(16, r.zone)
        .bind(17, r.indexers)
        .bind(18, r.indexed_at_us)
        .run();
    return m_db.last_insert_rowid();
}

std::optional<RecordingRow> Catalog::recording_by_sha256(const std::string& sha256,
                                                         const std::string& except_path) {
    Statement s = m_db.prepare(std::string("SELECT ") + kRecordingColumns +
                               " FROM recordings WHERE sha256 = ? AND path != ? AND status = 'ok' "
                               "ORDER BY id LIMIT 1");
    s.bind(1, sha256).bind(2, except_path);
    if (s.step()) {
        return read_recording(s);
    }
    return std::nullopt;
}

std::vector<RecordingRow> Catalog::overlapping(const std::string& camera_id, int64_t start_us,
                                               int64_t end_us, const std::string& except_path) {
    Statement s = m_db.prepare(std::string("SELECT ") + kRecordingColumns +
                               " FROM recordings WHERE camera_id = ? AND status = 'ok' AND "
                               "path != ? AND start_us < ? AND start_us + duration_us > ? "
                               "ORDER BY start_us, path");
    s.bind(1, camera_id).bind(2, except_path).bind(3, end_us).bind(4, start_us);
    std::vector<RecordingRow> rows;
    while (s.step()) {
        rows.push_back(read_recording(s));
    }
    return rows;
}

std::optional<PathAlias> Catalog::alias(const std::string& path) {
    Statement s = m_db.prepare(
        "SELECT path, recording_id, size, mtime_ns FROM recording_paths WHERE path = ?");
    s.bind(1, path);
    if (s.step()) {
        return PathAlias{s.column_text(0), s.column_int(1), s.column_int(2), s.column_int(3)};
    }
    return std::nullopt;
}

void Catalog::put_alias(const PathAlias& alias) {
    m_db.prepare("DELETE FROM recordings WHERE path = ?").bind(1, alias.path).run();
    m_db.prepare(
            "INSERT INTO recording_paths(path, recording_id, size, mtime_ns) VALUES(?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET recording_id = excluded.recording_id, "
            "size = excluded.size, mtime_ns = excluded.mtime_ns")
        .bind(1, alias.path)
        .bind(2, alias.recording_id)
        .bind(3, alias.size)
        .bind(4, alias.mtime_ns)
        .run();
}

std::vector<std::string> Catalog::aliases(int64_t recording_id) {
    Statement s =
        m_db.prepare("SELECT path FROM recording_paths WHERE recording_id = ? ORDER BY path");
    s.bind(1, recording_id);
    std::vector<std::string> paths;
    while (s.step()) {
        paths.push_back(s.column_text(0));
    }
    return paths;
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
