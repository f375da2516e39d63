#pragma once
// The custody log: an append-only hash chain in the catalog. Every acquisition (index), clip,
// verify and export appends an entry; each entry's SHA-256 covers its content and the previous
// entry's SHA-256, so changing, removing or reordering any entry breaks every later link.
//
// An entry's hash is the SHA-256 of its JSON object without "entry_sha256", serialised compactly
// with keys sorted (nlohmann::json's dump()), so anyone can recompute it from custody.jsonl.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lib/catalog/catalog.hpp"

namespace footage::evidence {

inline const std::string kGenesisSha256(64, '0');

struct CustodyEntry {
    int64_t seq = 0;
    int64_t time_us = 0;  // UTC
    std::string action;   // "acquire", "clip", "verify", "export", "repair", ...
    std::string operator_name;
    std::string host;
    nlohmann::json details = nlohmann::json::object();
    std::string prev_sha256;
    std::string entry_sha256;

    nlohmann::json to_json() const;  // with entry_sha256
    std::string computed_sha256() const;
};

// The name of this machine, for entries.
std::string host_name();

// Appends an entry (seq, chain link and hash computed here). Call inside a transaction when the
// entry belongs to other writes.
CustodyEntry append_custody(catalog::Catalog& catalog, const std::string& action,
                            const std::string& operator_name, const nlohmann::json& details,
                            int64_t time_us);

// The whole log, oldest first.
std::vector<CustodyEntry> custody_log(catalog::Catalog& catalog);

struct ChainBreak {
    int64_t seq = 0;
    std::string reason;
};

// An entry as custody.jsonl holds it (to_json()'s form); nullopt when a field is missing or has
// the wrong type.
std::optional<CustodyEntry> custody_entry_from_json(const nlohmann::json& value);

// The first entry whose hash or link does not hold, if any.
std::optional<ChainBreak> check_chain(const std::vector<CustodyEntry>& entries);

// What the chain cannot show by itself: entries cut off at its end leave a chain that holds.
// Cross-checks the catalog against the log: every catalogued recording (status ok) needs an
// "acquire" entry with its path and SHA-256, every clip a "clip" entry naming its bag. One line
// per gap ("recording /x.mp4 (sha256 ab12…) has no acquisition entry").
std::vector<std::string> custody_gaps(catalog::Catalog& catalog,
                                      const std::vector<CustodyEntry>& entries);

}  // namespace footage::evidence
