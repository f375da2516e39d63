#include "lib/evidence/verify.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lib/evidence/sha256.hpp"
#include "lib/util/error.hpp"
#include "lib/util/whole_file.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
    std::optional<std::string> text = read_whole_file(path);
    if (!text) {
        throw UsageError(path.string() + ": cannot read");
    }
    return *text;
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
std::vector<std::pair<std::string, std::string>> parse_manifest(const fs::path& file,
                                                                size_t hex_length,
                                                                bool percent_encoded) {
    std::vector<std::pair<std::string, std::string>> entries;
    std::istringstream in(read_text(file));
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
            throw UsageError(file.string() + ":" + std::to_string(number) +
                             ": not a \"<checksum>  <path>\" line");
        }
        size_t start = line.find_first_not_of(' ', space);
        if (start != std::string::npos && line[start] == '*') {
            ++start;
        }
        if (start == std::string::npos || start >= line.size()) {
            throw UsageError(file.string() + ":" + std::to_string(number) + ": no path");
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

// Hashes each file at most once, whatever number of manifests list it.
class Hasher {
  public:
    explicit Hasher(VerifyReport& report) : m_report(report) {}
    const FileDigests* digests(const fs::path& path) {
        auto found = m_cache.find(path);
        if (found != m_cache.end()) {
            return &found->second;
        }
        try {
            FileDigests digests = sha256_and_sha512_file(path);
            ++m_report.files_checked;
            m_report.bytes_checked += digests.size;
            return &m_cache.emplace(path, digests).first->second;
        } catch (const IoError&) {
            return nullptr;
        }
    }

  private:
    VerifyReport& m_report;
    std::map<fs::path, FileDigests> m_cache;
};

// Checks one manifest's entries; returns the listed paths that are confined.
std::set<std::string> check_manifest(const fs::path& root, const fs::path& manifest,
                                     const std::string& algorithm, Hasher& hasher,
                                     VerifyReport& report) {
    const bool in_bag = report.kind == "bag";
    const size_t hex_length = algorithm == "sha512" ? 128 : 64;
    std::set<std::string> listed;
    const std::string label = algorithm == "sha512" ? "SHA-512" : "SHA-256";
    for (const auto& [hex, relative] : parse_manifest(manifest, hex_length, in_bag)) {
        std::string escape = confinement_problem(root, relative);
        if (!escape.empty()) {
            report.problems.push_back(
                {relative, escape + " (listed in " + manifest.filename().string() + ")"});
            continue;
        }
        listed.insert(relative);
        fs::path path = root / relative;
        std::error_code error;
        if (!fs::is_regular_file(fs::symlink_status(path, error))) {
            report.problems.push_back(
                {relative, "missing (listed in " + manifest.filename().string() + ")"});
            continue;
        }
        const FileDigests* digests = hasher.digests(path);
        if (digests == nullptr) {
            report.problems.push_back({relative, "cannot be read"});
            continue;
        }
        const std::string& actual = algorithm == "sha512" ? digests->sha512 : digests->sha256;
        if (actual != hex) {
            report.problems.push_back({relative, label + " mismatch (" +
                                                     manifest.filename().string() + " says " +
                                                     hex.substr(0, 16) + "…, the file is " +
                                                     actual.substr(0, 16) + "…)"});
        }
    }
    return listed;
}

std::map<std::string, std::string> parse_bag_info(const fs::path& file) {
    std::map<std::string, std::string> fields;
    std::istringstream in(read_text(file));
    std::string line;
    std::string last;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !last.empty()) {
            size_t text = line.find_first_not_of(" \t");
            if (text != std::string::npos) {  // a line of blanks continues with nothing
                fields[last] += " " + line.substr(text);
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

VerifyReport verify_bag(const fs::path& root) {
    VerifyReport report;
    report.kind = "bag";
    report.root = root;
    std::string declaration = read_text(root / "bagit.txt");
    if (declaration.rfind("BagIt-Version: ", 0) != 0 ||
        declaration.find("Tag-File-Character-Encoding: UTF-8") == std::string::npos) {
        throw UsageError((root / "bagit.txt").string() + ": not a BagIt declaration");
    }
    Hasher hasher(report);
    std::vector<std::set<std::string>> manifests;
    std::vector<std::string> manifest_names;
    for (const char* algorithm : {"sha256", "sha512"}) {
        fs::path manifest = root / (std::string("manifest-") + algorithm + ".txt");
        if (fs::exists(manifest)) {
            manifests.push_back(check_manifest(root, manifest, algorithm, hasher, report));
            manifest_names.push_back(manifest.filename().string());
        }
    }
    if (manifests.empty()) {
        throw UsageError(root.string() +
                         ": a bag needs manifest-sha256.txt or manifest-sha512.txt");
    }
    // Every payload file must be listed in every manifest; nothing may hide in data/.
    uint64_t octets = 0;
    int64_t count = 0;
    if (fs::is_directory(fs::symlink_status(root / "data"))) {
        for (auto it = fs::recursive_directory_iterator(root / "data");
             it != fs::recursive_directory_iterator(); ++it) {
            std::string relative = it->path().lexically_relative(root).generic_string();
            fs::file_status status = it->symlink_status();
            if (fs::is_symlink(status)) {
                report.problems.push_back({relative, "a symlink in the payload (not followed)"});
                continue;
            }
            if (!fs::is_regular_file(status)) {
                continue;
            }
            ++count;
            octets += fs::file_size(it->path());
            for (size_t m = 0; m < manifests.size(); ++m) {
                if (manifests[m].count(relative) == 0) {
                    report.problems.push_back({relative, "not in " + manifest_names[m]});
                }
            }
        }
    } else {
        report.problems.push_back({"data/", "missing"});
    }
    std::map<std::string, std::string> info;
    if (fs::exists(root / "bag-info.txt")) {
        info = parse_bag_info(root / "bag-info.txt");
    }
    auto oxum = info.find("Payload-Oxum");
    if (oxum != info.end()) {
        std::string expected = std::to_string(octets) + "." + std::to_string(count);
        if (oxum->second != expected) {
            report.problems.push_back({"bag-info.txt", "Payload-Oxum says " + oxum->second +
                                                           ", the payload is " + expected +
                                                           " (octets.files)"});
        }
    }
    for (const char* algorithm : {"sha256", "sha512"}) {
        fs::path manifest = root / (std::string("tagmanifest-") + algorithm + ".txt");
        if (fs::exists(manifest)) {
            check_manifest(root, manifest, algorithm, hasher, report);
        }
    }
    return report;
}

VerifyReport verify_sha256sum(const fs::path& file) {
    VerifyReport report;
    report.kind = "sha256sum";
    report.root = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    Hasher hasher(report);
    check_manifest(report.root, file, "sha256", hasher, report);
    return report;
}

VerifyReport verify_manifest_json(const fs::path& file) {
    VerifyReport report;
    report.kind = "manifest.json";
    report.root = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    nlohmann::json manifest;
    try {
        manifest = nlohmann::json::parse(read_text(file));
    } catch (const nlohmann::json::exception& error) {
        throw UsageError(file.string() + ": not JSON (" + error.what() + ")");
    }
    if (!manifest.contains("outputs") || !manifest["outputs"].is_array()) {
        throw UsageError(file.string() + ": no \"outputs\" list: not a footage manifest.json");
    }
    Hasher hasher(report);
    for (const nlohmann::json& output : manifest["outputs"]) {
        if (!output.contains("path") || !output["path"].is_string() || !output.contains("sha256") ||
            !output["sha256"].is_string()) {
            throw UsageError(file.string() + ": an output without \"path\" and \"sha256\"");
        }
        std::string relative = output["path"];
        std::string escape = confinement_problem(report.root, relative);
        if (!escape.empty()) {
            report.problems.push_back({relative, escape});
            continue;
        }
        fs::path path = report.root / relative;
        const FileDigests* digests =
            fs::is_regular_file(fs::symlink_status(path)) ? hasher.digests(path) : nullptr;
        if (digests == nullptr) {
            report.problems.push_back({relative, "missing"});
        } else if (digests->sha256 != lower(output["sha256"])) {
            report.problems.push_back({relative, "SHA-256 mismatch"});
        }
    }
    return report;
}

VerifyReport verify_any(const fs::path& path) {
    fs::file_status status = fs::symlink_status(path);
    if (fs::is_directory(status)) {
        if (!fs::exists(path / "bagit.txt")) {
            throw UsageError(path.string() + ": a directory without bagit.txt is not a bag");
        }
        return verify_bag(path);
    }
    if (!fs::is_regular_file(status)) {
        throw UsageError(path.string() + ": no such file or directory");
    }
    if (path.extension() == ".json") {
        return verify_manifest_json(path);
    }
    return verify_sha256sum(path);
}

}  // namespace

std::string confinement_problem(const fs::path& root, const std::string& relative) {
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
