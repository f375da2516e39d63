#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "indexers/indexer.hpp"
#include "lib/ingest/index_settings.hpp"
#include "lib/ingest/ingest.hpp"
#include "lib/naming/name_pattern.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct IndexArgs {
    std::vector<std::string> paths;
    std::vector<std::string> patterns;
    std::string camera;
    std::string start;
    int jobs = 1;
    std::string shard;
    bool exhaustive = false;
    bool strict = false;
    std::map<std::string, bool> indexer_on;  // --motion / --no-motion, ...
    std::map<std::string, CLI::Option*> indexer_flags;
};

// "14:00" given where a path was expected: the rest of an unquoted "--start 2020-11-03 14:00".
bool looks_like_time_of_day(const std::string& text) {
    static const std::regex kTime(R"(\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\s*([aApP]\.?[mM]\.?)?)");
    return std::regex_match(text, kTime);
}

const char* outcome_name(ingest::Outcome outcome) {
    switch (outcome) {
        case ingest::Outcome::added:
            return "added";
        case ingest::Outcome::updated:
            return "updated";
        case ingest::Outcome::unchanged:
            return "unchanged";
        case ingest::Outcome::bad:
            return "bad";
    }
    return "bad";
}

nlohmann::json to_json(const ingest::IngestReport& report, const timecode::Zone& zone) {
    nlohmann::json files = nlohmann::json::array();
    for (const ingest::FileReport& file : report.files) {
        nlohmann::json entry = {{"path", file.path}, {"status", outcome_name(file.outcome)}};
        entry["camera"] =
            file.camera_id ? nlohmann::json(*file.camera_id) : nlohmann::json(nullptr);
        entry["start"] = file.start_utc_us
                             ? nlohmann::json(timecode::format_time(*file.start_utc_us, zone))
                             : nlohmann::json(nullptr);
        entry["duration"] = static_cast<double>(file.duration_us) / 1e6;
        entry["time_source"] = file.time_source;
        entry["sha256"] = file.sha256;
        entry["frames_decoded"] = file.frames_decoded;
        if (!file.reason.empty()) {
            entry["reason"] = file.reason;
        }
        if (file.still_bad) {
            entry["still_bad"] = true;
        }
        files.push_back(std::move(entry));
    }
    return {{"files", files},
            {"summary",
             {{"added", report.count(ingest::Outcome::added)},
              {"updated", report.count(ingest::Outcome::updated)},
              {"unchanged", report.count(ingest::Outcome::unchanged)},
              {"bad", report.count(ingest::Outcome::bad)},
              {"still_bad", std::count_if(report.files.begin(), report.files.end(),
                                          [](const ingest::FileReport& f) { return f.still_bad; })},
              {"ignored", report.ignored.size()},
              {"problems", report.problems.size()}}},
            {"problems", report.problems},
            {"ignored", report.ignored},
            {"zone", zone.name()}};
}

void print_text(const ingest::IngestReport& report, const GlobalOptions& global,
                const timecode::Zone& zone) {
    for (const ingest::FileReport& file : report.files) {
        if (file.outcome == ingest::Outcome::updated && !global.quiet) {
            std::cout << file.path << ": " << file.reason << '\n';
        }
        if (global.verbose && file.outcome != ingest::Outcome::bad) {
            std::cout << outcome_name(file.outcome) << "  " << file.camera_id.value_or("-") << "  "
                      << (file.start_utc_us ? timecode::format_time(*file.start_utc_us, zone) : "-")
                      << "  " << file.path << "  (time from " << file.time_source << ")\n";
        }
    }
    if (global.verbose) {
        for (const std::string& path : report.ignored) {
            std::cout << "ignored (not a video extension): " << path << '\n';
        }
    }
    if (!global.quiet) {
        std::cout << report.files.size() << " files: " << report.count(ingest::Outcome::added)
                  << " added, " << report.count(ingest::Outcome::updated) << " updated, "
                  << report.count(ingest::Outcome::unchanged) << " unchanged, "
                  << report.count(ingest::Outcome::bad) << " bad";
        if (!report.ignored.empty()) {
            std::cout << ", " << report.ignored.size() << " other files ignored";
        }
        std::cout << '\n';
    }
}

