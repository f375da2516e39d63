#pragma once
// What every subcommand shares: global options, opening the catalog, printing.
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "lib/catalog/catalog.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::cli {

enum ExitCode : int {
    kExitSuccess = 0,
    kExitNegative = 1,  // search found nothing, verify found a mismatch, index skipped files
    kExitUsage = 2,     // bad flag, unreadable catalog
    kExitBug = 70,
};

struct GlobalOptions {
    std::string db = "footage.db";
    std::string tz;  // empty: the catalog's zone, else the system's
    std::string date_order;  // "dmy", "mdy" or empty: the catalog's, else ISO dates only
    bool json = false;
    bool quiet = false;
    bool verbose = false;
    std::string command_line;  // as typed, for manifests
};

// Adds --db, --tz, --json, -q, -v to `app` (subcommands inherit them through fallthrough).
void add_global_options(CLI::App& app, GlobalOptions& options);

catalog::Catalog open_catalog(const GlobalOptions& options, catalog::Database::Mode mode);

// The zone times are read and printed in: --tz, else the catalog's, else the system's.
timecode::Zone resolve_zone(const GlobalOptions& options, catalog::Catalog& catalog);

// How to read 3/11/2020: --date-order, else the catalog's (stored by index), else not at all.
timecode::DateOrder resolve_date_order(const GlobalOptions& options, catalog::Catalog& catalog);

void print_json(const nlohmann::json& value);

// Diagnostics go to stderr, prefixed "footage: ".
void warn(const std::string& message);

std::string format_bytes(uint64_t bytes);

// Who is running footage, for the custody log: $USER, else the numeric user ID.
std::string operator_name();

}  // namespace footage::cli
