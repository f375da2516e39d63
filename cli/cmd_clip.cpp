#include <iostream>

#include "cli/commands.hpp"
#include "indexers/motion/events.hpp"
#include "lib/catalog/camera_select.hpp"
#include "lib/evidence/clip.hpp"
#include "lib/evidence/signer.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/search/hit_lookup.hpp"
#include "lib/search/region.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct ClipArgs {
    std::string hit;
    std::string camera;
    std::string from;
    std::string to;
    std::string pad;
    std::string out = ".";
    std::string case_number;
    std::string operator_name;
    std::string organization;
    std::string note;
    std::string sign;
    bool exact = false;
    std::vector<std::string> regions;  // the search's, for checking a motion hit's ID
    int32_t sensitivity = indexers::motion::kDefaultSensitivity;
};

// "14:05:03 (4.6 s) ch03@..." for the hits nearest a mistyped ID.
std::string nearest_list(const std::vector<search::Hit>& hits, const timecode::Zone& zone) {
    std::string text;
    for (const search::Hit& hit : hits) {
        text += "\n  " + hit.id + "  (" + timecode::format_time(hit.start_utc_us, zone) + ", " +
                timecode::format_duration(hit.end_utc_us - hit.start_utc_us) + ")";
    }
    return text;
}

// The range of the hit --hit names, found with the same --region and --sensitivity.
void range_of_hit(catalog::Catalog& catalog, const ClipArgs& args, const timecode::Zone& zone,
                  evidence::ClipRequest& request) {
    if (!args.camera.empty() || !args.from.empty() || !args.to.empty()) {
        throw UsageError("give --hit, or --camera with --from and --to, not both");
    }
    search::Query shape;
    for (const std::string& region : args.regions) {
        shape.regions.push_back(search::parse_region(region));
    }
    shape.filters["sensitivity"] = args.sensitivity;
    search::HitLookup lookup = search::find_hit(catalog, args.hit, shape);
    if (!lookup.found) {
        throw UsageError("\"" + lookup.id + "\" is not a hit of this catalog" +
                         (lookup.key.tag.empty()
                              ? " (motion hits depend on the search's --region and "
                                "--sensitivity: give clip the same ones)"
                              : "") +
                         (lookup.nearest.empty()
                              ? std::string("; camera ") + lookup.key.camera_id +
                                    " has no hit within an hour of it"
                              : "; the nearest hits are:" + nearest_list(lookup.nearest, zone)) +
                         "\nTo cut a plain time range instead: --camera " + lookup.key.camera_id +
                         " --from T --to T");
    }
    request.camera_id = lookup.key.camera_id;
    request.from_utc_us = lookup.key.start_utc_us;
    request.to_utc_us = lookup.key.end_utc_us;
    request.hit_id = lookup.id;
}

// The range --camera, --from and --to name.
void range_of_times(catalog::Catalog& catalog, const ClipArgs& args, const GlobalOptions& global,
                    const timecode::Zone& zone, evidence::ClipRequest& request) {
    if (!args.regions.empty() || args.sensitivity != indexers::motion::kDefaultSensitivity) {
        throw UsageError("--region and --sensitivity go with --hit");
    }
    if (args.camera.empty() || args.from.empty() || args.to.empty()) {
        throw UsageError("say what to cut: --hit ID, or --camera ID --from T --to T");
    }
    request.camera_id = catalog::select_camera(catalog.cameras(), args.camera);
    timecode::DateOrder order = resolve_date_order(global, catalog);
    request.from_utc_us = timecode::parse_time(args.from, zone, order);
    request.to_utc_us = timecode::parse_time(args.to, zone, order);
}

void print_result(const evidence::ClipRequest& request, const evidence::ClipResult& result,
                  const GlobalOptions& global, const timecode::Zone& zone) {
    if (global.json) {
        nlohmann::json segments = nlohmann::json::array();
        for (const evidence::ClipSegment& segment : result.segments) {
            segments.push_back({{"file", segment.file},
                                {"source", segment.source},
                                {"start", timecode::format_time(segment.actual_start_utc_us, zone)},
                                {"end", timecode::format_time(segment.actual_end_utc_us, zone)},
                                {"packets", segment.packets}});
        }
        print_json({{"bag", result.bag.string()},
                    {"requested",
                     {{"start", timecode::format_time(request.from_utc_us, zone)},
                      {"end", timecode::format_time(request.to_utc_us, zone)}}},
                    {"clips", segments},
                    {"tagmanifest_sha256", result.tagmanifest_sha256},
                    {"custody_seq", result.custody_seq}});
    } else if (!global.quiet) {
        std::cout << result.bag.string() << "\n";
        for (const evidence::ClipSegment& segment : result.segments) {
            std::cout << "  " << segment.file << "  "
                      << timecode::format_time(segment.actual_start_utc_us, zone) << " .. "
                      << timecode::format_time(segment.actual_end_utc_us, zone) << "  ("
                      << segment.packets << " packets from " << segment.source << ")\n";
        }
        std::cout << "tag manifest SHA-256 " << result.tagmanifest_sha256 << "; custody log entry "
                  << result.custody_seq << "\n";
    }
}

}  // namespace

