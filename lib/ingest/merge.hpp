#pragma once
// `footage merge`: combines catalogs that workers indexed (`index --shard K/N`) into one that
// answers every search, clip and report as a single-machine index of the same drive would: the
// recordings with their indexes, the cameras and their clock offsets. Events that cross a file
// boundary need nothing special: search joins them across recordings at query time.
//
// Merging is idempotent: a shard whose SHA-256 a previous merge recorded is skipped, and a
// recording already present with the same SHA-256 is kept as it is. A shard of another schema
// version, a recording whose SHA-256 differs from the one already merged for the same path, or a
// camera with a different clock offset stops the merge before anything is written.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"

namespace footage::ingest {

struct ShardMerge {
    std::string path;
    std::string sha256;  // of the shard catalog file, as merged
    bool already_merged = false;
    int64_t recordings_added = 0;
    int64_t recordings_present = 0;  // same path and SHA-256 already in the catalog
    // Indexes an older footage made in the shard: its recordings came without them and need
    // `footage index --NAME` again (as an old catalog's own recordings do when it is opened).
    std::vector<std::string> outdated_indexes;
};

// Merges each shard in its own transaction and logs it in the custody log (the shard's
// acquisitions, then a "merge" entry with the shard's SHA-256 and its log's last hash). Throws
// CatalogError naming the shard and the reason.
std::vector<ShardMerge> merge_shards(catalog::Catalog& into,
                                     const std::vector<std::filesystem::path>& shards,
                                     const std::string& operator_name, int64_t time_us);

}  // namespace footage::ingest
