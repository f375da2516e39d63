#pragma once
// How an indexer's index is searched: the hit kind it answers, the filters it adds to `search`
// and `report`, and how its hits are shown (JSON fields, table and CSV columns, report rows).
// lib/search, the CLI and the report find hooks through the registry (indexers/indexer.hpp)
// and never name an indexer.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "lib/catalog/catalog.hpp"
#include "lib/search/query.hpp"

namespace footage::indexers {

// One command-line filter of a hook: `--NAME VALUE`, stored in Query::filters["NAME"].
struct FilterOption {
    enum class Type { text, integer, number, flag };
    std::string_view name = {};       // "object": --object, and its key in Query::filters
    std::string_view type_name = {};  // what --help shows for the value: "CLASS"
    std::string_view help = {};
    Type type = Type::text;
    double min = 0.0;  // integer and number: the accepted range, when min < max
    double max = 0.0;
    bool search_only = false;  // offered by `search` but not by `report`
    bool selects = false;      // giving it asks for this hook's hits (--object, --motion)
};

// A row the report's hit table shows: its heading and plain text (the report escapes it).
using ReportRow = std::pair<std::string, std::string>;

struct SearchHook {
    std::string_view kind = {};  // of its hits (Hit::kind, the query JSON's "kind"): "object"
    std::string_view what = {};  // named in "no <what> found" when Query::filters does not say
    // Options in the order --help lists them. Filters shared by both commands come before
    // search-only ones in --help, whichever hook declares them.
    std::span<const FilterOption> filters = {};
    // Throws UsageError for a bad value of one of its filters; called for every query (its
    // filters may be given without selecting it).
    void (*check)(const search::Query& query) = nullptr;
    // Resolves once per search what its filters name in the catalog (the --like hit's look), so
    // that search_camera does not for every camera: the query search_camera is given. Null: the
    // query as asked.
    search::Query (*prepare)(catalog::Catalog& catalog, const search::Query& query) = nullptr;
    // Adds to `result` the hits of one camera's recordings (by start), and the recordings in
    // range that lack its index to result.not_indexed.
    void (*search_camera)(catalog::Catalog& catalog, const search::Query& query,
                          const catalog::CameraRow& camera,
                          const std::vector<catalog::RecordingRow>& recordings,
                          search::SearchResult& result) = nullptr;
    // Its keys of a query's JSON (search --json "query", report.json "filters"), written for
    // every query: null or the default when its filters are not given.
    void (*query_json)(const search::Query& query, nlohmann::json& out) = nullptr;
    // Its part of the report's one-line summary of the filters ("sensitivity 5"); null: none.
    std::string (*query_words)(const search::Query& query) = nullptr;
    // What "no ... found" names: `what`, or what the query asks for (the object class).
    std::string (*sought)(const search::Query& query) = nullptr;
    // The table's second line for one of its hits ("person, red, seen 3 time(s)"); null: none.
    std::string (*describe)(const search::Hit& hit) = nullptr;
    // CSV columns it adds, after the common ones, and their values for one of its hits.
    std::span<const std::string_view> csv_columns = {};
    std::vector<std::string> (*csv_values)(const search::Hit& hit) = nullptr;
    // The report's rows for one of its hits, after "Most movement at" and before the sketch;
    // and the heading of the sketch of Hit::box.
    std::vector<ReportRow> (*report_rows)(const search::Hit& hit) = nullptr;
    std::string_view box_heading = "Where it moved (whole hit)";
    // Hit IDs carry "#tag" for this kind when set: whether a tag is one of its hits', and the
    // queries that find the hit of that ID again (tried in order) from `base`.
    bool (*owns_tag)(std::string_view tag) = nullptr;
    std::vector<search::Query> (*queries_for_tag)(const search::Query& base,
                                                  std::string_view tag) = nullptr;
};

}  // namespace footage::indexers
