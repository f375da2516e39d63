#include "lib/ingest/merge.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "indexers/index_tables.hpp"
#include "indexers/indexer.hpp"
#include "lib/evidence/clock_offset.hpp"
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

// The indexes of the shard whose tables an older footage made (its schema.NAME setting below
// this footage's migrations): their rows cannot be copied as they are. Throws CatalogError for
// an index a newer footage made, or an unreadable version, before anything is written.
std::vector<std::string> outdated_indexes(catalog::Catalog& shard, const fs::path& path) {
    std::vector<std::string> outdated;
    for (const indexers::IndexerInfo& info : indexers::registry()) {
        const std::string key = "schema." + std::string(info.name);
        const std::string text = shard.setting(key).value_or("0");
        size_t version = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
        if (error != std::errc() || end != text.data() + text.size()) {
            throw CatalogError(path.string() + ": its setting " + key + " is \"" + text +
                               "\", not a schema version; not merged");
        }
        if (version > info.migrations.size()) {
            throw CatalogError(path.string() + ": its " + std::string(info.name) +
                               " index was made by a newer footage (schema " + text +
                               ", this footage knows " + std::to_string(info.migrations.size()) +
                               "); not merged (merge it with that footage)");
        }
        if (version > 0 && version < info.migrations.size()) {
            outdated.emplace_back(info.name);
        }
    }
    return outdated;
}

// `listed` (comma-separated indexer names) without the `dropped` ones.
std::string without(const std::string& listed, const std::vector<std::string>& dropped) {
    std::string kept;
    size_t start = 0;
    while (start <= listed.size()) {
        size_t comma = listed.find(',', start);
        if (comma == std::string::npos) {
            comma = listed.size();
        }
        const std::string name = listed.substr(start, comma - start);
        if (!name.empty() && std::find(dropped.begin(), dropped.end(), name) == dropped.end()) {
            kept += (kept.empty() ? "" : ",") + name;
        }
        start = comma + 1;
    }
    return kept;
}

// Every table that holds a recording's rows, keyed by its `recording_id`: each indexer's, as
// the registry declares them, but for the `outdated` ones, then the recording's other paths. A
// table the shard lacks (an indexer's own migrations never ran there) has no rows to copy.
std::vector<std::string> row_tables(catalog::Catalog& shard,
                                    const std::vector<std::string>& outdated) {
    std::vector<std::string> tables;
    for (const indexers::IndexerInfo& info : indexers::registry()) {
        if (std::find(outdated.begin(), outdated.end(), info.name) != outdated.end()) {
            continue;
        }
        for (std::string_view table : info.tables) {
            if (indexers::has_table(shard, table)) {
                tables.emplace_back(table);
            }
        }
    }
    tables.emplace_back("recording_paths");
    return tables;
}

// Copies a recording's rows in `tables` to its new ID, column by column as the table has them
// (both catalogs have the same schema version, and `into` every indexer's tables).
void copy_rows(catalog::Catalog& into, catalog::Catalog& shard,
               const std::vector<std::string>& tables, int64_t from_id, int64_t to_id) {
    for (const std::string& table : tables) {
        std::vector<std::string> columns;
        catalog::Statement info =
            shard.db().prepare(std::string("PRAGMA table_info(") + table + ")");
        while (info.step()) {
            std::string name = info.column_text(1);
            // A rowid alias is the merged catalog's to assign.
            if (name != "recording_id" && !(name == "id" && info.column_int(5) != 0)) {
                columns.push_back(name);
            }
        }
        std::string list;
        std::string marks;
        for (const std::string& column : columns) {
            list += ", " + column;
            marks += ", ?";
        }
        catalog::Statement rows = shard.db().prepare("SELECT " + list.substr(2) + " FROM " + table +
                                                     " WHERE recording_id = ?");
        rows.bind(1, from_id);
        catalog::Statement put =
            into.db().prepare(std::string("INSERT INTO ") + table + "(recording_id" + list +
                              ") VALUES(?" + marks + ")");
        while (rows.step()) {
            put.bind(1, to_id);
            for (size_t i = 0; i < columns.size(); ++i) {
                put.bind_column(static_cast<int>(i) + 2, rows, static_cast<int>(i));
            }
            put.run();
            put.reset();
        }
    }
}

