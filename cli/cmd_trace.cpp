#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "indexers/indexer.hpp"
#include "indexers/objects/trace.hpp"
#include "lib/catalog/camera_select.hpp"
#include "lib/search/hit_json.hpp"
#include "lib/search/thumbnail.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"
#include "lib/util/fixed_text.hpp"

namespace footage::cli {

namespace {

struct TraceArgs {
    std::string hit;
    std::vector<std::string> cameras;
    std::string within = "10m";
    double min_similarity = indexers::objects::kTraceFloor;
    int32_t steps = 20;
    bool backward = false;
    std::string thumbnails;
};

// One JPEG per step into `dir`, as search --thumbnails writes them (none for a step whose frame
// cannot be read: a warning says why).
std::vector<std::string> write_thumbnails(const search::Trace& trace, const std::string& dir) {
    std::vector<std::string> thumbnails(trace.steps.size());
    if (dir.empty()) {
        return thumbnails;
    }
    for (size_t i = 0; i < trace.steps.size(); ++i) {
        try {
            thumbnails[i] = search::write_thumbnail(trace.steps[i], dir).string();
        } catch (const MediaError& error) {
            warn(std::string("no thumbnail for ") + trace.steps[i].id + ": " + error.what());
        }
    }
    return thumbnails;
}

nlohmann::json null_or(const std::string& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

void print_trace_json(const search::Trace& trace, const std::vector<std::string>& thumbnails,
                      const timecode::Zone& zone) {
    nlohmann::json steps = nlohmann::json::array();
    for (size_t i = 0; i < trace.steps.size(); ++i) {
        nlohmann::json step = search::hit_json(trace.steps[i], zone);
        if (!thumbnails[i].empty()) {
            step["thumbnail"] = thumbnails[i];
        }
        steps.push_back(std::move(step));
    }
    const search::TraceQuery& query = trace.query;
    print_json(
        {{"start", query.start_id},
         {"steps", steps},
         {"stopped",
          {{"forward", trace.stopped_forward}, {"backward", null_or(trace.stopped_backward)}}},
         {"query",
          {{"start", query.start_id},
           {"cameras", query.cameras},
           {"within", static_cast<double>(query.within_us) / 1e6},
           {"min_similarity", query.min_similarity},
           {"steps", query.max_steps},
           {"backward", query.backward},
           {"zone", zone.name()}}},
         {"not_indexed", trace.not_indexed}});
}

void print_trace_table(const search::Trace& trace, const std::vector<std::string>& thumbnails,
                       const timecode::Zone& zone) {
    const indexers::SearchHook* hook = indexers::find_search_hook("object");
    for (size_t i = 0; i < trace.steps.size(); ++i) {
        const search::Hit& hit = trace.steps[i];
        const nlohmann::json& similarity = hit.fields["similarity"];
        const nlohmann::json& gap = hit.fields["gap"];
        std::cout << std::right << std::setw(4) << hit.fields.value("step", 0) << "  " << std::left
                  << std::setw(31) << timecode::format_time(hit.start_utc_us, zone) << std::setw(18)
                  << hit.camera_id
                  << (similarity.is_number()
                          ? "similarity " + fixed_text(similarity.get<double>(), 3)
                          : std::string("start           "))
                  << "  gap " << std::setw(8)
                  << (gap.is_number() ? fixed_text(gap.get<double>(), 1) + " s" : std::string("-"))
                  << hit.id << '\n';
        if (hook != nullptr && hook->describe != nullptr) {
            std::cout << "      " << hook->describe(hit) << "; like the start "
                      << fixed_text(hit.fields.value("similarity_to_start", 0.0), 3) << '\n';
        }
        std::cout << "      " << hit.recording << " @ " << fixed_text(hit.offset_s, 3) << " s"
                  << (thumbnails[i].empty() ? "" : "  " + thumbnails[i]) << '\n';
    }
    if (!trace.stopped_backward.empty()) {
        std::cout << "back: " << trace.stopped_backward << '\n';
    }
    std::cout << "forward: " << trace.stopped_forward << '\n';
}

}  // namespace

void add_trace_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<TraceArgs>();
    CLI::App* command = app.add_subcommand(
        "trace",
        "Follow an object hit from camera to camera: the most similar sightings after it (and "
        "before it), step by step");
    command->footer(
        "Each step is the sighting of the same class, on any camera (or those of --camera), that\n"
        "starts at most --within after the step before it ends and looks most like it; the chain\n"
        "stops where the best one is less alike than --min-similarity, and says so. No sighting\n"
        "is used twice. It proposes; check every step's picture (--thumbnails).\n"
        "Exit status: 0 at least one step found, 1 none, 2 usage or catalog error.\n"
        "Example: footage trace 'ch03@20201103T070503.200Z+4600ms#person' --within 5m \\\n"
        "             --backward --thumbnails trace/");
    command->add_option("HIT_ID", args->hit, "The object hit to start from (search --object)")
        ->required();
    command
        ->add_option("--camera", args->cameras,
                     "Only sightings of this camera (3, 03, ch03 or a full ID); repeatable")
        ->type_name("ID");
    command
        ->add_option("--within", args->within,
                     "At most D from the end of one step to the start of the next (default 10m)")
        ->type_name("D");
    command
        ->add_option("--min-similarity", args->min_similarity,
                     "The floor: stop where the most similar next sighting is less alike, 0..1 "
                     "(default 0.8)")
        ->type_name("S");
    command->add_option("--steps", args->steps, "At most N steps each way (default 20)")
        ->type_name("N");
    command->add_flag("--backward", args->backward,
                      "Also follow it back in time: where it came from");
    command
        ->add_option("--thumbnails", args->thumbnails,
                     "Write a JPEG per step into DIR: the object's best frame with its box drawn")
        ->type_name("DIR");

    command->callback([args, &global, &exit_code]() {
        catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_only);
        timecode::Zone zone = resolve_zone(global, catalog);
        search::TraceQuery query;
        query.start_id = args->hit;
        const std::vector<catalog::CameraRow> cameras = catalog.cameras();
        for (const std::string& spec : args->cameras) {
            query.cameras.push_back(catalog::select_camera(cameras, spec));
        }
        query.within_us = timecode::parse_duration(args->within);
        query.min_similarity = args->min_similarity;
        query.max_steps = args->steps;
        query.backward = args->backward;
        const search::Trace trace = indexers::objects::trace(catalog, query);
        if (!trace.not_indexed.empty() && !global.quiet) {
            std::string listed;
            for (const std::string& path : trace.not_indexed) {
                listed += "\n  " + path;
            }
            warn(std::to_string(trace.not_indexed.size()) +
                 " recording(s) near the chain have no object index and were not searched "
                 "(footage index --objects PATH adds it):" +
                 listed);
        }
        const std::vector<std::string> thumbnails = write_thumbnails(trace, args->thumbnails);
        if (global.json) {
            print_trace_json(trace, thumbnails, zone);
        } else if (!global.quiet) {
            print_trace_table(trace, thumbnails, zone);
        }
        exit_code = trace.steps.size() > 1 ? kExitSuccess : kExitNegative;
    });
}

}  // namespace footage::cli