// The files and what is declared about them, as the options of the run.
void read_inputs(const IndexArgs& args, const timecode::Zone& zone, timecode::DateOrder order,
                 ingest::IngestOptions& options) {
    for (const std::string& path : args.paths) {
        options.inputs.emplace_back(path);
    }
    options.zone = zone;
    for (const std::string& spec : args.patterns) {
        options.user_patterns.push_back(naming::user_pattern(spec));
    }
    if (!args.camera.empty()) {
        options.declared.camera_id = args.camera;
    }
    if (!args.start.empty()) {
        options.declared.start_utc_us = timecode::parse_time(args.start, zone, order);
    }
    options.exhaustive = args.exhaustive;
    options.jobs = args.jobs;
    if (!args.shard.empty()) {
        options.shard = ingest::parse_shard(args.shard);
    }
    options.operator_name = operator_name();
}

// Warns of the inputs that could not be walked and the files skipped; returns how many were
// bad already in an earlier run (not failing the run without --strict).
int warn_skipped(const ingest::IngestReport& report, bool strict) {
    for (const std::string& problem : report.problems) {
        warn(problem);
    }
    int still_bad = 0;
    for (const ingest::FileReport& file : report.files) {
        if (file.still_bad) {
            ++still_bad;
        } else if (file.outcome == ingest::Outcome::bad) {
            warn("skipped " + file.reason);
        }
    }
    if (still_bad > 0) {
        warn("still bad (" + std::to_string(still_bad) +
             "): unchanged since an earlier run reported them (footage recordings --json "
             "lists them with their reasons)" +
             (strict ? "" : "; they do not fail this run without --strict"));
    }
    return still_bad;
}

void add_index_options(CLI::App* command, IndexArgs& args) {
    command->add_option("paths", args.paths, "Files or folders to index (folders recursively)")
        ->required()
        ->type_name("PATH...");
    command
        ->add_option("--pattern", args.patterns,
                     "File-name template with named fields, tried before the built-in ones, "
                     "e.g. 'site_{channel}_{start}' (see man footage-index)")
        ->type_name("TEMPLATE");
    command
        ->add_option("--camera", args.camera,
                     "Declare the camera ID of files whose names say nothing (with --osd, "
                     "their folder names it otherwise)")
        ->type_name("ID");
    command
        ->add_option("--start", args.start,
                     "Declare the start time of one file whose name says nothing (ISO 8601)")
        ->type_name("T");
    command->add_option("-j,--jobs", args.jobs, "Recordings to process at once, 1..64")
        ->check(CLI::Range(1, 64))
        ->type_name("N");
    command
        ->add_option("--shard", args.shard,
                     "Index only worker K's share of N (0 <= K < N), balanced by bytes, for a "
                     "cluster; combine the catalogs with footage merge")
        ->type_name("K/N");
    command->add_flag("--exhaustive", args.exhaustive,
                      "Decode every frame, even where the stream shows nothing can have changed");
    command->add_flag("--strict", args.strict,
                      "Exit 1 also when the only bad files are ones an earlier run reported "
                      "and that have not changed since");
    for (const indexers::IndexerInfo& info : indexers::registry()) {
        std::string name(info.name);
        args.indexer_on[name] = info.on_by_default;
        args.indexer_flags[name] = command->add_flag(
            "--" + name + ",!--no-" + name, args.indexer_on[name],
            std::string(info.description) +
                (info.on_by_default ? " (default on)" : " (opt-in; remembered by the catalog)"));
    }
}

// `index 2020-11-03 14:00:00`: the shell split a --start in two.
void refuse_split_times(const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
        if (looks_like_time_of_day(path) && !std::filesystem::exists(path)) {
            throw UsageError("\"" + path +
                             "\" is not a file or folder; if it is the time of a --start, "
                             "quote the whole time: --start \"2020-11-03 " +
                             path + "\"");
        }
    }
}

