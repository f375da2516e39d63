#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "indexers/motion/motion_store.hpp"
#include "indexers/osd/osd_store.hpp"
#include "lib/catalog/camera_select.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/ingest/time_source.hpp"
#include "lib/timecode/time.hpp"

namespace footage::cli {

namespace {

// What the OSD indexer read, for a recording it read a clock in; null otherwise.
nlohmann::json osd_json(const std::optional<indexers::osd::OsdRecord>& osd) {
    if (!osd || !osd->found) {
        return nullptr;
    }
    timecode::Zone shown = timecode::Zone::parse(osd->zone);
    int outliers = 0;
    for (const indexers::osd::OsdReading& r : osd->readings) {
        outliers += r.outlier ? 1 : 0;
    }
    nlohmann::json j = {
        {"start", timecode::format_time(shown.local_to_utc(osd->osd_at_zero_us), shown)},
        {"offset", osd->offset_us ? nlohmann::json(static_cast<double>(*osd->offset_us) / 1e6)
                                  : nlohmann::json(nullptr)},
        {"readings", osd->readings.size()},
        {"outliers", outliers},
        {"format", osd->format},
        {"flags", osd->flags},
        {"rate", osd->rate},
        {"region", {osd->region_x, osd->region_y, osd->region_w, osd->region_h}}};
    if (!osd->alternative_format.empty()) {
        j["alternative_format"] = osd->alternative_format;
    }
    return j;
}

// The part of the picture motion ignores: a burned-in clock's line, or null.
std::optional<media::Box> clock_line(catalog::Catalog& catalog, int64_t recording_id) {
    std::optional<indexers::motion::MotionMeta> meta =
        indexers::motion::load_meta(catalog, recording_id);
    return meta ? meta->clock_line : std::nullopt;
}

nlohmann::json ignored_json(const std::optional<media::Box>& line) {
    if (!line) {
        return nullptr;
    }
    return {{"what", "clock"}, {"box", {line->x, line->y, line->w, line->h}}};
}

std::string ignored_line(const std::optional<media::Box>& line) {
    if (!line) {
        return "";
    }
    char text[160];
    std::snprintf(text, sizeof text,
                  "motion ignores the clock burned into the picture: x %.0f-%.0f%%, y %.0f-%.0f%% "
                  "of the frame",
                  100 * line->x, 100 * (line->x + line->w), 100 * line->y,
                  100 * (line->y + line->h));
    return text;
}

// One line for -v: what the OSD showed and how it compares with the catalogued start.
std::string osd_line(const std::optional<indexers::osd::OsdRecord>& osd) {
    if (!osd) {
        return "";
    }
    if (!osd->found) {
        return "OSD not read: " + osd->failure;
    }
    nlohmann::json j = osd_json(osd);
    std::string line = "OSD " + j["start"].get<std::string>() + " at the first frame (" +
                       osd->format + ")";
    if (osd->offset_us) {
        char offset[48];
        std::snprintf(offset, sizeof offset, ", %+.1f s from the catalogued start",
                      static_cast<double>(*osd->offset_us) / 1e6);
        line += offset;
    }
    line += ", " + std::to_string(osd->readings.size()) + " readings";
    for (const std::string& flag : osd->flags) {
        line += ", " + flag;
    }
    return line;
}

nlohmann::json to_json(const catalog::RecordingRow& r, const catalog::CameraRow* camera,
                       const timecode::Zone& zone, const std::vector<std::string>& other_paths) {
    nlohmann::json entry = {{"id", r.id},
                            {"path", r.path},
                            {"status", r.status},
                            {"size", r.size},
                            {"sha256", r.sha256},
                            {"container", r.container},
                            {"codec", r.codec},
                            {"width", r.width},
                            {"height", r.height},
                            {"frame_rate", r.frame_rate},
                            {"duration", static_cast<double>(r.duration_us) / 1e6},
                            {"time_source", r.time_source},
                            {"time_zone", r.zone},
                            {"indexers", r.indexers}};
    entry["camera"] = r.camera_id ? nlohmann::json(*r.camera_id) : nlohmann::json(nullptr);
    if (r.start_recorder_us && camera != nullptr) {
        catalog::TimeRange range = catalog::wall_range(r, *camera);
        entry["start"] = timecode::format_time(range.start_utc_us, zone);
        entry["end"] = timecode::format_time(range.end_utc_us, zone);
    } else {
        entry["start"] = nullptr;
        entry["end"] = nullptr;
    }
    if (!r.error.empty()) {
        entry["error"] = r.error;
    }
    entry["other_paths"] = other_paths;
    std::string rule = ingest::local_time_rule(r.time_source);
    entry["local_time_rule"] = rule.empty() ? nlohmann::json(nullptr) : nlohmann::json(rule);
    return entry;
}

}  // namespace

void add_recordings_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto camera_spec = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand(
        "recordings", "Recordings in the catalog: camera, wall-clock times, SHA-256, status");
    command->add_option("--camera", *camera_spec, "Only this camera (3, 03, ch03 or a full ID)")
        ->type_name("ID");

