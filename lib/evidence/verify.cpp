#include "lib/evidence/verify.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lib/evidence/custody.hpp"
#include "lib/evidence/safe_open.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/evidence/signer.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

std::string mb(uint64_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

// A tag or list file of the bag, read through safe_open. nullopt, with the problem in the
// report, when it is missing (and `required`), a link, not a regular file, or over `cap`.
std::optional<std::string> read_tag(int root_fd, const std::string& name, uint64_t cap,
                                    VerifyReport& report, bool required = true) {
    OpenedFile file = open_beneath(root_fd, name);
    if (!file.problem.empty()) {
        if (required || !file.missing) {
            report.problems.push_back({name, file.problem});
        }
        return std::nullopt;
    }
    if (file.size > cap) {
        report.problems.push_back(
            {name, "larger than the " + mb(cap) + " verify reads (not read)"});
        return std::nullopt;
    }
    std::optional<std::string> text = read_capped(file.fd.get(), cap, name);
    if (!text) {
        report.problems.push_back({name, "grew beyond " + mb(cap) + " while read (not read)"});
    }
    return text;
}

bool exists_beneath(int root_fd, const std::string& name) {
    struct stat st {};
    return ::fstatat(root_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool is_hex(const std::string& text, size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](unsigned char c) {
               return std::isxdigit(c) != 0;
           });
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// "<hex>  <path>" lines (also "<hex> *<path>", the binary-mode form of sha256sum). A bag's
// manifests percent-encode CR, LF and % in paths (RFC 8493); sha256sum files do not.
std::vector<std::pair<std::string, std::string>> parse_manifest(const std::string& text,
                                                                const std::string& name,
                                                                size_t hex_length,
                                                                bool percent_encoded) {
    std::vector<std::pair<std::string, std::string>> entries;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        size_t space = line.find(' ');
        std::string hex = line.substr(0, space);
        if (space == std::string::npos || !is_hex(hex, hex_length)) {
            throw UsageError(name + ":" + std::to_string(number) +
                             ": not a \"<checksum>  <path>\" line");
        }
        size_t start = line.find_first_not_of(' ', space);
        if (start != std::string::npos && line[start] == '*') {
            ++start;
        }
        if (start == std::string::npos || start >= line.size()) {
            throw UsageError(name + ":" + std::to_string(number) + ": no path");
        }
        std::string path;
        for (size_t i = start; i < line.size(); ++i) {
            if (percent_encoded && line[i] == '%' && i + 2 < line.size()) {
                std::string code = line.substr(i + 1, 2);
                if (code == "0A" || code == "0a") {
                    path += '\n';
                } else if (code == "0D" || code == "0d") {
                    path += '\r';
                } else if (code == "25") {
                    path += '%';
                } else {
                    path += line[i];
                    continue;
                }
                i += 2;
                continue;
            }
            path += line[i];
        }
        entries.emplace_back(lower(hex), path);
    }
    return entries;
}

// Hashes each file at most once, whatever number of manifests list it, opening it beneath the
// root without following links.
class Hasher {
  public:
    Hasher(VerifyReport& report, int root_fd) : m_report(report), m_root(root_fd) {}
    // The digests, or nullptr with `problem` set.
    const FileDigests* digests(const std::string& relative, std::string& problem) {
        auto found = m_cache.find(relative);
        if (found != m_cache.end()) {
            return &found->second;
        }
        auto failed = m_failed.find(relative);
        if (failed != m_failed.end()) {
            problem = failed->second;
            return nullptr;
        }
        OpenedFile file = open_cached(relative);
        if (!file.problem.empty()) {
            problem = m_failed[relative] = file.problem;
            return nullptr;
        }
        try {
            FileDigests digests = sha256_and_sha512_fd(file.fd.get(), relative, file.size);
            ++m_report.files_checked;
            m_report.bytes_checked += digests.size;
            return &m_cache.emplace(relative, digests).first->second;
        } catch (const IoError& error) {
            problem = m_failed[relative] = std::string("cannot be read (") + error.what() + ")";
            return nullptr;
        }
    }

  private:
    // Opens `relative` beneath the root, reusing the folders already opened (each one opened
    // without following links): a bag of many small files costs one openat per file.
    OpenedFile open_cached(const std::string& relative) {
        size_t slash = relative.rfind('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == relative.size()) {
            return open_beneath(m_root, relative);
        }
        const std::string folder = relative.substr(0, slash);
        auto found = m_folders.find(folder);
        if (found == m_folders.end()) {
            if (m_folders.size() >= 256) {
                m_folders.clear();
            }
            std::string problem;
            UniqueFd fd = open_directory_beneath(m_root, folder, problem);
            if (!fd.valid()) {
                return open_beneath(m_root, relative);  // names the problem
            }
            found = m_folders.emplace(folder, std::move(fd)).first;
        }
        return open_beneath(found->second.get(), relative.substr(slash + 1));
    }

    VerifyReport& m_report;
    int m_root;
    std::map<std::string, UniqueFd> m_folders;
    std::map<std::string, FileDigests> m_cache;
    std::map<std::string, std::string> m_failed;
};

// Checks one manifest's entries; returns the listed paths that are confined (with their hex).
std::map<std::string, std::string> check_manifest(const fs::path& root, const std::string& text,
                                                  const std::string& name,
                                                  const std::string& algorithm, Hasher& hasher,
                                                  VerifyReport& report) {
    const bool in_bag = report.kind == "bag";
    const size_t hex_length = algorithm == "sha512" ? 128 : 64;
    std::map<std::string, std::string> listed;
    const std::string label = algorithm == "sha512" ? "SHA-512" : "SHA-256";
    const std::string base = fs::path(name).filename().string();
    auto entries = parse_manifest(text, name, hex_length, in_bag);
    if (entries.empty()) {
        report.problems.push_back({base, "lists no files (an empty checksum list is not a pass)"});
    }
    for (const auto& [hex, relative] : entries) {
        // Lexically here; on disk, open_beneath refuses links on the way (one walk, not two).
        std::string escape = confinement_problem(root, relative, false);
        if (!escape.empty()) {
            report.problems.push_back({relative, escape + " (listed in " + base + ")"});
            continue;
        }
        listed.emplace(relative, hex);
        std::string problem;
        const FileDigests* digests = hasher.digests(relative, problem);
        if (digests == nullptr) {
            report.problems.push_back({relative, problem + " (listed in " + base + ")"});
            continue;
        }
        const std::string& actual = algorithm == "sha512" ? digests->sha512 : digests->sha256;
        if (actual != hex) {
            report.problems.push_back({relative, label + " mismatch (" + base + " says " +
                                                     hex.substr(0, 16) + "…, the file is " +
                                                     actual.substr(0, 16) + "…)"});
        }
    }
    return listed;
}

std::map<std::string, std::string> parse_bag_info(const std::string& text) {
    std::map<std::string, std::string> fields;
    std::istringstream in(text);
    std::string line;
    std::string last;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !last.empty()) {
            size_t start = line.find_first_not_of(" \t");
            if (start != std::string::npos) {  // a line of blanks continues with nothing
                fields[last] += " " + line.substr(start);
            }
            continue;
        }
        size_t colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        last = line.substr(0, colon);
        size_t value = line.find_first_not_of(' ', colon + 1);
        fields[last] = value == std::string::npos ? "" : line.substr(value);
    }
    return fields;
}

