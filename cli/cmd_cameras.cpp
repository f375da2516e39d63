#include <cstdlib>
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "lib/catalog/camera_select.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/evidence/clock_offset.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct CamerasArgs {
    std::string camera;
    std::string clock_offset;
    std::string operator_name;
};

// "+90s", "-1m30s", "90" -> signed microseconds.
int64_t parse_offset(const std::string& text) {
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        int64_t magnitude = timecode::parse_duration(text.substr(1));
        return text[0] == '-' ? -magnitude : magnitude;
    }
    return timecode::parse_duration(text);
}

nlohmann::json to_json(const std::vector<catalog::CameraCoverage>& cameras,
                       const timecode::Zone& zone) {
    nlohmann::json list = nlohmann::json::array();
    for (const catalog::CameraCoverage& c : cameras) {
        nlohmann::json gaps = nlohmann::json::array();
        for (const catalog::TimeRange& gap : c.gaps) {
            gaps.push_back(
                {{"start", timecode::format_time(gap.start_utc_us, zone)},
                 {"end", timecode::format_time(gap.end_utc_us, zone)},
                 {"seconds", static_cast<double>(gap.end_utc_us - gap.start_utc_us) / 1e6}});
        }
        nlohmann::json entry = {
            {"id", c.camera.id},
            {"recorder", c.camera.recorder},
            {"recordings", c.recordings},
            {"first", timecode::format_time(c.first_us, zone)},
            {"last", timecode::format_time(c.last_us, zone)},
            {"covered_seconds", static_cast<double>(c.covered_us) / 1e6},
            {"clock_offset_seconds", static_cast<double>(c.camera.clock_offset_us) / 1e6},
            {"gaps", gaps}};
        entry["channel"] =
            c.camera.channel ? nlohmann::json(*c.camera.channel) : nlohmann::json(nullptr);
        list.push_back(std::move(entry));
    }
    return {{"cameras", list}, {"zone", zone.name()}};
}

void print_text(const std::vector<catalog::CameraCoverage>& cameras, const timecode::Zone& zone,
                bool verbose) {
    if (cameras.empty()) {
        std::cout << "no cameras in the catalog\n";
        return;
    }
    std::cout << std::left << std::setw(22) << "CAMERA" << std::setw(6) << "FILES" << std::setw(27)
              << "FIRST" << std::setw(27) << "LAST" << std::setw(11) << "COVERED"
              << "GAPS\n";
    for (const catalog::CameraCoverage& c : cameras) {
        std::cout << std::left << std::setw(22) << c.camera.id << std::setw(6) << c.recordings
                  << std::setw(27) << timecode::format_time(c.first_us, zone) << std::setw(27)
                  << timecode::format_time(c.last_us, zone) << std::setw(11)
                  << timecode::format_duration(c.covered_us) << c.gaps.size();
        if (c.camera.clock_offset_us != 0) {
            std::cout << "  (clock offset " << (c.camera.clock_offset_us < 0 ? "-" : "+")
                      << timecode::format_duration(std::abs(c.camera.clock_offset_us)) << ")";
        }
        std::cout << '\n';
        if (verbose || !c.gaps.empty()) {
            for (const catalog::TimeRange& gap : c.gaps) {
                std::cout << "    gap " << timecode::format_time(gap.start_utc_us, zone) << " .. "
                          << timecode::format_time(gap.end_utc_us, zone) << " ("
                          << timecode::format_duration(gap.end_utc_us - gap.start_utc_us) << ")\n";
            }
        }
    }
}

}  // namespace

void add_cameras_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<CamerasArgs>();
    CLI::App* command = app.add_subcommand(
        "cameras", "Cameras with recordings: covered time and the gaps between recordings");
    command->add_option("--camera", args->camera, "Only this camera (3, 03, ch03 or a full ID)")
        ->type_name("ID");
    command
        ->add_option(
            "--clock-offset", args->clock_offset,
            "Declare how far the camera's clock is off: true time = recorder time + "
            "OFFSET (e.g. -90s, +1m30s); needs --camera; every later time applies it, and the "
            "custody log records the change")
        ->type_name("OFFSET");
    command
        ->add_option("--operator", args->operator_name,
                     "Who declares the clock offset, for the custody log (default: $USER)")
        ->type_name("NAME");

    command->callback([args, &global, &exit_code]() {
        bool writing = !args->clock_offset.empty();
        if (writing && args->camera.empty()) {
            throw UsageError("--clock-offset needs --camera ID");
        }
        catalog::Catalog catalog =
            open_catalog(global, writing ? catalog::Database::Mode::read_write_create
                                         : catalog::Database::Mode::read_only);
        timecode::Zone zone = resolve_zone(global, catalog);
        std::string selected;
        if (!args->camera.empty()) {
            selected = catalog::select_camera(catalog.cameras(), args->camera);
        }
        if (writing) {
            evidence::declare_clock_offset(
                catalog, selected, parse_offset(args->clock_offset),
                args->operator_name.empty() ? operator_name() : args->operator_name, now_utc_us());
        }
        std::vector<catalog::CameraCoverage> cameras = catalog::camera_coverage(catalog);
        if (!selected.empty()) {
            std::erase_if(
                cameras, [&](const catalog::CameraCoverage& c) { return c.camera.id != selected; });
        }
        if (global.json) {
            print_json(to_json(cameras, zone));
        } else if (!global.quiet) {
            print_text(cameras, zone, global.verbose);
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
