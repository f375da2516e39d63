#include <iomanip>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.hpp"
#include "lib/catalog/camera_select.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/ingest/time_source.hpp"
#include "lib/timecode/time.hpp"

namespace footage::cli {

namespace {

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
                list.push_back(to_json(r, camera_of(r), zone, catalog.aliases(r.id)));
            }
            print_json({{"recordings", list}, {"zone", zone.name()}});
        } else if (!global.quiet) {
            for (const catalog::RecordingRow& r : rows) {
                const catalog::CameraRow* camera = camera_of(r);
                std::string start = "-";
                if (r.start_recorder_us && camera != nullptr) {
                    start =
                        timecode::format_time(catalog::wall_range(r, *camera).start_utc_us, zone);
                }
                std::cout << std::left << std::setw(20) << r.camera_id.value_or("-")
                          << std::setw(27) << start << std::setw(10)
                          << timecode::format_duration(r.duration_us) << std::setw(5) << r.status
                          << r.sha256.substr(0, 16) << "  " << r.path << '\n';
                for (const std::string& other : catalog.aliases(r.id)) {
                    std::cout << "    also at " << other << " (the same file)\n";
                }
                if (r.status != "ok" || global.verbose) {
                    if (!r.error.empty()) {
                        std::cout << "    " << r.error << '\n';
                    }
                    if (global.verbose) {
                        std::cout << "    " << r.container << " " << r.codec << " " << r.width
                                  << "x" << r.height << " time from " << r.time_source << '\n';
                        std::string rule = ingest::local_time_rule(r.time_source);
                        if (!rule.empty()) {
                            std::cout << "    DST: " << rule << '\n';
                        }
                    }
                }
            }
            if (rows.empty()) {
                std::cout << "no recordings\n";
            }
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