// data/custody.jsonl: the chain recomputed from the bag alone, ending in the clip entry that
// made exactly these outputs.
void check_bag_custody(int root_fd, const nlohmann::json& outputs, VerifyReport& report) {
    const std::string name = "data/custody.jsonl";
    std::optional<std::string> text = read_tag(root_fd, name, kListCap, report);
    if (!text) {
        return;
    }
    std::vector<CustodyEntry> entries;
    std::istringstream in(*text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) {
            continue;
        }
        nlohmann::json value = nlohmann::json::parse(line, nullptr, false);
        std::optional<CustodyEntry> entry = custody_entry_from_json(value);
        if (!entry) {
            report.problems.push_back(
                {name, "line " + std::to_string(number) + " is not a custody entry"});
            return;
        }
        entries.push_back(std::move(*entry));
    }
    report.custody_entries = static_cast<int64_t>(entries.size());
    if (entries.empty()) {
        report.problems.push_back({name, "holds no entries"});
        return;
    }
    if (std::optional<ChainBreak> broken = check_chain(entries)) {
        report.problems.push_back({name, "the custody chain is broken at entry " +
                                             std::to_string(broken->seq) + ": " + broken->reason});
        return;
    }
    const CustodyEntry& last = entries.back();
    if (last.action != "clip" || !last.details.is_object() || !last.details.contains("outputs") ||
        last.details["outputs"] != outputs) {
        report.problems.push_back(
            {name, "its last entry (" + std::to_string(last.seq) +
                       ") is not the clip entry of this bag's outputs (entries cut off or "
                       "taken from another bag)"});
    }
}

