#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/evidence/signer.hpp"
#include "lib/evidence/source_check.hpp"
#include "lib/evidence/verify.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct VerifyArgs {
    std::string path;
    std::string source;
    std::string pubkey;
};

nlohmann::json problems_json(const std::vector<evidence::Problem>& problems) {
    nlohmann::json out = nlohmann::json::array();
    for (const evidence::Problem& problem : problems) {
        out.push_back({{"file", problem.file}, {"reason", problem.reason}});
    }
    return out;
}

}  // namespace

void add_verify_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto args = std::make_shared<VerifyArgs>();
    CLI::App* command = app.add_subcommand(
        "verify", "Check an evidence bag, a manifest.json or a sha256sum file against its hashes");
    command->footer(
        "A bag passes when every file listed in every manifest is present and matches, no payload\n"
        "file is unlisted, Payload-Oxum holds and the tag manifest matches. Paths leading out of\n"
        "the bag (absolute, .., symlinks) are reported and never followed.\n"
        "Exit status: 0 intact, 1 any mismatch (each file named), 2 malformed input.\n"
        "Example: footage verify /media/evidence/2026-114_ch01_20201103T140503 \\\n"
        "           --source /mnt/drive/ch01_20201103140000.mp4 --pubkey case.pub");
    command->add_option("path", args->path, "A bag directory, a manifest.json or a sha256sum file")
        ->required()
        ->type_name("PATH");
    command
        ->add_option("--source", args->source,
                     "The original recording: show the clips are bit-identical runs of its packets")
        ->type_name("PATH");
    command->add_option("--pubkey", args->pubkey, "Check the bag's signature with this public key")
        ->type_name("KEY");

    command->callback([args, &global, &exit_code]() {
        const std::filesystem::path path = args->path;
        evidence::VerifyReport report = evidence::verify_evidence(path);
        std::vector<evidence::Problem> problems = report.problems;
        nlohmann::json result = {{"path", path.string()},
                                 {"kind", report.kind},
                                 {"files_checked", report.files_checked},
                                 {"bytes_checked", report.bytes_checked}};
        if (!args->pubkey.empty()) {
            if (report.kind != "bag") {
                throw UsageError("--pubkey checks a bag's signature; " + path.string() +
                                 " is not a bag");
            }
            evidence::SignatureCheck signature = evidence::check_bag_signature(path, args->pubkey);
            result["signature"] = {{"valid", signature.valid}, {"reason", signature.reason}};
            if (!signature.valid) {
                problems.push_back({evidence::kSignatureFile, signature.reason});
            }
        }
        if (!args->source.empty()) {
            evidence::SourceCheck source = evidence::check_against_source(path, args->source);
            result["source"] = {{"path", args->source},
                                {"clips_checked", source.clips_checked},
                                {"packets_checked", source.packets_checked}};
            problems.insert(problems.end(), source.problems.begin(), source.problems.end());
        }
        const bool intact = problems.empty();
        result["intact"] = intact;
        result["problems"] = problems_json(problems);

        // An investigator's own catalog records the check; an expert elsewhere has none.
        if (std::filesystem::exists(global.db)) {
            catalog::Catalog catalog =
                open_catalog(global, catalog::Database::Mode::read_write_create);
            nlohmann::json details = {{"path", std::filesystem::absolute(path).string()},
                                      {"kind", report.kind},
                                      {"intact", intact},
                                      {"problems", problems.size()}};
            catalog::Transaction transaction(catalog.db());
            evidence::append_custody(catalog, "verify", operator_name(), details, now_utc_us());
            transaction.commit();
        }

        if (global.json) {
            print_json(result);
        } else {
            for (const evidence::Problem& problem : problems) {
                std::cout << "MISMATCH  " << problem.file << ": " << problem.reason << "\n";
            }
            if (!global.quiet || !intact) {
                std::cout << (intact ? "INTACT  " : "NOT INTACT  ") << path.string() << " ("
                          << report.kind << ", " << report.files_checked << " files, "
                          << format_bytes(report.bytes_checked) << " hashed";
                if (result.contains("signature")) {
                    std::cout << (result["signature"]["valid"].get<bool>() ? ", signature valid"
                                                                           : ", signature INVALID");
                }
                if (result.contains("source")) {
                    std::cout << ", " << result["source"]["packets_checked"].get<int64_t>()
                              << " packets matched against the source";
                }
                std::cout << ")\n";
            }
        }
        exit_code = intact ? 0 : 1;
    });
}

}  // namespace footage::cli