    command->callback([camera_spec, &global, &exit_code]() {
        catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_only);
        timecode::Zone zone = resolve_zone(global, catalog);
        std::map<std::string, catalog::CameraRow> cameras;
        std::vector<catalog::CameraRow> camera_rows = catalog.cameras();
        for (const catalog::CameraRow& camera : camera_rows) {
            cameras[camera.id] = camera;
        }
        std::optional<std::string> selected;
        if (!camera_spec->empty()) {
            selected = catalog::select_camera(camera_rows, *camera_spec);
        }
        std::vector<catalog::RecordingRow> rows = catalog.recordings(selected);
        auto camera_of = [&](const catalog::RecordingRow& r) -> const catalog::CameraRow* {
            if (!r.camera_id) {
                return nullptr;
            }
            auto it = cameras.find(*r.camera_id);
            return it == cameras.end() ? nullptr : &it->second;
        };
        if (global.json) {
            nlohmann::json list = nlohmann::json::array();
            for (const catalog::RecordingRow& r : rows) {
                nlohmann::json entry = to_json(r, camera_of(r), zone, catalog.aliases(r.id));
                std::optional<indexers::osd::OsdRecord> osd =
                    indexers::osd::load_osd(catalog, r.id, true);
                entry["osd"] = osd_json(osd);
                entry["motion_ignored"] = ignored_json(clock_line(catalog, r.id));
                if (osd && !osd->found) {
                    entry["osd_failure"] = osd->failure;
                }
                list.push_back(entry);
            }
            print_json({{"recordings", list}, {"zone", zone.name()}});
        } else if (!global.quiet) {
            TextTable table({"CAMERA", "START", "DURATION", "STATUS", "SHA-256", "PATH"});
            for (const catalog::RecordingRow& r : rows) {
                const catalog::CameraRow* camera = camera_of(r);
                std::string start = "-";
                if (r.start_recorder_us && camera != nullptr) {
                    start =
                        timecode::format_time(catalog::wall_range(r, *camera).start_utc_us, zone);
                }
                table.add_row({r.camera_id.value_or("-"), start,
                               timecode::format_duration(r.duration_us), r.status,
                               r.sha256.substr(0, 16), r.path});
                for (const std::string& other : catalog.aliases(r.id)) {
                    table.add_note("also at " + other + " (the same file)");
                }
                if (r.status != "ok" || global.verbose) {
                    if (!r.error.empty()) {
                        table.add_note(r.error);
                    }
                    if (global.verbose) {
                        table.add_note(r.container + " " + r.codec + " " + std::to_string(r.width) +
                                       "x" + std::to_string(r.height) + " time from " +
                                       r.time_source);
                        std::string rule = ingest::local_time_rule(r.time_source);
                        if (!rule.empty()) {
                            table.add_note("DST: " + rule);
                        }
                        std::string osd = osd_line(indexers::osd::load_osd(catalog, r.id, true));
                        if (!osd.empty()) {
                            table.add_note(osd);
                        }
                        std::string ignored = ignored_line(clock_line(catalog, r.id));
                        if (!ignored.empty()) {
                            table.add_note(ignored);
                        }
                    }
                }
            }
            if (!rows.empty()) {
                table.print(std::cout);
            }
            if (rows.empty()) {
                std::cout << "no recordings\n";
            }
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
