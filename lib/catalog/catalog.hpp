#pragma once
// The catalog: one SQLite file holding cameras, recordings and (later) indexes and custody.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/catalog/sqlite.hpp"

namespace footage::catalog {

struct CameraRow {
    std::string id;
    std::optional<int> channel;
    std::string recorder;
    int64_t clock_offset_us =
        0;  // declared by the investigator: true time = recorder time + offset
};

struct RecordingRow {
    int64_t id = 0;
    std::string path;  // absolute
    std::optional<std::string> camera_id;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    std::string sha256;
    std::string status = "ok";  // "ok" or "bad"
    std::string error;          // the reason, when bad
    std::string container;
    std::string codec;
    int32_t width = 0;
    int32_t height = 0;
    double frame_rate = 0.0;
    std::optional<int64_t> start_recorder_us;  // UTC as the recorder said (no camera offset)
    int64_t duration_us = 0;
    std::string time_source;  // "name:<pattern>", "declared", "creation_time", "unknown"
    std::string zone;         // the zone the time was read in
    std::string indexers;     // indexers that completed, comma-separated ("motion")
    int64_t indexed_at_us = 0;

    // Whether the indexer `name` completed on this recording.
    bool indexed_by(std::string_view name) const {
        const std::string listed = "," + indexers + ",";
        return listed.find("," + std::string(name) + ",") != std::string::npos;
    }
};

// Another path at which a recording's file was found (same SHA-256).
struct PathAlias {
    std::string path;
    int64_t recording_id = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
};

class Catalog {
  public:
    // Read-write opens (creating if needed), sets WAL and migrates. Read-only requires the file
    // to exist and be at the current schema. Throws CatalogError naming the path.
    static Catalog open(const std::filesystem::path& path, Database::Mode mode);

    Database& db() { return m_db; }
    // This open created the file (a new, empty catalog).
    bool created() const { return m_created; }

    std::optional<std::string> setting(const std::string& key);
    void set_setting(const std::string& key, const std::string& value);

    // Inserts the camera, or refreshes its channel and recorder; keeps its clock offset.
    void upsert_camera(const CameraRow& camera);
    std::vector<CameraRow> cameras();
    std::optional<CameraRow> camera(const std::string& id);
    void set_clock_offset(const std::string& camera_id, int64_t offset_us);

    std::optional<RecordingRow> recording_by_path(const std::string& path);
    std::optional<RecordingRow> recording_by_id(int64_t id);
    // Replaces any row with the same path (and, through the schema, what hangs off it).
    int64_t put_recording(const RecordingRow& recording);
    void set_recording_indexers(int64_t recording_id, const std::string& indexers);
    // A new start time (UTC) and the zone it was read in, keeping the recording's indexes.
    void set_recording_time(int64_t recording_id, int64_t start_us, const std::string& zone);
    // A usable recording with this SHA-256 at another path than `except_path`.
    std::optional<RecordingRow> recording_by_sha256(const std::string& sha256,
                                                    const std::string& except_path);
    // Usable recordings of `camera_id` overlapping [start_us, end_us), other than `except_path`.
    std::vector<RecordingRow> overlapping(const std::string& camera_id, int64_t start_us,
                                          int64_t end_us, const std::string& except_path);
    std::optional<PathAlias> alias(const std::string& path);
    // Records `alias` (replacing what that path was before, as a recording or an alias).
    void put_alias(const PathAlias& alias);
    std::vector<std::string> aliases(int64_t recording_id);
    // Ordered by camera, then start time, then path.
    std::vector<RecordingRow> recordings(const std::optional<std::string>& camera_id = {});

  private:
    explicit Catalog(Database db) : m_db(std::move(db)) {}
    Database m_db;
    bool m_created = false;
};

}  // namespace footage::catalog
