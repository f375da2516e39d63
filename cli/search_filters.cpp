#include "cli/search_filters.hpp"

#include <cmath>

#include "lib/catalog/camera_select.hpp"
#include "lib/search/region.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

void add_search_filter_options(CLI::App& command, SearchFilterArgs& args) {
    command
        .add_option("--camera", args.cameras,
                    "Only this camera (3, 03, ch03 or a full ID); repeatable")
        ->type_name("ID");
    command.add_option("--from", args.from, "Only motion ending after this time")->type_name("T");
    command.add_option("--to", args.to, "Only motion starting before this time")->type_name("T");
    command
        .add_option("--region", args.regions,
                    "Only motion inside x,y,w,h (fractions of the frame, 0..1); repeatable, "
                    "any region counts")
        ->type_name("X,Y,W,H");
    command.add_option("--min-duration", args.min_duration, "Only motion lasting at least D")
        ->type_name("D");
    command.add_option("--limit", args.limit, "At most N hits (the earliest), N from 1 to 1000000")
        ->check(CLI::Range(1, 1'000'000))
        ->type_name("N");
    command
        .add_option("--object", args.object,
                    "Objects of this COCO class instead of motion: person, car, motorcycle, "
                    "bicycle, bus, truck, ... (needs index --objects)")
        ->type_name("CLASS");
    command
        .add_option("--min-confidence", args.min_confidence,
                    "Only objects the detector was at least this sure of, 0..1; default per class: "
                    "person and bus 0.4, other vehicles 0.3, others 0.5")
        ->check(CLI::Range(0.0, 1.0))
        ->type_name("P");
    command
        .add_option("--color", args.color,
                    "Only objects of this dominant colour: black, white, grey, red, orange, "
                    "yellow, green, blue, purple, brown")
        ->type_name("NAME");
}

search::Query search_query(const SearchFilterArgs& args, catalog::Catalog& catalog,
                           const timecode::Zone& zone, timecode::DateOrder order) {
    if (order == timecode::DateOrder::unknown) {
        std::string stored = catalog.setting("date_order").value_or("");
        order = stored == "dmy"   ? timecode::DateOrder::dmy
                : stored == "mdy" ? timecode::DateOrder::mdy
                                  : timecode::DateOrder::unknown;
    }
    search::Query query;
    std::vector<catalog::CameraRow> cameras = catalog.cameras();
    for (const std::string& spec : args.cameras) {
        query.cameras.push_back(catalog::select_camera(cameras, spec));
    }
    if (!args.from.empty()) {
        query.from_us = timecode::parse_time(args.from, zone, order);
    }
    if (!args.to.empty()) {
        query.to_us = timecode::parse_time(args.to, zone, order);
    }
    for (const std::string& region : args.regions) {
        query.regions.push_back(search::parse_region(region));
    }
    if (!args.min_duration.empty()) {
        query.min_duration_us = timecode::parse_duration(args.min_duration);
    }
    if (args.limit > 0) {
        query.limit = args.limit;
    }
    if (!args.object.empty()) {
        query.object = args.object;
    }
    // NaN passes CLI11's range check.
    if (args.min_confidence && !std::isfinite(*args.min_confidence)) {
        throw UsageError("--min-confidence " + std::to_string(*args.min_confidence) +
                         ": expected a number from 0 to 1");
    }
    query.min_confidence = args.min_confidence;
    if (!args.color.empty()) {
        query.color = args.color;
    }
    return query;
}

}  // namespace footage::cli