// What a footage bag must hold beyond what BagIt asks: its clips, as manifest.json lists them
// with their hashes, and its custody chain.
void check_footage_payload(const fs::path& root, int root_fd,
                           const std::map<std::string, std::string>& listed256, Hasher& hasher,
                           VerifyReport& report) {
    const std::string name = "data/manifest.json";
    std::optional<std::string> text = read_tag(root_fd, name, kListCap, report);
    for (const char* required : {"data/manifest.json", "data/packets.csv", "data/custody.jsonl"}) {
        if (listed256.count(required) == 0 && exists_beneath(root_fd, required)) {
            report.problems.push_back({required, "not in manifest-sha256.txt"});
        }
    }
    if (!text) {
        return;
    }
    nlohmann::json manifest = nlohmann::json::parse(*text, nullptr, false);
    if (!manifest.is_object() || !manifest.contains("outputs") || !manifest["outputs"].is_array()) {
        report.problems.push_back({name, "not a footage manifest (no \"outputs\" list)"});
        return;
    }
    const nlohmann::json& outputs = manifest["outputs"];
    if (outputs.empty()) {
        report.problems.push_back({name, "lists no clips: the bag holds no evidence"});
    }
    for (const nlohmann::json& output : outputs) {
        if (!output.is_object() || !output.contains("path") || !output["path"].is_string() ||
            !output.contains("sha256") || !output["sha256"].is_string()) {
            report.problems.push_back({name, "an output without \"path\" and \"sha256\""});
            continue;
        }
        const std::string clip = "data/" + output["path"].get<std::string>();
        if (std::string escape = confinement_problem(root / "data", output["path"]);
            !escape.empty()) {
            report.problems.push_back({clip, escape + " (listed in manifest.json)"});
            continue;
        }
        if (listed256.count(clip) == 0) {
            report.problems.push_back(
                {clip, "listed in manifest.json but not in manifest-sha256.txt"});
            continue;
        }
        std::string problem;
        const FileDigests* digests = hasher.digests(clip, problem);
        if (digests != nullptr && digests->sha256 != lower(output["sha256"].get<std::string>())) {
            report.problems.push_back({clip, "SHA-256 differs from the one manifest.json gives"});
        }
    }
    check_bag_custody(root_fd, outputs, report);
}

