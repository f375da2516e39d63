#pragma once
// Checks evidence against its hashes: a BagIt bag (RFC 8493), a bare manifest.json written by
// `footage clip`, or a `sha256sum` file. Paths listed in a manifest are confined to where the
// manifest lives: absolute paths, `..` and symlinks are reported, never followed.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace footage::evidence {

struct Problem {
    std::string file;    // as listed, or as found on disk (relative to the checked root)
    std::string reason;  // "SHA-256 mismatch", "missing", "not in manifest-sha256.txt", ...
};

struct VerifyReport {
    std::string kind;  // "bag", "manifest.json", "sha256sum"
    std::filesystem::path root;
    int64_t files_checked = 0;
    uint64_t bytes_checked = 0;
    std::vector<Problem> problems;
    bool intact() const { return problems.empty(); }
};

// Throws UsageError naming the file when `path` is none of the three kinds or is malformed
// (exit 2); mismatches are problems in the report (exit 1).
VerifyReport verify_evidence(const std::filesystem::path& path);

// Whether `relative` (as written in a manifest) stays inside `root` without following a
// symlink; the reason when it does not.
std::string confinement_problem(const std::filesystem::path& root, const std::string& relative);

}  // namespace footage::evidence
