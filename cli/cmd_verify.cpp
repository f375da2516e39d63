#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "lib/evidence/check_evidence.hpp"
#include "lib/evidence/signer.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct VerifyArgs {
    std::string path;
    std::vector<std::string> sources;
    std::string pubkey;
};

void print_text(const nlohmann::json& result, bool quiet) {
    const bool intact = result["intact"].get<bool>();
    const bool passed = result["passed"].get<bool>();
    for (const nlohmann::json& problem : result["problems"]) {
        std::cout << "MISMATCH  " << problem["file"].get<std::string>() << ": "
                  << problem["reason"].get<std::string>() << "\n";
    }
    if (quiet && passed) {
        return;
    }
    std::cout << (intact ? "INTACT  " : "NOT INTACT  ") << result["path"].get<std::string>() << " ("
              << result["kind"].get<std::string>() << ", " << result["files_checked"].get<int64_t>()
              << " files, " << format_bytes(result["bytes_checked"].get<uint64_t>()) << " hashed";
    if (result.contains("custody_entries_checked") &&
        result["custody_entries_checked"].get<int64_t>() > 0) {
        std::cout << ", custody chain of " << result["custody_entries_checked"].get<int64_t>()
                  << " entries recomputed";
    }
    std::cout << ")\n";
    if (result.contains("signature")) {
        const std::string state = result["signature"]["state"];
        const std::string reason = result["signature"]["reason"];
        if (state == "valid") {
            std::cout << "  signature valid (" << reason << ")\n";
        } else if (state == "not-checked") {
            std::cout << "  " << reason << "\n";
        } else if (state == "other-key") {
            std::cout << "  signature does not match this key: " << evidence::kSignatureFile
                      << " was made by another key (" << reason << ")\n";
        } else if (state == "unsigned") {
            std::cout << "  NOT SIGNED: " << reason << "\n";
        } else {
            std::cout << "  signature INVALID (" << evidence::kSignatureFile << ": " << reason
                      << ")\n";
        }
    }
    if (result.contains("sources")) {
        for (const nlohmann::json& source : result["sources"]) {
            std::cout << "  source " << source["path"].get<std::string>() << ": ";
            if (!source["one_of_the_bags_sources"].get<bool>()) {
                std::cout << "packets are not from this source (its SHA-256 is not one of the "
                             "bag's sources)\n";
                continue;
            }
            if (!source["matches"].get<bool>() && source["clips_checked"].get<int64_t>() == 0 &&
                source["derivative_clips"].get<int64_t>() == 0) {
                std::cout << "not checked: the bag's clip list could not be read (see above)\n";
                continue;
            }
            if (!source["matches"].get<bool>()) {
                std::cout << "one of the bag's sources, but its clips do NOT match it (see "
                             "above)\n";
                continue;
            }
            const int64_t copied = source["clips_checked"];
            const int64_t derived = source["derivative_clips"];
            std::cout << source["packets_matched"].get<int64_t>()
                      << " packets matched against the source";
            if (copied > 0) {
                std::cout << "; " << copied << " stream-copied clip" << (copied == 1 ? "" : "s")
                          << ", bit-identical runs of its packets";
            }
            if (derived > 0) {
                std::cout << "; " << derived << " re-encoded clip" << (derived == 1 ? "" : "s")
                          << ": DERIVATIVE, not the source's bits (only the source packets it "
                             "was made from are matched)";
            }
            std::cout << "\n";
        }
        for (const nlohmann::json& clip : result["clips_not_checked"]) {
            std::cout << "  not checked against a source: " << clip.get<std::string>()
                      << " (its recording was not given with --source)\n";
        }
    }
}

void print_outcome(const evidence::CheckRequest& request, const evidence::CheckOutcome& outcome,
                   bool quiet) {
    int passed_count = 0;
    for (const nlohmann::json& result : outcome.results) {
        print_text(result, quiet);
        passed_count += result["passed"].get<bool>() ? 1 : 0;
    }
    if (!outcome.folder) {
        return;
    }
    for (const std::filesystem::path& source : outcome.unused_sources) {
        std::cout << "source " << source.string()
                  << ": packets are not from this source (none of these bags was cut from it)\n";
    }
    if (!quiet || !outcome.passed) {
        std::cout << passed_count << " of " << outcome.results.size() << " bags in "
                  << request.path.string() << " passed\n";
    }
}

}  // namespace

void add_verify_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<VerifyArgs>();
    CLI::App* command = app.add_subcommand(
        "verify", "Check an evidence bag, a manifest.json or a sha256sum file against its hashes");
    command->footer(
        "A bag passes when every file listed in every manifest is present and matches, no payload\n"
        "file is unlisted, Payload-Oxum holds, the tag manifest matches and, for a footage bag,\n"
        "its clips are those manifest.json lists and data/custody.jsonl is an unbroken chain\n"
        "ending in their clip entry. No link is followed and only regular files are read.\n"
        "PATH may be a folder of bags: each is checked.\n"
        "Exit status: 0 intact (and the signature and sources asked for match), 1 any mismatch\n"
        "(each file named), a signature by another key or a recording that is not the bag's\n"
        "source, 2 malformed input.\n"
        "Example: footage verify /media/evidence/2026-114_ch01_20201103T140503 \\\n"
        "           --source /mnt/drive/ch01_20201103140000.mp4 --pubkey case.pub");
    command
        ->add_option("path", args->path,
                     "A bag directory, a folder of bags, a manifest.json or a sha256sum file")
        ->required()
        ->type_name("PATH");
    command
        ->add_option("--source", args->sources,
                     "An original recording: show the clips cut from it are bit-identical runs "
                     "of its packets (repeat for a bag cut from several)")
        ->type_name("PATH");
    command->add_option("--pubkey", args->pubkey, "Check the bag's signature with this public key")
        ->type_name("KEY");

    command->callback([args, &global, &exit_code]() {
        evidence::CheckRequest request;
        request.path = args->path;
        request.sources.assign(args->sources.begin(), args->sources.end());
        request.pubkey = args->pubkey;
        const evidence::CheckOutcome outcome = evidence::check_evidence(request);
        // An investigator's own catalog records the check; an expert elsewhere has none.
        if (std::filesystem::exists(global.db)) {
            catalog::Catalog catalog =
                open_catalog(global, catalog::Database::Mode::read_write_create);
            evidence::record_checks(catalog, outcome, operator_name(), now_utc_us());
        }
        if (global.json) {
            print_json(evidence::outcome_json(request, outcome));
        } else {
            print_outcome(request, outcome, global.quiet);
        }
        exit_code = outcome.passed ? kExitSuccess : kExitNegative;
    });
}

}  // namespace footage::cli
