#pragma once
// `footage index`: walk the inputs, then for each recording hash it, probe it, learn its camera
// and start time, decode it once for the indexers, and store it in one transaction.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/ingest/shard.hpp"
#include "lib/ingest/time_source.hpp"
#include "lib/naming/name_pattern.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::ingest {

struct IngestOptions {
    std::vector<std::filesystem::path> inputs;
    timecode::Zone zone = timecode::Zone::utc();
    std::vector<naming::NamePattern> user_patterns;  // tried before the built-in ones
    Declared declared;
    std::vector<std::string> indexers;  // names from indexers::registry()
    bool exhaustive = false;            // decode every frame (no still-GOP skipping)
    int jobs = 1;                       // recordings processed at once
    std::string operator_name;          // for the custody log's acquisition entries
    Shard shard;                        // index only this worker's share of the files
};

enum class Outcome {
    added,      // new to the catalog
    updated,    // changed since it was indexed (size or mtime) or needed a new indexer
    unchanged,  // already indexed as it is now: skipped
    bad,        // could not be used; `reason` says why
};

struct FileReport {
    std::string path;
    Outcome outcome = Outcome::bad;
    std::string reason;  // why it is bad, or what changed
    std::optional<std::string> camera_id;
    std::optional<int64_t> start_utc_us;
    int64_t duration_us = 0;
    std::string time_source;
    std::string sha256;
    int64_t frames_decoded = 0;  // by this run's indexers (0: none ran)
    // Bad for the same reason as in an earlier run, and unchanged since (size and mtime).
    bool still_bad = false;
};

struct IngestReport {
    std::vector<FileReport> files;      // in walk order
    std::vector<std::string> problems;  // inputs that could not be walked: "<path>: <reason>"
    std::vector<std::string> ignored;   // files in folders that are not video by extension
    int count(Outcome outcome) const;
    // Every input was found and every recording is usable.
    bool complete() const { return problems.empty() && count(Outcome::bad) == 0; }
};

struct Progress {
    int64_t files_done = 0;
    int64_t files_total = 0;
    // Work done, in bytes of the files: a file counts half when hashed and the rest as its media
    // time is decoded, so the figure moves inside a long file.
    uint64_t bytes_done = 0;
    uint64_t bytes_total = 0;
    uint64_t bytes_skipped = 0;  // of bytes_done: unchanged files, which cost no work (for ETAs)
    std::string current;         // the file being worked on
    std::string phase;           // what is done to it: "hashing", "probing", "scanning",
                                 // "decoding (motion)", "decoding (motion, objects)", "storing"
    int64_t media_done_us = 0;   // how far into the current file the phase is, in media time
    int64_t media_total_us = 0;  // its length (0: unknown, or a phase without media time)
};
using ProgressCallback = std::function<void(const Progress&)>;

// "motion,objects" (as the catalog stores indexer names) as a set; empty names are dropped.
std::set<std::string> split_names(const std::string& list);

// Checks that the named indexers exist and have what they need (the object detector's model),
// before anything is opened or written. Throws UsageError or ModelError; ingest() checks too.
void prepare_indexers(const std::vector<std::string>& names);

// Throws UsageError for bad options (unknown indexer, --start with several files) and
// CatalogError when the catalog cannot be written. A bad recording never throws: it is reported.
IngestReport ingest(catalog::Catalog& catalog, const IngestOptions& options,
                    const ProgressCallback& progress = {});

}  // namespace footage::ingest
