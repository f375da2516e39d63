#include "lib/evidence/check_evidence.hpp"

#include "lib/evidence/custody.hpp"
#include "lib/evidence/signer.hpp"
#include "lib/evidence/source_check.hpp"
#include "lib/evidence/verify.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

nlohmann::json problems_json(const std::vector<Problem>& problems) {
    nlohmann::json out = nlohmann::json::array();
    for (const Problem& problem : problems) {
        out.push_back({{"file", problem.file}, {"reason", problem.reason}});
    }
    return out;
}

// The signature's state; a bag signed by this key that no longer matches is a problem, a bag
// signed by another key (or not signed) only fails the check that was asked for.
nlohmann::json signature_json(const fs::path& path, const VerifyReport& report,
                              const fs::path& pubkey, std::vector<Problem>& problems,
                              bool& passed) {
    if (report.kind != "bag") {
        throw UsageError("--pubkey checks a bag's signature; " + path.string() + " is not a bag");
    }
    SignatureCheck signature = check_bag_signature(path, pubkey);
    std::string state = signature.valid       ? "valid"
                        : signature.other_key ? "other-key"
                        : !report.signed_bag  ? "unsigned"
                                              : "invalid";
    if (state == "invalid") {
        // Made by this key but no longer matching: the signed tag manifest was changed.
        problems.push_back({kSignatureFile, signature.reason});
    } else if (!signature.valid) {
        passed = false;
    }
    return {{"valid", signature.valid}, {"state", state}, {"reason", signature.reason}};
}

// The clips against the recordings given. A damaged bag (a linked packets.csv, say) is reported
// as such, with the reason its clip list could not be read.
SourceCheck sources_check(const fs::path& path, const std::vector<fs::path>& sources,
                          const VerifyReport& report) {
    try {
        return check_against_sources(path, sources);
    } catch (const UsageError& error) {
        if (report.problems.empty()) {
            throw;
        }
        SourceCheck check;
        check.problems.push_back({"--source", error.what()});
        for (const fs::path& source : sources) {
            SourceResult unread;
            unread.path = source;
            unread.in_bag = true;  // not known: the bag could not be read
            unread.mismatched = true;
            check.sources.push_back(unread);
        }
        return check;
    }
}

// One piece of evidence checked. "intact" is the evidence itself; "passed" adds the signature
// and sources asked for: a bag checked with another key or another recording is intact, but
// that check did not pass.
nlohmann::json check_one(const fs::path& path, const CheckRequest& request, bool in_folder) {
    VerifyReport report = verify_evidence(path);
    std::vector<Problem> problems = report.problems;
    nlohmann::json result = {{"path", path.string()},
                             {"kind", report.kind},
                             {"files_checked", report.files_checked},
                             {"bytes_checked", report.bytes_checked}};
    if (report.kind == "bag") {
        result["custody_entries_checked"] = report.custody_entries;
    }
    bool passed = true;
    if (!request.pubkey.empty()) {
        result["signature"] = signature_json(path, report, request.pubkey, problems, passed);
    } else if (report.signed_bag) {
        result["signature"] = {{"valid", nullptr},
                               {"state", "not-checked"},
                               {"reason", "signed; signature not checked (give --pubkey)"}};
    }
    if (!request.sources.empty()) {
        SourceCheck check = sources_check(path, request.sources, report);
        nlohmann::json list = nlohmann::json::array();
        for (const SourceResult& source : check.sources) {
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

// In a folder, a bag that could not be read at all is that bag's failure.
nlohmann::json unreadable_bag(const fs::path& bag, const CheckRequest& request,
                              const Error& error) {
    nlohmann::json sources = nlohmann::json::array();
    for (const fs::path& source : request.sources) {
        sources.push_back({{"path", source.string()}, {"one_of_the_bags_sources", false}});
    }
    return {{"path", bag.string()},
            {"kind", "bag"},
            {"files_checked", 0},
            {"bytes_checked", 0},
            {"intact", false},
            {"passed", false},
            {"sources", sources},
            {"clips_not_checked", nlohmann::json::array()},
            {"problems", {{{"file", bag.string()}, {"reason", error.what()}}}}};
}

void check_request(const CheckRequest& request) {
    for (const fs::path& source : request.sources) {
        if (source.empty()) {
            throw UsageError("--source: an empty path (an unset variable?); name the recording");
        }
    }
    if (request.path.empty()) {
        throw UsageError("verify: an empty PATH");
    }
}

}  // namespace

CheckOutcome check_evidence(const CheckRequest& request) {
    check_request(request);
    CheckOutcome outcome;
    std::vector<fs::path> bags = bags_in_folder(request.path);
    outcome.folder = !bags.empty();
    outcome.results = nlohmann::json::array();
    if (!outcome.folder) {
        outcome.results.push_back(check_one(request.path, request, false));
    }
    for (const fs::path& bag : bags) {
        try {
            outcome.results.push_back(check_one(bag, request, true));
        } catch (const Error& error) {
            outcome.results.push_back(unreadable_bag(bag, request, error));
        }
    }
    outcome.passed = true;
    for (const nlohmann::json& result : outcome.results) {
        outcome.passed = outcome.passed && result["passed"].get<bool>();
    }
    if (outcome.folder) {
        // Each source is matched to the bags it was cut into; one none holds fails the check.
        for (size_t s = 0; s < request.sources.size(); ++s) {
            bool used = false;
            for (const nlohmann::json& result : outcome.results) {
                used = used || result["sources"][s]["one_of_the_bags_sources"].get<bool>();
            }
            if (!used) {
                outcome.passed = false;
                outcome.unused_sources.push_back(request.sources[s]);
            }
        }
    }
    return outcome;
}

nlohmann::json outcome_json(const CheckRequest& request, const CheckOutcome& outcome) {
    if (!outcome.folder) {
        return outcome.results[0];
    }
    nlohmann::json bags = outcome.results;
    for (const fs::path& source : outcome.unused_sources) {
        bags.back()["unused_sources"].push_back(source.string());
    }
    return {{"path", request.path.string()},
            {"kind", "folder"},
            {"bags", bags},
            {"passed", outcome.passed}};
}

void record_checks(catalog::Catalog& catalog, const CheckOutcome& outcome,
                   const std::string& operator_name, int64_t now_utc_us) {
    catalog::Transaction transaction(catalog.db());
    for (const nlohmann::json& result : outcome.results) {
        nlohmann::json details = {
            {"path", fs::absolute(result["path"].get<std::string>()).string()},
            {"kind", result["kind"]},
            {"intact", result["intact"]},
            {"problems", result["problems"].size()}};
        append_custody(catalog, "verify", operator_name, details, now_utc_us);
    }
    transaction.commit();
}

}  // namespace footage::evidence
