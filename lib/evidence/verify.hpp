#pragma once
// Checks evidence against its hashes: a BagIt bag (RFC 8493), a bare manifest.json written by
// `footage clip`, or a `sha256sum` file. Paths listed in a manifest are confined to where the
// manifest lives: absolute paths, `..` and symlinks are reported, never followed. Every file
// read (tag files too) is opened without following a link, must be a regular file (a FIFO or a
// device is refused without blocking) and is size-capped where it is parsed (safe_open.hpp).
//
// A footage bag (Bag-Software-Agent "footage ..." or a data/manifest.json) must also hold what
// its manifest.json lists, and its data/custody.jsonl must be an unbroken chain ending in the
// clip entry of exactly those outputs. An empty checksum list never passes.
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
    bool signed_bag = false;       // a tagmanifest-sha256.txt.minisig is present
    int64_t custody_entries = 0;   // entries of data/custody.jsonl whose chain was recomputed
    bool intact() const { return problems.empty(); }
};

// The bags directly inside `folder` (sub-folders holding a bagit.txt), sorted; empty when
// `folder` is itself a bag or holds none.
std::vector<std::filesystem::path> bags_in_folder(const std::filesystem::path& folder);

// Throws UsageError naming the file when `path` is none of the three kinds or is malformed
// (exit 2); mismatches are problems in the report (exit 1).
VerifyReport verify_evidence(const std::filesystem::path& path);

// Whether `relative` (as written in a manifest) stays inside `root` without following a
// symlink; the reason when it does not. Without `on_disk`, only what the text shows (absolute,
// ..), for callers that open the file through safe_open.hpp, which refuses links itself.
std::string confinement_problem(const std::filesystem::path& root, const std::string& relative,
                                bool on_disk = true);

}  // namespace footage::evidence
