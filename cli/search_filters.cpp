#include "cli/search_filters.hpp"

#include <cmath>
#include <sstream>

#include "indexers/indexer.hpp"
#include "lib/catalog/camera_select.hpp"
#include "lib/search/region.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

void add_hook_filter(CLI::App& command, SearchFilterArgs& args,
                     const indexers::FilterOption& filter) {
    const std::string name(filter.name);
    const std::string flag = "--" + name;
    const std::string help(filter.help);
    CLI::Option* option = nullptr;
    switch (filter.type) {
        case indexers::FilterOption::Type::flag:
            option = command.add_flag(flag, args.flags[name], help);
            break;
        case indexers::FilterOption::Type::integer:
            option = command.add_option(flag, args.integers[name], help);
            break;
        case indexers::FilterOption::Type::number:
            option = command.add_option(flag, args.numbers[name], help);
            break;
        case indexers::FilterOption::Type::text:
            option = command.add_option(flag, args.texts[name], help);
            break;
    }
    if (filter.min < filter.max) {
        if (filter.type == indexers::FilterOption::Type::integer) {
            option->check(
                CLI::Range(static_cast<int32_t>(filter.min), static_cast<int32_t>(filter.max)));
        } else {
            option->check(CLI::Range(filter.min, filter.max));
        }
    }
    if (!filter.type_name.empty()) {
        option->type_name(std::string(filter.type_name));
    }
    args.options[name] = option;
}

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

// The hooks' filters that were given, as Query::filters holds them.
nlohmann::json hook_filters(const SearchFilterArgs& args) {
    nlohmann::json filters = nlohmann::json::object();
    for (const indexers::SearchHook* hook : indexers::search_hooks()) {
        for (const indexers::FilterOption& filter : hook->filters) {
            const std::string name(filter.name);
            auto given = args.options.find(name);
            if (given == args.options.end() || given->second->count() == 0) {
                continue;
            }
            switch (filter.type) {
                case indexers::FilterOption::Type::flag:
                    if (args.flags.at(name)) {
                        filters[name] = true;
                    }
                    break;
                case indexers::FilterOption::Type::integer:
                    filters[name] = args.integers.at(name);
                    break;
                case indexers::FilterOption::Type::number: {
                    const double value = args.numbers.at(name);
                    // NaN passes CLI11's range check.
                    if (!std::isfinite(value)) {
                        throw UsageError("--" + name + " " + std::to_string(value) +
                                         ": expected a number from " + number_text(filter.min) +
                                         " to " + number_text(filter.max));
                    }
                    filters[name] = value;
                    break;
                }
                case indexers::FilterOption::Type::text:
                    if (!args.texts.at(name).empty()) {
                        filters[name] = args.texts.at(name);
                    }
                    break;
            }
        }
    }
    return filters;
}

}  // namespace

void add_search_filter_options(CLI::App& command, SearchFilterArgs& args, bool search) {
    command
        .add_option("--camera", args.cameras,
                    "Only this camera (3, 03, ch03 or a full ID); repeatable")
        ->type_name("ID");
    command.add_option("--from", args.from, "Only motion ending after this time")->type_name("T");
    command.add_option("--to", args.to, "Only motion starting before this time")->type_name("T");
    command
        .add_option("--region", args.regions,
                    "Only motion inside x,y,w,h (fractions of the frame, 0..1); repeatable, "
                    "any region counts")
        ->type_name("X,Y,W,H");
    command.add_option("--min-duration", args.min_duration, "Only motion lasting at least D")
        ->type_name("D");
    command.add_option("--limit", args.limit, "At most N hits (the earliest), N from 1 to 1000000")
        ->check(CLI::Range(1, 1'000'000))
        ->type_name("N");
    for (bool search_only : {false, true}) {
        if (search_only && !search) {
            break;
        }
        for (const indexers::SearchHook* hook : indexers::search_hooks()) {
            for (const indexers::FilterOption& filter : hook->filters) {
                if (filter.search_only == search_only) {
                    add_hook_filter(command, args, filter);
                }
            }
        }
    }
}

search::Query search_query(const SearchFilterArgs& args, catalog::Catalog& catalog,
                           const timecode::Zone& zone, timecode::DateOrder order) {
    if (order == timecode::DateOrder::unknown) {
        std::string stored = catalog.setting("date_order").value_or("");
        order = stored == "dmy"   ? timecode::DateOrder::dmy
                : stored == "mdy" ? timecode::DateOrder::mdy
                                  : timecode::DateOrder::unknown;
    }
    search::Query query;
    std::vector<catalog::CameraRow> cameras = catalog.cameras();
    for (const std::string& spec : args.cameras) {
        query.cameras.push_back(catalog::select_camera(cameras, spec));
    }
    if (!args.from.empty()) {
        query.from_utc_us = timecode::parse_time(args.from, zone, order);
    }
    if (!args.to.empty()) {
        query.to_utc_us = timecode::parse_time(args.to, zone, order);
    }
    for (const std::string& region : args.regions) {
        query.regions.push_back(search::parse_region(region));
    }
    if (!args.min_duration.empty()) {
        query.min_duration_us = timecode::parse_duration(args.min_duration);
    }
    if (args.limit > 0) {
        query.limit = args.limit;
    }
    query.filters = hook_filters(args);
    return query;
}

}  // namespace footage::cli
