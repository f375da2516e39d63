#include <string>
#include <vector>

#include "indexers/indexer.hpp"
#include "indexers/motion/motion_indexer.hpp"
#include "indexers/objects/object_indexer.hpp"
#include "indexers/osd/osd_indexer.hpp"

namespace footage::indexers {

namespace {

// The table of indexers: one row per indexer, each row declared in the indexer's folder.
// --help, the pipeline, merge, search and the report read it. The pipeline calls them in this
// order, so an indexer can read what those above it noted (notes.hpp).
std::vector<IndexerInfo>& table() {
    static std::vector<IndexerInfo> rows = {
        motion::motion_indexer_info(),
        objects::object_indexer_info(),
        osd::osd_indexer_info(),
    };
    return rows;
}

}  // namespace

std::span<const IndexerInfo> registry() { return table(); }

void add_indexer(const IndexerInfo& info) {
    if (find_indexer(info.name) == nullptr) {
        table().push_back(info);
    }
}

const IndexerInfo* find_indexer(std::string_view name) {
    for (const IndexerInfo& info : table()) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

Notes recall_notes(catalog::Catalog& catalog, const catalog::RecordingRow& recording) {
    Notes notes;
    for (const IndexerInfo& info : table()) {
        if (info.recall != nullptr && recording.indexed_by(info.name)) {
            info.recall(catalog, recording.id, notes);
        }
    }
    return notes;
}

std::vector<const SearchHook*> search_hooks() {
    std::vector<const SearchHook*> hooks;
    for (const IndexerInfo& info : table()) {
        if (info.search != nullptr) {
            hooks.push_back(info.search);
        }
    }
    return hooks;
}

const SearchHook* find_search_hook(std::string_view kind) {
    for (const SearchHook* hook : search_hooks()) {
        if (kind.empty() || hook->kind == kind) {
            return hook;
        }
    }
    return nullptr;
}

}  // namespace footage::indexers
