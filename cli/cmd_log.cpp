#include <iostream>

#include "cli/commands.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

void add_log_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto verify = std::make_shared<bool>(false);
    CLI::App* command = app.add_subcommand(
        "log", "The custody log: every acquisition, clip and verification, hash-chained");
    command->footer(
        "Each entry holds the SHA-256 of the one before it; --verify recomputes the chain and\n"
        "names the first entry that was altered, removed or reordered, and checks that every\n"
        "catalogued recording has its acquisition entry and every clip its clip entry (entries\n"
        "cut off at the end leave a chain that holds by itself).\n"
        "Exit status: 0 (with --verify: the chain holds), 1 the chain is broken, 2 usage error.");
    command->add_flag("--verify", *verify, "Check the hash chain");

    command->callback([verify, &global, &exit_code]() {
        catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_only);
        timecode::Zone zone = resolve_zone(global, catalog);
        std::vector<evidence::CustodyEntry> entries = evidence::custody_log(catalog);
        std::optional<evidence::ChainBreak> broken;
        std::vector<std::string> gaps;
        if (*verify) {
            broken = evidence::check_chain(entries);
            gaps = evidence::custody_gaps(catalog, entries);
        }
        if (global.json) {
            nlohmann::json list = nlohmann::json::array();
            for (const evidence::CustodyEntry& entry : entries) {
                nlohmann::json item = entry.to_json();
                item["time"] = timecode::format_time(entry.time_us, zone);
                list.push_back(item);
            }
            nlohmann::json out = {{"entries", list}};
            if (*verify) {
                out["chain_intact"] = !broken.has_value() && gaps.empty();
                out["missing_entries"] = gaps;
                if (broken) {
                    out["first_broken"] = {{"seq", broken->seq}, {"reason", broken->reason}};
                }
            }
            print_json(out);
        } else {
            if (!*verify || !global.quiet) {
                for (const evidence::CustodyEntry& entry : entries) {
                    std::cout << entry.seq << "  " << timecode::format_time(entry.time_us, zone)
                              << "  " << entry.action << "  " << entry.operator_name << "@"
                              << entry.host << "  " << entry.details.dump() << "\n";
                }
            }
            if (*verify) {
                for (const std::string& gap : gaps) {
                    std::cout << "MISSING  " << gap << "\n";
                }
                if (broken) {
                    std::cout << "BROKEN at entry " << broken->seq << ": " << broken->reason
                              << "\n";
                } else if (!gaps.empty()) {
                    std::cout << "BROKEN: " << gaps.size()
                              << " catalogued item(s) without their custody entry (entries cut "
                                 "off or removed)\n";
                } else {
                    std::cout << "chain intact: " << entries.size() << " entries\n";
                }
            }
        }
        exit_code = broken || !gaps.empty() ? kExitNegative : kExitSuccess;
    });
}

}  // namespace footage::cli
