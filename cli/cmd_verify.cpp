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
    std::vector<std::string> sources;
    std::string pubkey;
};

nlohmann::json problems_json(const std::vector<evidence::Problem>& problems) {
    nlohmann::json out = nlohmann::json::array();
    for (const evidence::Problem& problem : problems) {
        out.push_back({{"file", problem.file}, {"reason", problem.reason}});
    }
    return out;
}

// One piece of evidence checked: what was found, as JSON (the text is printed from it).
// "intact" is the evidence itself; "passed" adds the signature and sources asked for: a bag
// checked with another key or another recording is intact, but that check did not pass.
nlohmann::json check_one(const std::filesystem::path& path, const VerifyArgs& args,
                         bool in_folder) {
    evidence::VerifyReport report = evidence::verify_evidence(path);
    std::vector<evidence::Problem> problems = report.problems;
    nlohmann::json result = {{"path", path.string()},
                             {"kind", report.kind},
                             {"files_checked", report.files_checked},
                             {"bytes_checked", report.bytes_checked}};
    if (report.kind == "bag") {
        result["custody_entries_checked"] = report.custody_entries;
    }
    bool passed = true;
    if (!args.pubkey.empty()) {
        if (report.kind != "bag") {
            throw UsageError("--pubkey checks a bag's signature; " + path.string() +
                             " is not a bag");
        }
        evidence::SignatureCheck signature = evidence::check_bag_signature(path, args.pubkey);
        std::string state = signature.valid       ? "valid"
                            : signature.other_key ? "other-key"
                            : !report.signed_bag  ? "unsigned"
                                                  : "invalid";
        result["signature"] = {{"valid", signature.valid}, {"state", state},
                               {"reason", signature.reason}};
        if (state == "invalid") {
            // Made by this key but no longer matching: the signed tag manifest was changed.
            problems.push_back({evidence::kSignatureFile, signature.reason});
        } else if (!signature.valid) {
            passed = false;
        }
    } else if (report.signed_bag) {
        result["signature"] = {{"valid", nullptr}, {"state", "not-checked"},
                               {"reason", "signed; signature not checked (give --pubkey)"}};
    }
    if (!args.sources.empty()) {
        std::vector<std::filesystem::path> sources(args.sources.begin(), args.sources.end());
        evidence::SourceCheck check;
        try {
            check = evidence::check_against_sources(path, sources);
        } catch (const UsageError& error) {
            if (report.problems.empty()) {
                throw;
            }
            // A damaged bag (a linked packets.csv, say) is reported as such, with this reason.
            check.problems.push_back({"--source", error.what()});
            for (const std::filesystem::path& source : sources) {
                evidence::SourceResult unread;
                unread.path = source;
                unread.in_bag = true;  // not known: the bag could not be read
                unread.mismatched = true;
                check.sources.push_back(unread);
            }
        }
        nlohmann::json list = nlohmann::json::array();
        for (const evidence::SourceResult& source : check.sources) {
            list.push_back({{"path", source.path.string()},
                            {"sha256", source.sha256},
                            {"one_of_the_bags_sources", source.in_bag},
                            {"clips_checked", source.clips_checked},
                            {"derivative_clips", source.derivative_clips},
                            {"packets_matched", source.packets_matched},
                            {"matches", source.in_bag && !source.mismatched}});
            if (!source.in_bag && !in_folder) {
                passed = false;
            }
        }
        result["sources"] = list;
        if (list.size() == 1) {
            // The one-source shape that scripts written before several --source still read.
            result["source"] = {{"path", list[0]["path"]},
                                {"clips_checked", list[0]["clips_checked"]},
                                {"packets_checked", list[0]["packets_matched"]}};
        }
        result["clips_not_checked"] = check.unchecked;
        problems.insert(problems.end(), check.problems.begin(), check.problems.end());
    }
    const bool intact = problems.empty();
    result["intact"] = intact;
    result["passed"] = intact && passed;
    result["problems"] = problems_json(problems);
    return result;
}

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
    std::cout << (intact ? "INTACT  " : "NOT INTACT  ") << result["path"].get<std::string>()
              << " (" << result["kind"].get<std::string>() << ", "
              << result["files_checked"].get<int64_t>() << " files, "
              << format_bytes(result["bytes_checked"].get<uint64_t>()) << " hashed";
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
            std::cout << "  signature does not match this key: "
                      << evidence::kSignatureFile << " was made by another key (" << reason
                      << ")\n";
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

}  // namespace