// bagit.txt must declare a bag; bag-info.txt's fields, none when it is missing.
std::map<std::string, std::string> read_declaration(const fs::path& root, int dir,
                                                    VerifyReport& report) {
    if (std::optional<std::string> declaration =
            read_tag(dir, "bagit.txt", kDeclarationCap, report)) {
        if (declaration->rfind("BagIt-Version: ", 0) != 0 ||
            declaration->find("Tag-File-Character-Encoding: UTF-8") == std::string::npos) {
            throw UsageError((root / "bagit.txt").string() + ": not a BagIt declaration");
        }
    }
    std::map<std::string, std::string> info;
    if (std::optional<std::string> text =
            read_tag(dir, "bag-info.txt", kSmallTagCap, report, false)) {
        info = parse_bag_info(*text);
    }
    return info;
}

// The payload manifests present, each checked against the files it lists.
struct PayloadManifests {
    std::vector<std::string> names;                         // manifest-sha256.txt, ...
    std::vector<std::map<std::string, std::string>> lists;  // path -> digest, per name
    std::map<std::string, std::string> sha256;              // manifest-sha256.txt's list
};

PayloadManifests check_payload_manifests(const fs::path& root, int dir, Hasher& hasher,
                                         VerifyReport& report) {
    PayloadManifests manifests;
    for (const char* algorithm : {"sha256", "sha512"}) {
        std::string name = std::string("manifest-") + algorithm + ".txt";
        if (!exists_beneath(dir, name)) {
            continue;
        }
        manifests.names.push_back(name);
        std::optional<std::string> text = read_tag(dir, name, kListCap, report);
        manifests.lists.push_back(text
                                      ? check_manifest(root, *text, name, algorithm, hasher, report)
                                      : std::map<std::string, std::string>{});
        if (std::string(algorithm) == "sha256") {
            manifests.sha256 = manifests.lists.back();
        }
    }
    if (manifests.lists.empty()) {
        throw UsageError(root.string() +
                         ": a bag needs manifest-sha256.txt or manifest-sha512.txt");
    }
    return manifests;
}

// Every payload file must be listed in every manifest; nothing may hide in data/. Returns the
// Payload-Oxum the payload has ("octets.files").
std::string check_payload_listed(const fs::path& root, int dir, const PayloadManifests& manifests,
                                 VerifyReport& report) {
    uint64_t octets = 0;
    int64_t count = 0;
    std::string data_problem;
    UniqueFd data_fd = open_directory_beneath(dir, "data", data_problem);
    if (data_fd.valid()) {
        std::error_code error;
        for (auto it = fs::recursive_directory_iterator(root / "data", error);
             !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
            std::string relative = it->path().lexically_relative(root).generic_string();
            fs::file_status status = it->symlink_status();
            if (fs::is_symlink(status)) {
                report.problems.push_back({relative, "a symlink in the payload (not followed)"});
                continue;
            }
            if (fs::is_directory(status)) {
                continue;
            }
            if (!fs::is_regular_file(status)) {
                report.problems.push_back({relative, "not a regular file, in the payload"});
                continue;
            }
            ++count;
            std::error_code size_error;
            uintmax_t size = it->file_size(size_error);
            octets += size_error ? 0 : size;
            for (size_t m = 0; m < manifests.lists.size(); ++m) {
                if (manifests.lists[m].count(relative) == 0) {
                    report.problems.push_back({relative, "not in " + manifests.names[m]});
                }
            }
        }
        if (error) {
            report.problems.push_back({"data/", "cannot be listed: " + error.message()});
        }
    } else {
        report.problems.push_back({"data/", data_problem});
    }
    if (count == 0) {
        report.problems.push_back({"data/", "holds no payload files"});
    }
    return std::to_string(octets) + "." + std::to_string(count);
}

void check_oxum(const std::map<std::string, std::string>& info, const std::string& payload_oxum,
                bool footage_bag, VerifyReport& report) {
    auto oxum = info.find("Payload-Oxum");
    if (oxum != info.end()) {
        if (oxum->second != payload_oxum) {
            report.problems.push_back({"bag-info.txt", "Payload-Oxum says " + oxum->second +
                                                           ", the payload is " + payload_oxum +
                                                           " (octets.files)"});
        }
    } else if (footage_bag) {
        report.problems.push_back({"bag-info.txt", "no Payload-Oxum (footage always writes one)"});
    }
}

