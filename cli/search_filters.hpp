#pragma once
// The filters `footage search` and `footage report` share, parsed the same way by both: the
// common ones and those the indexers' search hooks declare (indexers/search_hook.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "lib/catalog/catalog.hpp"
#include "lib/search/search.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::cli {

struct SearchFilterArgs {
    std::vector<std::string> cameras;
    std::string from;
    std::string to;
    std::vector<std::string> regions;
    std::string min_duration;
    int32_t limit = 0;
    // The hooks' filters, by name: where CLI11 puts each value, and whether it was given.
    std::map<std::string, std::string> texts;
    std::map<std::string, int32_t> integers;
    std::map<std::string, double> numbers;
    std::map<std::string, bool> flags;
    std::map<std::string, CLI::Option*> options;
};

// Adds --camera, --from, --to, --region, --min-duration, --limit, then the hooks' filters
// (--object, --min-confidence, --color, ...): those of `search` only when `search` is set.
void add_search_filter_options(CLI::App& command, SearchFilterArgs& args, bool search = false);

// The query the filters describe: cameras resolved, times read in `zone` (day-first dates in
// `order`, else the catalog's date order). Throws UsageError.
search::Query search_query(const SearchFilterArgs& args, catalog::Catalog& catalog,
                           const timecode::Zone& zone,
                           timecode::DateOrder order = timecode::DateOrder::unknown);

}  // namespace footage::cli
