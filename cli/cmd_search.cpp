#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/search_filters.hpp"
#include "indexers/indexer.hpp"
#include "lib/search/hit_json.hpp"
#include "lib/search/query_json.hpp"
#include "lib/search/search.hpp"
#include "lib/search/thumbnail.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"
#include "lib/util/fixed_text.hpp"

namespace footage::cli {

namespace {

struct SearchArgs {
    SearchFilterArgs filters;
    std::string pad;
    bool csv = false;
    std::string thumbnails;
};

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

// The indexer whose hits these are: its name (index --NAME adds its index).
std::string indexer_of(const indexers::SearchHook& hook) {
    for (const indexers::IndexerInfo& info : indexers::registry()) {
        if (info.search == &hook) {
            return std::string(info.name);
        }
    }
    return std::string(hook.kind);
}

void warn_not_indexed(const search::SearchResult& result, const indexers::SearchHook& hook) {
    std::string listed;
    for (const std::string& path : result.not_indexed) {
        listed += "\n  " + path;
    }
    warn(std::to_string(result.not_indexed.size()) + " recording(s) in range have no " +
         std::string(hook.kind) + " index and were not searched (footage index --" +
         indexer_of(hook) + " PATH adds it):" + listed);
}

// One JPEG per hit into `dir` (none for a hit whose frame cannot be read: a warning says why).
std::vector<std::string> write_thumbnails(const search::SearchResult& result,
                                          const std::string& dir) {
    std::vector<std::string> thumbnails(result.hits.size());
    if (dir.empty()) {
        return thumbnails;
    }
    for (size_t i = 0; i < result.hits.size(); ++i) {
        try {
            thumbnails[i] = search::write_thumbnail(result.hits[i], dir).string();
        } catch (const MediaError& error) {
            warn(std::string("no thumbnail for ") + result.hits[i].id + ": " + error.what());
        }
    }
    return thumbnails;
}

void print_search_json(const search::Query& query, const search::SearchResult& result,
                       const std::vector<std::string>& thumbnails, const timecode::Zone& zone) {
    nlohmann::json hits = nlohmann::json::array();
    for (size_t i = 0; i < result.hits.size(); ++i) {
        nlohmann::json hit = search::hit_json(result.hits[i], zone);
        if (!thumbnails[i].empty()) {
            hit["thumbnail"] = thumbnails[i];
        }
        hits.push_back(std::move(hit));
    }
    nlohmann::json query_json = search::query_json(query, zone);
    query_json["pad"] = static_cast<double>(query.pad_us) / 1e6;
    print_json({{"hits", hits},
                {"query", query_json},
                {"total", result.total},
                {"recordings_searched", result.recordings_searched},
                {"not_indexed", result.not_indexed}});
}

void print_search_csv(const search::SearchResult& result,
                      const std::vector<std::string>& thumbnails, const timecode::Zone& zone) {
    const std::vector<const indexers::SearchHook*> hooks = indexers::search_hooks();
    std::cout << "id,camera,kind,start,end,duration,score,recording,offset,thumbnail";
    for (const indexers::SearchHook* hook : hooks) {
        for (std::string_view column : hook->csv_columns) {
            std::cout << ',' << column;
        }
    }
    std::cout << '\n';
    for (size_t i = 0; i < result.hits.size(); ++i) {
        const search::Hit& hit = result.hits[i];
        std::cout << csv_field(hit.id) << ',' << csv_field(hit.camera_id) << ',' << hit.kind << ','
                  << timecode::format_time(hit.start_utc_us, zone) << ','
                  << timecode::format_time(hit.end_utc_us, zone) << ','
                  << fixed_text(static_cast<double>(hit.end_utc_us - hit.start_utc_us) / 1e6, 3)
                  << ',' << fixed_text(hit.score, 3) << ',' << csv_field(hit.recording) << ','
                  << fixed_text(hit.offset_s, 3) << ',' << csv_field(thumbnails[i]);
        for (const indexers::SearchHook* hook : hooks) {
            std::vector<std::string> values;
            if (hook->kind == hit.kind && hook->csv_values != nullptr) {
                values = hook->csv_values(hit);
            }
            values.resize(hook->csv_columns.size());
            for (const std::string& value : values) {
                std::cout << ',' << csv_field(value);
            }
        }
        std::cout << '\n';
    }
}

void print_search_table(const search::Query& query, const indexers::SearchHook& hook,
                        const search::SearchResult& result,
                        const std::vector<std::string>& thumbnails, const timecode::Zone& zone) {
    for (size_t i = 0; i < result.hits.size(); ++i) {
        const search::Hit& hit = result.hits[i];
        std::cout << std::left << std::setw(31) << timecode::format_time(hit.start_utc_us, zone)
                  << std::setw(9) << timecode::format_duration(hit.end_utc_us - hit.start_utc_us)
                  << std::setw(18) << hit.camera_id << (hit.rank ? "similarity " : "score ")
                  << std::setw(7) << fixed_text(hit.rank.value_or(hit.score), 3) << hit.id << '\n';
        const indexers::SearchHook* own = indexers::find_search_hook(hit.kind);
        if (own != nullptr && own->describe != nullptr) {
            std::cout << "    " << own->describe(hit) << '\n';
        }
        std::cout << "    " << hit.recording << " @ " << fixed_text(hit.offset_s, 3) << " s"
                  << (thumbnails[i].empty() ? "" : "  " + thumbnails[i]) << '\n';
    }
    if (result.hits.empty()) {
        std::cout << "no " << (hook.sought != nullptr ? hook.sought(query) : std::string(hook.what))
                  << " found (" << result.recordings_searched << " recordings searched";
        if (!result.not_indexed.empty()) {
            std::cout << "; " << result.not_indexed.size() << " in range have no " << hook.kind
                      << " index and were not searched";
        }
        std::cout << ")\n";
    } else if (static_cast<int64_t>(result.hits.size()) < result.total) {
        std::cout << result.hits.size() << " of " << result.total << " hits shown (--limit)\n";
    }
}

}  // namespace

void add_search_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<SearchArgs>();
    CLI::App* command = app.add_subcommand(
        "search",
        "Find motion or objects in the indexed recordings, in wall-clock time, without decoding "
        "again");
    command->footer(
        "Times are ISO 8601 (2020-11-03 14:05:00, 2020-11-03T14:05:00+07:00); without an offset\n"
        "they are in --tz, else the catalog's zone. Durations: 90, 90s, 2m, 1h30m.\n"
        "Exit status: 0 at least one hit, 1 no hit, 2 usage or catalog error.\n"
        "Examples: footage search --camera 3 --from '2020-11-03 14:00' --to '2020-11-03 15:00' \\\n"
        "              --region 0.4,0.5,0.2,0.5 --min-duration 2s\n"
        "          footage search --object car --color red --from '2020-11-03 14:00'");
    add_search_filter_options(*command, args->filters, true);
    command->add_option("--pad", args->pad, "Widen each hit by D on both sides")->type_name("D");
    command->add_flag("--csv", args->csv, "Print CSV instead of a table");
    command
        ->add_option(
            "--thumbnails", args->thumbnails,
            "Write a JPEG per hit into DIR: the frame of peak motion with the moving cells "
            "outlined, or the object's best frame with its box drawn")
        ->type_name("DIR");

    command->callback([args, &global, &exit_code]() {
        if (args->csv && global.json) {
            throw UsageError("--csv and --json are exclusive");
        }
        catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_only);
        timecode::Zone zone = resolve_zone(global, catalog);
        search::Query query =
            search_query(args->filters, catalog, zone, resolve_date_order(global, catalog));
        if (!args->pad.empty()) {
            query.pad_us = timecode::parse_duration(args->pad);
        }
        const indexers::SearchHook& hook = search::hook_of(query);
        search::SearchResult result = search::search(catalog, query);
        if (!result.not_indexed.empty() && !global.quiet) {
            warn_not_indexed(result, hook);
        }
        std::vector<std::string> thumbnails = write_thumbnails(result, args->thumbnails);
        if (global.json) {
            print_search_json(query, result, thumbnails, zone);
        } else if (args->csv) {
            print_search_csv(result, thumbnails, zone);
        } else if (!global.quiet) {
            print_search_table(query, hook, result, thumbnails, zone);
        }
        exit_code = result.hits.empty() ? kExitNegative : kExitSuccess;
    });
}

}  // namespace footage::cli
