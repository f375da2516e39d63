#include <iostream>

#include "cli/commands.hpp"
#include "lib/evidence/mp4_repair.hpp"
#include "lib/ingest/time_source.hpp"
#include "lib/naming/name_pattern.hpp"

namespace footage::cli {

namespace {

struct RepairArgs {
    std::string broken;
    std::string like;
    std::string out;
};

// The start the broken file's name gives (as `index` would read it), for the new file's
// creation_time: the repaired file may be named anything.
std::optional<int64_t> start_from_name(const std::string& broken, const timecode::Zone& zone) {
    const naming::NameMatcher matcher(naming::builtin_patterns());
    const std::filesystem::path path(broken);
    const ingest::Identity identity = ingest::identify(
        path, path.parent_path(), matcher, media::ProbeResult{}, ingest::Declared{}, zone);
    return identity.start_utc_us;
}

}  // namespace

void add_repair_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<RepairArgs>();
    CLI::App* command = app.add_subcommand(
        "repair", "Rebuild an MP4 cut by a power failure, using a healthy file of the camera");
    command->footer(
        "A recorder that loses power leaves an MP4 whose pictures (mdat) were written but whose\n"
        "index of them (moov) was not; players and `footage index` refuse it. repair finds the\n"
        "H.264/H.265 pictures in the mdat, takes the codec parameters, frame size and frame rate\n"
        "of HEALTHY (an MP4 of the same camera and settings) and writes them, copied as\n"
        "they are, into a new MP4. BROKEN is only read; FIXED is a derivative with its own\n"
        "SHA-256 and is never overwritten. The start time the broken file's name gives is\n"
        "written as FIXED's creation_time. With --db the custody log gains a `repair` entry\n"
        "naming both inputs and FIXED with their SHA-256; then index FIXED like any recording.\n"
        "Exit status: 0 repaired, 2 usage error or a file that cannot be repaired.\n"
        "Example: footage repair ch03_20201103140000.mp4 --like ch03_20201103130000.mp4 \\\n"
        "           --out repaired/ch03_20201103140000.mp4 --db case.db");
    command->add_option("BROKEN", args->broken, "The MP4 without its index (moov)")->required();
    command
        ->add_option("--like", args->like,
                     "A healthy MP4 of the same camera, for its codec parameters")
        ->required()
        ->type_name("HEALTHY");
    command->add_option("--out", args->out, "The repaired MP4 to write (must not exist)")
        ->required()
        ->type_name("FIXED");
    command->callback([args, &app, &global, &exit_code]() {
        const bool with_catalog = app.get_option("--db")->count() > 0;
        std::optional<catalog::Catalog> catalog;
        timecode::Zone zone =
            global.tz.empty() ? timecode::Zone::system() : timecode::Zone::parse(global.tz);
        if (with_catalog) {
            catalog.emplace(open_catalog(global, catalog::Database::Mode::read_write_create));
            zone = resolve_zone(global, *catalog);
        }
        evidence::RepairRequest request;
        request.broken = args->broken;
        request.like = args->like;
        request.out = args->out;
        request.start_utc_us = start_from_name(args->broken, zone);
        request.catalog = catalog ? &*catalog : nullptr;
        request.operator_name = operator_name();
        const evidence::RepairResult result = evidence::repair_mp4(request);
        const std::optional<int64_t>& custody_seq = result.custody_seq;

        if (global.json) {
            nlohmann::json out = evidence::repair_details(result);
            out["start"] = result.start_utc_us
                               ? nlohmann::json(timecode::format_time(*result.start_utc_us, zone))
                               : nlohmann::json();
            out["custody_seq"] = custody_seq ? nlohmann::json(*custody_seq) : nlohmann::json();
            print_json(out);
        } else if (!global.quiet) {
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%.2f", result.duration_seconds);
            std::cout << "repaired " << args->broken << " -> " << args->out << ": " << result.frames
                      << " pictures (" << seconds << " s at " << result.frame_rate << " fps, "
                      << result.keyframes << " keyframes), "
                      << (result.codec == "h264" ? "H.264 " : "H.265 ") << result.width << "x"
                      << result.height << "\n";
            if (!result.stopped.empty()) {
                std::cout << "  the rest of the mdat was not used: " << result.stopped << "\n";
                if (result.like_has_audio) {
                    std::cout << "  note: " << args->like
                              << " has an audio track; this camera's audio chunks lie between "
                                 "its pictures, and repair stops at the first one\n";
                }
            }
            std::cout << "  start "
                      << (result.start_utc_us ? timecode::format_time(*result.start_utc_us, zone) +
                                                    " (from the name), written as its creation_time"
                                              : std::string("unknown: declare it when indexing "
                                                            "(index --start)"))
                      << "\n  sha256 " << result.repaired.sha256 << "  " << args->out << "\n";
            if (custody_seq) {
                std::cout << "  custody log entry " << *custody_seq << "\n";
            }
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
