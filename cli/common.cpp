#include "cli/common.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace footage::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("--db", options.db, "Catalog file (default ./footage.db)")
        ->envname("FOOTAGE_DB")
        ->type_name("PATH");
    app.add_option("--tz", options.tz,
                   "Zone for times without an offset: IANA name (Asia/Ho_Chi_Minh) or +07:00")
        ->type_name("ZONE");
    app.add_option("--date-order", options.date_order,
                   "How to read dates like 3/11/2020: dmy (3 November) or mdy (11 March); "
                   "index stores it in the catalog")
        ->check(CLI::IsMember({"dmy", "mdy"}))
        ->type_name("dmy|mdy");
    app.add_flag("--json", options.json, "Print one JSON object instead of text");
    app.add_flag("-q,--quiet", options.quiet, "Print only errors");
    app.add_flag("-v,--verbose", options.verbose, "Print more detail");
}

catalog::Catalog open_catalog(const GlobalOptions& options, catalog::Database::Mode mode) {
    return catalog::Catalog::open(options.db, mode);
}

timecode::Zone resolve_zone(const GlobalOptions& options, catalog::Catalog& catalog) {
    if (!options.tz.empty()) {
        return timecode::Zone::parse(options.tz);
    }
    if (std::optional<std::string> stored = catalog.setting("zone")) {
        return timecode::Zone::parse(*stored);
    }
    return timecode::Zone::system();
}

timecode::DateOrder resolve_date_order(const GlobalOptions& options, catalog::Catalog& catalog) {
    std::string order = options.date_order;
    if (order.empty()) {
        order = catalog.setting("date_order").value_or("");
    }
    if (order == "dmy") {
        return timecode::DateOrder::dmy;
    }
    if (order == "mdy") {
        return timecode::DateOrder::mdy;
    }
    return timecode::DateOrder::unknown;
}

void print_json(const nlohmann::json& value) {
    std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void warn(const std::string& message) { std::cerr << "footage: " << message << '\n'; }

std::string format_bytes(uint64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000.0 && unit < 4) {
        value /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

std::string operator_name() {
    const char* user = std::getenv("USER");
    if (user != nullptr && *user != '\0') {
        return user;
    }
    return "uid " + std::to_string(::getuid());
}

}  // namespace footage::cli
