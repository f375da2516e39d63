#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/search_filters.hpp"
#include "indexers/objects/trace.hpp"
#include "lib/report/report_writer.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct ReportArgs {
    std::string out;
    SearchFilterArgs filters;
    std::string case_number;
    std::string operator_name;
    std::string pubkey;
    std::string trace;
    std::string within = "10m";
    double min_similarity = indexers::objects::kTraceFloor;
    int32_t steps = 20;
    bool backward = false;
};

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<ReportArgs>();
    CLI::App* command = app.add_subcommand(
        "report", "Write the case file: index.html with pictures and report.json, for print");
    command->footer(
        "DIR gets index.html (self-contained: opens in any browser, no network), report.json\n"
        "(the same facts; docs/report.schema.json) and images/: a coverage chart per camera,\n"
        "and per hit a thumbnail and a contact sheet of frames across the event. Hits are\n"
        "found exactly as `footage search` finds them with the same filters. The evidence\n"
        "bags of --case (every bag when no --case is given) are verified again and listed with\n"
        "their SHA-256s and signatures (checked with --pubkey); each camera's clock offset\n"
        "says who declared it and when; the custody log follows as a table. The report is\n"
        "written to DIR.partial and renamed when complete; an existing DIR is never\n"
        "overwritten. The custody log gains an `export` entry with the SHA-256 of report.json.\n"
        "Exit status: 0 report written (also when nothing matched), 2 usage or environment\n"
        "error (DIR exists, catalog unreadable).\n"
        "Example: footage report --out case-2026-114 --case 2026-114 --camera 3 \\\n"
        "           --from '2020-11-03 14:00' --to '2020-11-03 15:00' --operator 'Sgt. Tran'");
    command->add_option("--out", args->out, "The folder to create")->required()->type_name("DIR");
    add_search_filter_options(*command, args->filters);
    command
        ->add_option("--case", args->case_number,
                     "Case number: titles the report and selects its bags (clip --case)")
        ->type_name("NUMBER");
    command->add_option("--operator", args->operator_name, "Who makes the report (default: $USER)")
        ->type_name("NAME");
    command
        ->add_option("--pubkey", args->pubkey,
                     "Check the bags' signatures against this public key (keygen's KEY.pub)")
        ->type_name("KEY.pub");

    CLI::Option* trace_option =
        command
            ->add_option("--trace", args->trace,
                         "Add a trace of this object hit (footage trace): its chain as a contact "
                         "sheet, a timeline and a table")
            ->type_name("HIT_ID");
    command
        ->add_option("--within", args->within,
                     "With --trace: at most D from one step's end to the next's start (default "
                     "10m)")
        ->type_name("D")
        ->needs(trace_option);
    command
        ->add_option("--min-similarity", args->min_similarity,
                     "With --trace: the floor of similarity, 0..1 (default 0.8)")
        ->type_name("S")
        ->needs(trace_option);
    command
        ->add_option("--steps", args->steps, "With --trace: at most N steps each way (default 20)")
        ->type_name("N")
        ->needs(trace_option);
    command->add_flag("--backward", args->backward, "With --trace: also follow it back in time")
        ->needs(trace_option);

    command->callback([args, &global, &exit_code]() {
        if (!std::filesystem::exists(global.db)) {
            throw UsageError(global.db + ": no catalog here (run footage index first, or --db)");
        }
        catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_write_create);
        timecode::Zone zone = resolve_zone(global, catalog);
        report::ReportRequest request;
        request.query = search_query(args->filters, catalog, zone, resolve_date_order(global, catalog));
        request.case_number = args->case_number;
        request.operator_name = args->operator_name.empty() ? operator_name() : args->operator_name;
        request.command_line = global.command_line;
        if (!args->pubkey.empty()) {
            if (!std::filesystem::is_regular_file(args->pubkey)) {
                throw UsageError(args->pubkey + ": no such public key file");
            }
            request.public_key = args->pubkey;
        }
        if (!args->trace.empty()) {
            search::TraceQuery trace;
            trace.start_id = args->trace;
            trace.cameras = request.query.cameras;
            trace.within_us = timecode::parse_duration(args->within);
            trace.min_similarity = args->min_similarity;
            trace.max_steps = args->steps;
            trace.backward = args->backward;
            request.trace = indexers::objects::trace(catalog, trace);
        }
        report::ReportResult result = report::write_report(catalog, request, args->out, zone);

        if (result.pictures_missing > 0 && !global.quiet) {
            warn(std::to_string(result.pictures_missing) +
                 " hit(s) have no thumbnail or contact sheet; the report says why");
        }
        if (global.json) {
            print_json({{"report", result.dir.string()},
                        {"index_html", (result.dir / "index.html").string()},
                        {"report_json", (result.dir / "report.json").string()},
                        {"report_json_sha256", result.report_json_sha256},
                        {"index_html_sha256", result.index_html_sha256},
                        {"hits", result.hits},
                        {"hits_total", result.hits_total},
                        {"bags", result.bags},
                        {"bags_not_intact", result.bags_not_intact},
                        {"custody_seq", result.custody_seq}});
        } else if (!global.quiet) {
            std::cout << (result.dir / "index.html").string() << "\n"
                      << (result.hits == 0 ? std::string("no hits")
                                           : std::to_string(result.hits) + " hit(s)")
                      << ", " << result.bags << " evidence bag(s)"
                      << (result.bags_not_intact > 0
                              ? " (" + std::to_string(result.bags_not_intact) + " NOT intact)"
                              : std::string())
                      << "; report.json SHA-256 " << result.report_json_sha256
                      << "; custody log entry " << result.custody_seq << "\n";
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