void add_clip_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<ClipArgs>();
    CLI::App* command = app.add_subcommand(
        "clip", "Cut an evidentiary clip, bit for bit from the original, into a BagIt package");
    command->footer(
        "The clip is a stream copy: it starts at the keyframe at or before the start so it\n"
        "decodes, and manifest.json records the requested and the actual range. A range over\n"
        "several recordings gives one clip per recording, in order. Each source is hashed again\n"
        "first and must match the catalog. The package is <OUT>/<case>_<camera>_<start>/:\n"
        "bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt,\n"
        "tagmanifest-sha256.txt and data/ (clips, manifest.json, packets.csv, custody.jsonl).\n"
        "Exit status: 0 made, 2 usage error, a --hit ID that is not a hit of the catalog (the\n"
        "nearest hits are named), no recording in range, or a changed source.\n"
        "Example: footage clip --hit 'ch01@20201103T070503.200Z+4600ms' --pad 5s \\\n"
        "           --case 2026-114 --operator 'Sgt. Tran' --out /media/evidence");
    command
        ->add_option("--hit", args->hit,
                     "The hit to cut, as `footage search` printed its id; it must be a hit of "
                     "the catalog")
        ->type_name("ID");
    command
        ->add_option("--region", args->regions,
                     "With --hit: the --region of the search that printed the ID (motion hits "
                     "depend on it)")
        ->type_name("x,y,w,h");
    command
        ->add_option("--sensitivity", args->sensitivity,
                     "With --hit: the --sensitivity of the search that printed the ID")
        ->check(CLI::Range(1, 10))
        ->type_name("N");
    command->add_option("--camera", args->camera, "The camera (with --from and --to)")
        ->type_name("ID");
    command->add_option("--from", args->from, "Start (ISO 8601, in --tz)")->type_name("T");
    command->add_option("--to", args->to, "End")->type_name("T");
    command->add_option("--pad", args->pad, "Widen the range by D on both sides")->type_name("D");
    command->add_option("--out", args->out, "Where the package is made (default: here)")
        ->type_name("DIR");
    command->add_option("--case", args->case_number, "Case number (bag-info External-Identifier)")
        ->type_name("NUMBER");
    command->add_option("--operator", args->operator_name, "Who cuts the clip (default: $USER)")
        ->type_name("NAME");
    command->add_option("--organization", args->organization, "bag-info Source-Organization")
        ->type_name("NAME");
    command->add_option("--note", args->note, "Why the clip is made, for the manifest and log")
        ->type_name("TEXT");
    command->add_option("--sign", args->sign, "Sign the tag manifest with this secret key (keygen)")
        ->type_name("KEY");
    command->add_flag("--exact", args->exact,
                      "Re-encode (H.264, libx264 CRF 18) to start and end on the exact frames; the "
                      "clip is then a derivative, and the manifest says so");

    command->callback([args, &global, &exit_code]() {
        catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_write_create);
        timecode::Zone zone = resolve_zone(global, catalog);
        evidence::ClipRequest request;
        if (!args->hit.empty()) {
            range_of_hit(catalog, *args, zone, request);
        } else {
            range_of_times(catalog, *args, global, zone, request);
        }
        if (!args->pad.empty()) {
            int64_t pad = timecode::parse_duration(args->pad);
            request.from_utc_us -= pad;
            request.to_utc_us += pad;
        }
        request.out_dir = args->out;
        request.case_number = args->case_number;
        request.operator_name = args->operator_name.empty() ? operator_name() : args->operator_name;
        request.organization = args->organization;
        request.note = args->note;
        request.command_line = global.command_line;
        request.exact = args->exact;
        if (!args->sign.empty()) {
            request.signer = evidence::minisign_signer(args->sign);
        }
        evidence::ClipResult result = evidence::make_clip(catalog, request, zone);
        print_result(request, result, global, zone);
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