// The shard's custody log, refused when its chain does not hold or it lacks entries: a shard
// whose own chain does not hold is not laundered into one that does.
std::vector<evidence::CustodyEntry> checked_custody(catalog::Catalog& shard, const fs::path& path) {
    std::vector<evidence::CustodyEntry> shard_log = evidence::custody_log(shard);
    if (std::optional<evidence::ChainBreak> broken = evidence::check_chain(shard_log)) {
        throw CatalogError(path.string() + ": its custody log is broken at entry " +
                           std::to_string(broken->seq) + " (" + broken->reason +
                           "); not merged (footage log --db " + path.string() + " --verify)");
    }
    if (std::vector<std::string> gaps = evidence::custody_gaps(shard, shard_log); !gaps.empty()) {
        throw CatalogError(
            path.string() + ": its custody log lacks entries: " + gaps.front() +
            (gaps.size() > 1 ? " (and " + std::to_string(gaps.size() - 1) + " more)" : "") +
            "; not merged");
    }
    return shard_log;
}

// The shard's cameras this catalog does not know, with their clock offsets; returns their IDs.
std::set<std::string> copy_new_cameras(catalog::Catalog& into, catalog::Catalog& shard) {
    std::set<std::string> new_cameras;
    for (const catalog::CameraRow& camera : shard.cameras()) {
        if (!into.camera(camera.id)) {
            into.upsert_camera(camera);
            into.set_clock_offset(camera.id, camera.clock_offset_us);
            new_cameras.insert(camera.id);
        }
    }
    return new_cameras;
}

// The shard's recordings this catalog lacks, with their index rows; returns their paths.
std::set<std::string> copy_new_recordings(catalog::Catalog& into, catalog::Catalog& shard,
                                          ShardMerge& result) {
    const std::vector<std::string> tables = row_tables(shard, result.outdated_indexes);
    std::set<std::string> added;
    for (catalog::RecordingRow recording : shard.recordings()) {
        if (into.recording_by_path(recording.path)) {
            ++result.recordings_present;
            continue;
        }
        const int64_t shard_id = recording.id;
        recording.id = 0;
        recording.indexers = without(recording.indexers, result.outdated_indexes);
        int64_t id = into.put_recording(recording);
        copy_rows(into, shard, tables, shard_id, id);
        added.insert(recording.path);
        ++result.recordings_added;
    }
    return added;
}

// The shard's acquisitions and amendments of what was added, and the clock offsets declared there
// for the cameras it brings, join this log, each still naming its entry in the shard's own chain;
// then the merge itself, naming the shard's file and last link.
void carry_custody(catalog::Catalog& into, const std::vector<evidence::CustodyEntry>& shard_log,
                   const std::set<std::string>& added, const std::set<std::string>& new_cameras,
                   const ShardMerge& result, const std::string& operator_name, int64_t time_us) {
    std::string shard_head = evidence::kGenesisSha256;
    for (const evidence::CustodyEntry& entry : shard_log) {
        shard_head = entry.entry_sha256;
        const bool about_added = (entry.action == "acquire" || entry.action == "amend") &&
                                 added.count(entry.details.value("path", "")) != 0;
        const bool offset_brought = entry.action == evidence::kClockOffsetAction &&
                                    new_cameras.count(entry.details.value("camera", "")) != 0;
        if (about_added || offset_brought) {
            nlohmann::json details = entry.details;
            details["via_shard"] = result.path;
            details["shard_entry_sha256"] = entry.entry_sha256;
            evidence::append_custody(into, entry.action, entry.operator_name, details,
                                     entry.time_us);
        }
    }
    evidence::append_custody(into, "merge", operator_name,
                             {{"shard", result.path},
                              {"shard_sha256", result.sha256},
                              {"shard_custody_head", shard_head},
                              {"recordings_added", result.recordings_added},
                              {"recordings_present", result.recordings_present}},
                             time_us);
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
    result.outdated_indexes = outdated_indexes(shard, path);
    const std::vector<evidence::CustodyEntry> shard_log = checked_custody(shard, path);

    for (const indexers::IndexerInfo& info : indexers::registry()) {
        indexers::migrate_tables(into, info);
    }
    catalog::Transaction transaction(into.db());
    if (std::optional<std::string> zone = shard.setting("zone"); zone && !into.setting("zone")) {
        into.set_setting("zone", *zone);
    }
    const std::set<std::string> new_cameras = copy_new_cameras(into, shard);
    const std::set<std::string> added = copy_new_recordings(into, shard, result);
    carry_custody(into, shard_log, added, new_cameras, result, operator_name, time_us);
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