// The indexers to run: those on by default or by flag, and those the catalog remembers.
// Indexers asked for once are remembered: a later plain `index` applies them too, and --no-NAME
// forgets one.
std::vector<std::string> indexers_to_run(catalog::Catalog& catalog, const IndexArgs& args) {
    std::set<std::string> given;
    for (const auto& [name, flag] : args.indexer_flags) {
        if (flag->count() > 0) {
            given.insert(name);
        }
    }
    std::vector<std::string> chosen = ingest::chosen_indexers(catalog, args.indexer_on, given);
    ingest::prepare_indexers(chosen);  // and those the catalog remembers
    return chosen;
}

void warn_zone_guessed(const GlobalOptions& global, catalog::Catalog& catalog,
                       const timecode::Zone& zone) {
    if (global.tz.empty() && !catalog.setting("zone") && !global.quiet) {
        warn("no --tz given and the catalog has no zone: times in file names are read as " +
             zone.name() +
             " (this machine's zone). If the recorder was set to another zone, index again "
             "with --tz ZONE: the names are read again and each change is logged.");
    }
}

void warn_zone_moved(const GlobalOptions& global, catalog::Catalog& catalog,
                     const std::optional<std::string>& stored_zone, const timecode::Zone& zone) {
    if (stored_zone && *stored_zone != zone.name() && !global.quiet) {
        const int64_t elsewhere = ingest::timed_in_zone(catalog, *stored_zone);
        if (elsewhere > 0) {
            warn("the catalog's zone is now " + zone.name() + ", but " + std::to_string(elsewhere) +
                 " recording(s) outside the paths given still " +
                 "have times read from their names in " + *stored_zone +
                 ": index their folders again to read them in " + zone.name());
        }
    }
}

void run_index(const IndexArgs& args, const GlobalOptions& global, ExitCode& exit_code) {
    refuse_split_times(args.paths);
    std::vector<std::string> named;  // on by default or by flag: checked before any write
    for (const auto& [name, on] : args.indexer_on) {
        if (on) {
            named.push_back(name);
        }
    }
    ingest::prepare_indexers(named);  // a missing model: nothing written yet
    catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_write_create);
    if (catalog.created() && !global.quiet) {
        warn("created catalog " + global.db);
    }
    ingest::IngestOptions options;
    options.indexers = indexers_to_run(catalog, args);
    timecode::Zone zone = resolve_zone(global, catalog);
    warn_zone_guessed(global, catalog, zone);
    const std::optional<std::string> stored_zone =
        ingest::remember_zone(catalog, zone, !global.tz.empty(), global.date_order);
    ingest::remember_indexers(catalog, options.indexers);

    read_inputs(args, zone, resolve_date_order(global, catalog), options);
    // With the OSD read, a file whose name says nothing is dated by its picture and named
    // after its folder (README: how the time of a recording is learnt).
    options.declared.camera_from_folder =
        std::find(options.indexers.begin(), options.indexers.end(), "osd") !=
        options.indexers.end();

    InterruptNotice interrupt_notice;
    ProgressBar bar(!global.quiet && !global.json);
    ingest::IngestReport report =
        ingest::ingest(catalog, options, [&bar](const ingest::Progress& p) { bar.update(p); });
    bar.clear();

    warn_zone_moved(global, catalog, stored_zone, zone);
    const int still_bad = warn_skipped(report, args.strict);
    if (global.json) {
        print_json(to_json(report, zone));
    } else {
        print_text(report, global, zone);
    }
    int new_bad = report.count(ingest::Outcome::bad) - (args.strict ? 0 : still_bad);
    exit_code = report.problems.empty() && new_bad == 0 ? kExitSuccess : kExitNegative;
}

}  // namespace

void add_index_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<IndexArgs>();
    CLI::App* command = app.add_subcommand(
        "index",
        "Catalog an exported drive: camera, wall-clock time and SHA-256 of every "
        "recording, and its indexes; incremental and resumable");
    command->footer(
        "Global options --db, --tz, --json, -q, -v apply here too (footage --help). "
        "Exit 0: all indexed; 1: some file skipped (path and reason on stderr); 2: usage.");
    add_index_options(command, *args);
    command->callback([args, &global, &exit_code]() { run_index(*args, global, exit_code); });
}

}  // namespace footage::cli
