#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "indexers/osd/osd_camera.hpp"
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

using OsdByCamera = std::map<std::string, std::optional<indexers::osd::CameraOsd>>;

OsdByCamera osd_of(catalog::Catalog& catalog,
                   const std::vector<catalog::CameraCoverage>& cameras) {
    OsdByCamera osd;
    for (const catalog::CameraCoverage& c : cameras) {
        osd[c.camera.id] = indexers::osd::camera_osd(catalog, c.camera.id);
    }
    return osd;
}

std::string signed_duration(int64_t us) {
    return (us < 0 ? "-" : "+") + timecode::format_duration(std::abs(us));
}

// "OSD offset +2m (median of 3 recordings, drift +1.2 s/day, 1 flagged)"
std::string osd_text(const indexers::osd::CameraOsd& osd) {
    std::string text = "OSD offset " + signed_duration(osd.median_offset_us) + " (median of " +
                       std::to_string(osd.recordings) + " recording" +
                       (osd.recordings == 1 ? "" : "s");
    if (osd.drift_seconds_per_day) {
        char drift[48];
        std::snprintf(drift, sizeof drift, ", drift %+.1f s/day", *osd.drift_seconds_per_day);
        text += drift;
    }
    if (osd.flagged > 0) {
        text += ", " + std::to_string(osd.flagged) + " flagged";
    }
    return text + ")";
}

nlohmann::json to_json(const std::vector<catalog::CameraCoverage>& cameras,
                       const timecode::Zone& zone, const OsdByCamera& osd) {
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
        const std::optional<indexers::osd::CameraOsd>& measured = osd.at(c.camera.id);
        entry["osd_offset"] = nullptr;
        entry["osd_drift_per_day"] = nullptr;
        entry["osd_recordings"] = 0;
        if (measured) {
            entry["osd_offset"] = static_cast<double>(measured->median_offset_us) / 1e6;
            if (measured->drift_seconds_per_day) {
                entry["osd_drift_per_day"] = *measured->drift_seconds_per_day;
            }
            entry["osd_recordings"] = measured->recordings;
            entry["osd_flagged"] = measured->flagged;
        }
        list.push_back(std::move(entry));
    }
    return {{"cameras", list}, {"zone", zone.name()}};
}

void print_text(const std::vector<catalog::CameraCoverage>& cameras, const timecode::Zone& zone,
                bool verbose, const OsdByCamera& osd) {
    if (cameras.empty()) {
        std::cout << "no cameras in the catalog\n";
        return;
    }
    TextTable table({"CAMERA", "FILES", "FIRST", "LAST", "COVERED", "GAPS"});
    for (const catalog::CameraCoverage& c : cameras) {
        std::string gaps = std::to_string(c.gaps.size());
        if (c.camera.clock_offset_us != 0) {
            gaps += "  (clock offset " + signed_duration(c.camera.clock_offset_us) + ")";
        }
        table.add_row({c.camera.id, std::to_string(c.recordings),
                       timecode::format_time(c.first_us, zone),
                       timecode::format_time(c.last_us, zone),
                       timecode::format_duration(c.covered_us), gaps});
        if (const std::optional<indexers::osd::CameraOsd>& measured = osd.at(c.camera.id)) {
            table.add_note(osd_text(*measured) + "; declared clock offset " +
                           signed_duration(c.camera.clock_offset_us));
        }
        if (verbose || !c.gaps.empty()) {
            for (const catalog::TimeRange& gap : c.gaps) {
                table.add_note("gap " + timecode::format_time(gap.start_utc_us, zone) + " .. " +
                               timecode::format_time(gap.end_utc_us, zone) + " (" +
                               timecode::format_duration(gap.end_utc_us - gap.start_utc_us) + ")");
            }
        }
    }
    table.print(std::cout);
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
            "OFFSET (e.g. -90s, +1m30s), or `osd` to adopt the offset measured from the clock "
            "burned into the picture (index --osd); needs --camera; every later time applies "
            "it, and the custody log records the change")
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
            int64_t offset_us = 0;
            nlohmann::json how = nullptr;
            if (args->clock_offset == "osd") {
                std::optional<indexers::osd::CameraOsd> measured =
                    indexers::osd::camera_osd(catalog, selected);
                if (!measured) {
                    throw UsageError("camera " + selected +
                                     ": no OSD offset measured (index its recordings with --osd)");
                }
                offset_us = measured->median_offset_us;
                how = {{"source", "osd"},
                       {"recordings", measured->recordings},
                       {"flagged", measured->flagged}};
            } else {
                offset_us = parse_offset(args->clock_offset);
            }
            evidence::declare_clock_offset(
                catalog, selected, offset_us,
                args->operator_name.empty() ? operator_name() : args->operator_name, now_utc_us(),
                how);
        }
        std::vector<catalog::CameraCoverage> cameras = catalog::camera_coverage(catalog);
        if (!selected.empty()) {
            std::erase_if(
                cameras, [&](const catalog::CameraCoverage& c) { return c.camera.id != selected; });
        }
        if (global.json) {
            print_json(to_json(cameras, zone, osd_of(catalog, cameras)));
        } else if (!global.quiet) {
            print_text(cameras, zone, global.verbose, osd_of(catalog, cameras));
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
