#include "lib/ingest/merge.hpp"

#include <map>
#include <set>

#include "lib/evidence/custody.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/util/error.hpp"

namespace footage::ingest {

namespace fs = std::filesystem;

namespace {

bool merged_before(catalog::Catalog& into, const std::string& shard_sha256) {
    for (const evidence::CustodyEntry& entry : evidence::custody_log(into)) {
        if (entry.action == "merge" && entry.details.value("shard_sha256", "") == shard_sha256) {
            return true;
        }
    }
    return false;
}

// Refuses, before writing anything, what cannot be merged.
void check_conflicts(catalog::Catalog& into, catalog::Catalog& shard, const fs::path& path) {
    for (const catalog::CameraRow& camera : shard.cameras()) {
        std::optional<catalog::CameraRow> ours = into.camera(camera.id);
        if (ours && ours->clock_offset_us != camera.clock_offset_us) {
            throw CatalogError(path.string() + ": camera " + camera.id + " has a clock offset of " +
                               std::to_string(camera.clock_offset_us) + " us there but " +
                               std::to_string(ours->clock_offset_us) +
                               " us here; declare the same offset in both first");
        }
    }
    for (const catalog::RecordingRow& recording : shard.recordings()) {
        std::optional<catalog::RecordingRow> ours = into.recording_by_path(recording.path);
        if (ours && !ours->sha256.empty() && !recording.sha256.empty() &&
            ours->sha256 != recording.sha256) {
            throw CatalogError(path.string() + ": " + recording.path + " has SHA-256 " +
                               recording.sha256 + " there but " + ours->sha256 +
                               " here: the same path holds different recordings; nothing merged");
        }
    }
}

// Copies a recording's motion index rows to its new ID.
void copy_motion(catalog::Catalog& into, catalog::Catalog& shard, int64_t from_id, int64_t to_id) {
    catalog::Statement meta = shard.db().prepare(
        "SELECT grid_cols, grid_rows, sample_us, decoded_us, skipped_us FROM motion_meta "
        "WHERE recording_id = ?");
    meta.bind(1, from_id);
    if (meta.step()) {
        into.db()
            .prepare(
                "INSERT INTO motion_meta(recording_id, grid_cols, grid_rows, sample_us, "
                "decoded_us, skipped_us) VALUES(?, ?, ?, ?, ?, ?)")
            .bind(1, to_id)
            .bind(2, meta.column_int(0))
            .bind(3, meta.column_int(1))
            .bind(4, meta.column_int(2))
            .bind(5, meta.column_int(3))
            .bind(6, meta.column_int(4))
            .run();
    }
    catalog::Statement chunks = shard.db().prepare(
        "SELECT start_us, end_us, peak, frames, codec FROM motion_chunks WHERE recording_id = ?");
    chunks.bind(1, from_id);
    catalog::Statement put_chunk = into.db().prepare(
        "INSERT INTO motion_chunks(recording_id, start_us, end_us, peak, frames, codec) "
        "VALUES(?, ?, ?, ?, ?, ?)");
    while (chunks.step()) {
        std::vector<uint8_t> peak = chunks.column_blob(2);
        std::vector<uint8_t> frames = chunks.column_blob(3);
        put_chunk.bind(1, to_id)
            .bind(2, chunks.column_int(0))
            .bind(3, chunks.column_int(1))
            .bind_blob(4, peak.data(), peak.size())
            .bind_blob(5, frames.data(), frames.size())
            .bind(6, chunks.column_int(4))
            .run();
        put_chunk.reset();
    }
    catalog::Statement events = shard.db().prepare(
        "SELECT start_us, end_us, peak_us, score, box_x, box_y, box_w, box_h FROM motion_events "
        "WHERE recording_id = ? ORDER BY start_us");
    events.bind(1, from_id);
    catalog::Statement put_event = into.db().prepare(
        "INSERT INTO motion_events(recording_id, start_us, end_us, peak_us, score, box_x, box_y, "
        "box_w, box_h) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    while (events.step()) {
        put_event.bind(1, to_id)
            .bind(2, events.column_int(0))
            .bind(3, events.column_int(1))
            .bind(4, events.column_int(2))
            .bind(5, events.column_double(3))
            .bind(6, events.column_double(4))
            .bind(7, events.column_double(5))
            .bind(8, events.column_double(6))
            .bind(9, events.column_double(7))
            .run();
        put_event.reset();
    }
}

ShardMerge merge_one(catalog::Catalog& into, const fs::path& path, const std::string& operator_name,
                     int64_t time_us) {
    ShardMerge result;
    result.path = fs::absolute(path).lexically_normal().string();
    catalog::Catalog shard = catalog::Catalog::open(path, catalog::Database::Mode::read_only);
    result.sha256 = evidence::sha256_file(path);
    if (merged_before(into, result.sha256)) {
        result.already_merged = true;
        return result;
    }
    check_conflicts(into, shard, path);

    catalog::Transaction transaction(into.db());
    for (const char* key : {"zone"}) {
        std::optional<std::string> theirs = shard.setting(key);
        if (theirs && !into.setting(key)) {
            into.set_setting(key, *theirs);
        }
    }
    for (const catalog::CameraRow& camera : shard.cameras()) {
        if (!into.camera(camera.id)) {
            into.upsert_camera(camera);
            into.set_clock_offset(camera.id, camera.clock_offset_us);
        }
    }
    std::set<std::string> added;
    for (catalog::RecordingRow recording : shard.recordings()) {
        if (into.recording_by_path(recording.path)) {
            ++result.recordings_present;
            continue;
        }
        const int64_t shard_id = recording.id;
        recording.id = 0;
        int64_t id = into.put_recording(recording);
        copy_motion(into, shard, shard_id, id);
        added.insert(recording.path);
        ++result.recordings_added;
    }
    // The shard's acquisitions of what was added join this log, each still naming its entry in
    // the shard's own chain; then the merge itself, naming the shard's file and last link.
    std::string shard_head = evidence::kGenesisSha256;
    for (const evidence::CustodyEntry& entry : evidence::custody_log(shard)) {
        shard_head = entry.entry_sha256;
        if (entry.action == "acquire" && added.count(entry.details.value("path", "")) != 0) {
            nlohmann::json details = entry.details;
            details["via_shard"] = result.path;
            details["shard_entry_sha256"] = entry.entry_sha256;
            evidence::append_custody(into, "acquire", entry.operator_name, details, entry.time_us);
        }
    }
    evidence::append_custody(into, "merge", operator_name,
                             {{"shard", result.path},
                              {"shard_sha256", result.sha256},
                              {"shard_custody_head", shard_head},
                              {"recordings_added", result.recordings_added},
                              {"recordings_present", result.recordings_present}},
                             time_us);
    transaction.commit();
    return result;
}

}  // namespace

std::vector<ShardMerge> merge_shards(catalog::Catalog& into, const std::vector<fs::path>& shards,
                                     const std::string& operator_name, int64_t time_us) {
    std::vector<ShardMerge> results;
    for (const fs::path& shard : shards) {
        if (fs::exists(into.db().path()) && fs::exists(shard) &&
            fs::equivalent(into.db().path(), shard)) {
            throw CatalogError(shard.string() + ": is the catalog being merged into");
        }
        results.push_back(merge_one(into, shard, operator_name, time_us));
    }
    return results;
}

}  // namespace footage::ingest