void add_verify_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
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
    command->add_option("path", args->path,
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
        for (const std::string& source : args->sources) {
            if (source.empty()) {
                throw UsageError("--source: an empty path (an unset variable?); name the recording");
            }
        }
        if (args->path.empty()) {
            throw UsageError("verify: an empty PATH");
        }
        const std::filesystem::path path = args->path;
        std::vector<std::filesystem::path> bags = evidence::bags_in_folder(path);
        const bool folder = !bags.empty();
        if (!folder) {
            bags.push_back(path);
        }
        nlohmann::json results = nlohmann::json::array();
        for (const std::filesystem::path& bag : bags) {
            if (!folder) {
                results.push_back(check_one(bag, *args, folder));
                continue;
            }
            // In a folder, one malformed bag is that bag's failure, not the end of the check.
            try {
                results.push_back(check_one(bag, *args, folder));
            } catch (const Error& error) {
                nlohmann::json sources = nlohmann::json::array();
                for (const std::string& source : args->sources) {
                    sources.push_back({{"path", source}, {"one_of_the_bags_sources", false}});
                }
                results.push_back(
                    {{"path", bag.string()}, {"kind", "bag"}, {"files_checked", 0},
                     {"bytes_checked", 0}, {"intact", false}, {"passed", false},
                     {"sources", sources}, {"clips_not_checked", nlohmann::json::array()},
                     {"problems", {{{"file", bag.string()}, {"reason", error.what()}}}}});
            }
        }
        bool all_passed = true;
        for (const nlohmann::json& result : results) {
            all_passed = all_passed && result["passed"].get<bool>();
        }
        if (folder && !args->sources.empty()) {
            // In a folder each source is matched to the bags it was cut into; one none holds is
            // named once.
            for (size_t s = 0; s < args->sources.size(); ++s) {
                bool used = false;
                for (const nlohmann::json& result : results) {
                    used = used || result["sources"][s]["one_of_the_bags_sources"].get<bool>();
                }
                if (!used) {
                    all_passed = false;
                    results.back()["unused_sources"].push_back(args->sources[s]);
                }
            }
        }

        // An investigator's own catalog records the check; an expert elsewhere has none.
        if (std::filesystem::exists(global.db)) {
            catalog::Catalog catalog =
                open_catalog(global, catalog::Database::Mode::read_write_create);
            catalog::Transaction transaction(catalog.db());
            for (const nlohmann::json& result : results) {
                nlohmann::json details = {
                    {"path", std::filesystem::absolute(result["path"].get<std::string>()).string()},
                    {"kind", result["kind"]},
                    {"intact", result["intact"]},
                    {"problems", result["problems"].size()}};
                evidence::append_custody(catalog, "verify", operator_name(), details, now_utc_us());
            }
            transaction.commit();
        }

        if (global.json) {
            if (folder) {
                print_json({{"path", path.string()},
                            {"kind", "folder"},
                            {"bags", results},
                            {"passed", all_passed}});
            } else {
                print_json(results[0]);
            }
        } else {
            int intact_count = 0;
            for (const nlohmann::json& result : results) {
                print_text(result, global.quiet);
                intact_count += result["passed"].get<bool>() ? 1 : 0;
            }
            if (folder) {
                if (results.back().contains("unused_sources")) {
                    for (const nlohmann::json& source : results.back()["unused_sources"]) {
                        std::cout << "source " << source.get<std::string>()
                                  << ": packets are not from this source (none of these bags "
                                     "was cut from it)\n";
                    }
                }
                if (!global.quiet || !all_passed) {
                    std::cout << intact_count << " of " << results.size() << " bags in "
                              << path.string() << " passed\n";
                }
            }
        }
        exit_code = all_passed ? 0 : 1;
    });
}

}  // namespace footage::cli
