#pragma once
// A custody entry told in words for the case file: what happened ("Recording … acquired"),
// and the full hashes it names, each with a label, to show in monospace.
#include <string>
#include <utility>
#include <vector>

#include "lib/evidence/custody.hpp"

namespace footage::report {

struct CustodyText {
    std::string what;                                         // plain text, not escaped
    std::vector<std::pair<std::string, std::string>> hashes;  // label, full SHA-256
};

CustodyText custody_text(const evidence::CustodyEntry& entry);

// "-90 s", "+30 s", "none" (null), as a clock offset reads.
std::string offset_seconds_text(const nlohmann::json& seconds);

}  // namespace footage::report