// The tag manifests must cover the tag files that fix everything else.
void check_tag_manifests(const fs::path& root, int dir, const PayloadManifests& manifests,
                         bool footage_bag, Hasher& hasher, VerifyReport& report) {
    bool tag_manifest = false;
    for (const char* algorithm : {"sha256", "sha512"}) {
        std::string name = std::string("tagmanifest-") + algorithm + ".txt";
        if (!exists_beneath(dir, name)) {
            continue;
        }
        tag_manifest = true;
        std::optional<std::string> text = read_tag(dir, name, kListCap, report);
        if (!text) {
            continue;
        }
        std::map<std::string, std::string> tags =
            check_manifest(root, *text, name, algorithm, hasher, report);
        std::vector<std::string> covered = manifests.names;
        covered.push_back("bagit.txt");
        if (exists_beneath(dir, "bag-info.txt")) {
            covered.push_back("bag-info.txt");
        }
        for (const std::string& tag : covered) {
            if (tags.count(tag) == 0) {
                report.problems.push_back({tag, "not in " + name});
            }
        }
    }
    if (!tag_manifest && footage_bag) {
        report.problems.push_back(
            {"tagmanifest-sha256.txt", "missing (footage always writes one)"});
    }
}

VerifyReport verify_bag(const fs::path& root) {
    VerifyReport report;
    report.kind = "bag";
    report.root = root;
    UniqueFd root_fd = open_directory(root);
    if (!root_fd.valid()) {
        throw UsageError(root.string() + ": cannot open the bag folder (or it is a symlink)");
    }
    const int dir = root_fd.get();
    std::map<std::string, std::string> info = read_declaration(root, dir, report);
    const bool footage_bag = info["Bag-Software-Agent"].rfind("footage ", 0) == 0 ||
                             exists_beneath(dir, "data/manifest.json");
    Hasher hasher(report, dir);
    PayloadManifests manifests = check_payload_manifests(root, dir, hasher, report);
    std::string payload_oxum = check_payload_listed(root, dir, manifests, report);
    check_oxum(info, payload_oxum, footage_bag, report);
    check_tag_manifests(root, dir, manifests, footage_bag, hasher, report);
    if (footage_bag) {
        check_footage_payload(root, dir, manifests.sha256, hasher, report);
    }
    report.signed_bag = exists_beneath(dir, kSignatureFile);
    return report;
}

// The folder a bare manifest lives in, opened as the root its paths are confined to.
UniqueFd open_root_of(const fs::path& root) {
    UniqueFd fd(::open(root.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY));
    if (!fd.valid()) {
        throw UsageError(root.string() + ": cannot open the folder");
    }
    return fd;
}

std::string read_user_file(const fs::path& file, uint64_t cap) {
    OpenedFile opened = open_regular(file);
    if (!opened.problem.empty()) {
        throw UsageError(file.string() + ": " + opened.problem);
    }
    std::optional<std::string> text = read_capped(opened.fd.get(), cap, file.string());
    if (!text) {
        throw UsageError(file.string() + ": larger than the " + mb(cap) + " verify reads");
    }
    return *text;
}

VerifyReport verify_sha256sum(const fs::path& file) {
    VerifyReport report;
    report.kind = "sha256sum";
    report.root = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    std::string text = read_user_file(file, kListCap);
    UniqueFd root_fd = open_root_of(report.root);
    Hasher hasher(report, root_fd.get());
    check_manifest(report.root, text, file.string(), "sha256", hasher, report);
    return report;
}

