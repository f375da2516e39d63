#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/search_filters.hpp"
#include "lib/search/hit_json.hpp"
#include "lib/search/object_search.hpp"
#include "lib/search/search.hpp"
#include "lib/search/thumbnail.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct SearchArgs {
    SearchFilterArgs filters;
    bool motion = false;
    int32_t sensitivity = indexers::motion::kDefaultSensitivity;
    std::string pad;
    bool csv = false;
    std::string thumbnails;
};

std::string seconds_text(double seconds) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(3) << seconds;
    return out.str();
}

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
    add_search_filter_options(*command, args->filters);
    command->add_flag("--motion", args->motion, "Search the motion index (the default)");
    command
        ->add_option("--sensitivity", args->sensitivity,
                     "1 (only large, clear changes) .. 10 (a few pixels); default 5")
        ->check(CLI::Range(1, 10))
        ->type_name("N");
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
        search::Query query = search_query(args->filters, catalog, zone, resolve_date_order(global, catalog));
        if (!args->pad.empty()) {
            query.pad_us = timecode::parse_duration(args->pad);
        }
        query.sensitivity = args->sensitivity;
        if (query.object && args->motion) {
            throw UsageError("--motion and --object are exclusive: search one index at a time");
        }
        const std::string index_name = query.object ? "object" : "motion";

        search::SearchResult result = search::search(catalog, query);
        if (!result.not_indexed.empty() && !global.quiet) {
            std::string listed;
            for (const std::string& path : result.not_indexed) {
                listed += "\n  " + path;
            }
            warn(std::to_string(result.not_indexed.size()) + " recording(s) in range have no " +
                 index_name + " index and were not searched (footage index --" +
                 (query.object ? "objects" : "motion") + " PATH adds it):" + listed);
        }
        std::vector<std::string> thumbnails(result.hits.size());
        if (!args->thumbnails.empty()) {
            for (size_t i = 0; i < result.hits.size(); ++i) {
                try {
                    thumbnails[i] =
                        search::write_thumbnail(result.hits[i], args->thumbnails).string();
                } catch (const MediaError& error) {
                    warn(std::string("no thumbnail for ") + result.hits[i].id + ": " +
                         error.what());
                }
            }
        }

        if (global.json) {
            nlohmann::json hits = nlohmann::json::array();
            for (size_t i = 0; i < result.hits.size(); ++i) {
                nlohmann::json hit = search::hit_json(result.hits[i], zone);
                if (!thumbnails[i].empty()) {
                    hit["thumbnail"] = thumbnails[i];
                }
                hits.push_back(std::move(hit));
            }
            nlohmann::json regions = nlohmann::json::array();
            for (const indexers::motion::Box& region : query.regions) {
                regions.push_back({region.x, region.y, region.w, region.h});
            }
            nlohmann::json cameras_json = query.cameras;
            print_json(
                {{"hits", hits},
                 {"query",
                  {{"kind", index_name},
                   {"object",
                    query.object ? nlohmann::json(*query.object) : nlohmann::json(nullptr)},
                   {"min_confidence", query.object
                                          ? nlohmann::json(search::min_confidence_of(query))
                                          : nlohmann::json(nullptr)},
                   {"color", query.color ? nlohmann::json(*query.color) : nlohmann::json(nullptr)},
                   {"cameras", cameras_json},
                   {"from", query.from_us
                                ? nlohmann::json(timecode::format_time(*query.from_us, zone))
                                : nlohmann::json(nullptr)},
                   {"to", query.to_us ? nlohmann::json(timecode::format_time(*query.to_us, zone))
                                      : nlohmann::json(nullptr)},
                   {"regions", regions},
                   {"sensitivity", query.sensitivity},
                   {"min_duration", static_cast<double>(query.min_duration_us) / 1e6},
                   {"pad", static_cast<double>(query.pad_us) / 1e6},
                   {"limit", query.limit ? nlohmann::json(*query.limit) : nlohmann::json(nullptr)},
                   {"zone", zone.name()}}},
                 {"total", result.total},
                 {"recordings_searched", result.recordings_searched},
                 {"not_indexed", result.not_indexed}});
        } else if (args->csv) {
            std::cout << "id,camera,kind,start,end,duration,score,recording,offset,thumbnail,"
                         "label,confidence,color\n";
            for (size_t i = 0; i < result.hits.size(); ++i) {
                const search::Hit& hit = result.hits[i];
                std::cout << csv_field(hit.id) << ',' << csv_field(hit.camera_id) << ',' << hit.kind
                          << ',' << timecode::format_time(hit.start_us, zone) << ','
                          << timecode::format_time(hit.end_us, zone) << ','
                          << seconds_text(static_cast<double>(hit.end_us - hit.start_us) / 1e6)
                          << ',' << seconds_text(hit.score) << ',' << csv_field(hit.recording)
                          << ',' << seconds_text(hit.offset_s) << ',' << csv_field(thumbnails[i])
                          << ',' << csv_field(hit.label) << ','
                          << (hit.kind == "object" ? seconds_text(hit.confidence) : "") << ','
                          << hit.color << '\n';
            }
        } else if (!global.quiet) {
            for (size_t i = 0; i < result.hits.size(); ++i) {
                const search::Hit& hit = result.hits[i];
                std::cout << std::left << std::setw(31) << timecode::format_time(hit.start_us, zone)
                          << std::setw(9) << timecode::format_duration(hit.end_us - hit.start_us)
                          << std::setw(18) << hit.camera_id << "score " << std::setw(7)
                          << seconds_text(hit.score) << hit.id << '\n';
                if (hit.kind == "object") {
                    std::cout << "    " << hit.label << (hit.color.empty() ? "" : ", " + hit.color)
                              << ", seen " << hit.sightings << " time(s)\n";
                }
                std::cout << "    " << hit.recording << " @ " << seconds_text(hit.offset_s) << " s"
                          << (thumbnails[i].empty() ? "" : "  " + thumbnails[i]) << '\n';
            }
            if (result.hits.empty()) {
                std::cout << "no " << (query.object ? *query.object : std::string("motion"))
                          << " found (" << result.recordings_searched << " recordings searched";
                if (!result.not_indexed.empty()) {
                    std::cout << "; " << result.not_indexed.size() << " in range have no "
                              << index_name << " index and were not searched";
                }
                std::cout << ")\n";
            } else if (static_cast<int64_t>(result.hits.size()) < result.total) {
                std::cout << result.hits.size() << " of " << result.total
                          << " hits shown (--limit)\n";
            }
        }
        exit_code = result.hits.empty() ? kExitNegative : kExitSuccess;
    });
}

}  // namespace footage::cli
