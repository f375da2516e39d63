#pragma once
// The filters `footage search` and `footage report` share, parsed the same way by both.
#include <cstdint>
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
    std::string object;
    std::optional<double> min_confidence;
    std::string color;
};

// Adds --camera, --from, --to, --region, --min-duration, --limit, --object, --min-confidence
// and --color to `command`.
void add_search_filter_options(CLI::App& command, SearchFilterArgs& args);

// The query the filters describe: cameras resolved, times read in `zone` (day-first dates in
// `order`, else the catalog's date order). Throws UsageError.
search::Query search_query(const SearchFilterArgs& args, catalog::Catalog& catalog,
                           const timecode::Zone& zone,
                           timecode::DateOrder order = timecode::DateOrder::unknown);

}  // namespace footage::cli