VerifyReport verify_manifest_json(const fs::path& file) {
    VerifyReport report;
    report.kind = "manifest.json";
    report.root = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    nlohmann::json manifest;
    try {
        manifest = nlohmann::json::parse(read_user_file(file, kListCap));
    } catch (const nlohmann::json::exception& error) {
        throw UsageError(file.string() + ": not JSON (" + error.what() + ")");
    }
    if (!manifest.is_object() || !manifest.contains("outputs") || !manifest["outputs"].is_array()) {
        throw UsageError(file.string() + ": no \"outputs\" list: not a footage manifest.json");
    }
    if (manifest["outputs"].empty()) {
        report.problems.push_back({file.filename().string(), "lists no clips: nothing to check"});
    }
    UniqueFd root_fd = open_root_of(report.root);
    Hasher hasher(report, root_fd.get());
    for (const nlohmann::json& output : manifest["outputs"]) {
        if (!output.is_object() || !output.contains("path") || !output["path"].is_string() ||
            !output.contains("sha256") || !output["sha256"].is_string()) {
            throw UsageError(file.string() + ": an output without \"path\" and \"sha256\"");
        }
        std::string relative = output["path"];
        std::string escape = confinement_problem(report.root, relative);
        if (!escape.empty()) {
            report.problems.push_back({relative, escape});
            continue;
        }
        std::string problem;
        const FileDigests* digests = hasher.digests(relative, problem);
        if (digests == nullptr) {
            report.problems.push_back({relative, problem});
        } else if (digests->sha256 != lower(output["sha256"])) {
            report.problems.push_back({relative, "SHA-256 mismatch"});
        }
    }
    return report;
}

VerifyReport verify_any(const fs::path& path) {
    if (path.empty()) {
        throw UsageError("verify: an empty path");
    }
    fs::file_status status = fs::symlink_status(path);
    if (fs::is_directory(status)) {
        if (!exists_beneath(open_root_of(path).get(), "bagit.txt")) {
            throw UsageError(path.string() + ": a directory without bagit.txt is not a bag");
        }
        return verify_bag(path);
    }
    if (fs::is_symlink(status)) {
        throw UsageError(path.string() + ": a symlink (not followed); give the evidence itself");
    }
    if (!fs::exists(status)) {
        throw UsageError(path.string() + ": no such file or directory");
    }
    if (path.extension() == ".json") {
        return verify_manifest_json(path);
    }
    return verify_sha256sum(path);
}

}  // namespace

std::vector<fs::path> bags_in_folder(const fs::path& folder) {
    std::vector<fs::path> bags;
    std::error_code error;
    if (!fs::is_directory(fs::symlink_status(folder, error)) ||
        fs::exists(fs::symlink_status(folder / "bagit.txt", error))) {
        return bags;
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        if (entry.is_directory(error) && !entry.is_symlink(error) &&
            fs::exists(fs::symlink_status(entry.path() / "bagit.txt", error))) {
            bags.push_back(entry.path());
        }
    }
    std::sort(bags.begin(), bags.end());
    return bags;
}

std::string confinement_problem(const fs::path& root, const std::string& relative, bool on_disk) {
    fs::path path(relative);
    if (relative.empty()) {
        return "an empty path";
    }
    if (path.is_absolute() || path.has_root_name() || path.has_root_directory()) {
        return "an absolute path, outside the bag (not followed)";
    }
    fs::path walked = root;
    for (const fs::path& part : path) {
        if (part == "..") {
            return "a path leading out of the bag with .. (not followed)";
        }
        if (!on_disk) {
            continue;
        }
        walked /= part;
        std::error_code error;
        fs::file_status status = fs::symlink_status(walked, error);
        if (fs::is_symlink(status)) {
            return "a symlink (not followed)";
        }
        if (error && status.type() != fs::file_type::not_found) {
            return "cannot be checked (" + error.message() + ")";
        }
    }
    return "";
}

VerifyReport verify_evidence(const fs::path& path) {
    try {
        return verify_any(path);
    } catch (const fs::filesystem_error& error) {
        // The evidence cannot be read as a whole (a folder vanished, permissions): say where.
        throw UsageError(error.path1().string() + ": " + error.code().message());
    }
}

}  // namespace footage::evidence
