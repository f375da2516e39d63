#pragma once
// What `footage verify` answers, composed from the checks of verify.hpp (hashes, manifests,
// custody chain), signer.hpp (the bag's signature) and source_check.hpp (the clips against
// their recordings), for one piece of evidence or a folder of bags; and the custody entry that
// records the check in an investigator's catalog. The answer is the JSON `verify --json`
// prints (docs/ARCHITECTURE.md, "Contracts"); the command line only prints it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lib/catalog/catalog.hpp"

namespace footage::evidence {

struct CheckRequest {
    std::filesystem::path path;  // a bag, a folder of bags, manifest.json, sha256sum
    std::vector<std::filesystem::path> sources;  // original recordings (--source)
    std::filesystem::path pubkey;                // check the bag's signature with it (--pubkey)
};

struct CheckOutcome {
    bool folder = false;     // `path` was a folder of bags
    nlohmann::json results;  // one object per piece of evidence checked, as verify --json shows it
    std::vector<std::filesystem::path> unused_sources;  // in a folder: sources no bag was cut from
    bool passed = false;  // every piece intact, and the signature and sources asked for match
};

// Throws UsageError for an empty path or source, --pubkey on something that is not a bag, or
// (outside a folder) malformed evidence; in a folder one malformed bag is that bag's failure.
CheckOutcome check_evidence(const CheckRequest& request);

// The outcome as `verify --json` prints it: the one result, or the folder with its bags.
nlohmann::json outcome_json(const CheckRequest& request, const CheckOutcome& outcome);

// Appends one "verify" custody entry per piece checked (in one transaction).
void record_checks(catalog::Catalog& catalog, const CheckOutcome& outcome,
                   const std::string& operator_name, int64_t now_utc_us);

}  // namespace footage::evidence
