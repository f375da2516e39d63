#include "lib/evidence/signer.hpp"

#include <stdexcept>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "lib/evidence/safe_open.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/evidence/signature.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

// A key file the user named: links followed (keys live where the user keeps them), but only a
// regular file, never blocking, and small.
std::string read_key(const fs::path& path) {
    OpenedFile file = open_regular(path, true);
    if (!file.problem.empty()) {
        throw UsageError(path.string() + ": cannot read the key file (" + file.problem + ")");
    }
    std::optional<std::string> key = read_capped(file.fd.get(), kSmallTagCap, path.string());
    if (!key) {
        throw UsageError(path.string() + ": too large for a key file");
    }
    return *key;
}

// A tag file of the bag, through safe_open: nullopt with `problem` when it cannot be read.
std::optional<std::string> read_bag_tag(int bag_fd, const std::string& name, std::string& problem) {
    OpenedFile file = open_beneath(bag_fd, name);
    if (!file.problem.empty()) {
        problem = file.problem;
        return std::nullopt;
    }
    std::optional<std::string> text = read_capped(file.fd.get(), kListCap, name);
    if (!text) {
        problem = "too large to read";
    }
    return text;
}

}  // namespace

namespace {

// Creates the missing folders above a key, each private to its owner (0700); existing ones are
// left as they are.
void create_private_parents(const fs::path& folder) {
    if (folder.empty() || fs::exists(fs::symlink_status(folder))) {
        return;
    }
    create_private_parents(folder.parent_path());
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
        throw IoError(folder.string() + ": cannot create the key's folder: " +
                      std::strerror(errno));
    }
}

}  // namespace

void write_key_pair(const fs::path& secret_path) {
    fs::path public_path = secret_path.string() + ".pub";
    if (secret_path.empty() || !secret_path.has_filename()) {
        throw UsageError("--out: a key file name is needed, not \"" + secret_path.string() + "\"");
    }
    for (const fs::path& path : {secret_path, public_path}) {
        if (fs::exists(fs::symlink_status(path))) {
            throw IoError(path.string() + ": already exists; keys are never overwritten");
        }
    }
    create_private_parents(secret_path.parent_path());
    KeyPair pair = generate_key_pair();
    write_synced_file(secret_path, pair.secret_key_file, 0600, true);
    write_synced_file(public_path, pair.public_key_file, 0644, true);
}

TagSigner minisign_signer(const fs::path& secret_key) {
    std::string key = read_key(secret_key);
    // Fail now, before anything is cut, if the key cannot sign.
    try {
        sign("", key, "check");
    } catch (const std::invalid_argument& error) {
        throw UsageError(secret_key.string() + ": not a footage secret key (" + error.what() + ")");
    }
    return [key](const std::string& tagmanifest) {
        return TagSignature{kSignatureFile, sign(tagmanifest, key,
                                                 "footage evidence bag tag manifest, SHA-256 " +
                                                     sha256_hex(tagmanifest))};
    };
}

SignatureCheck check_bag_signature(const fs::path& bag, const fs::path& public_key) {
    std::string key = read_key(public_key);
    SignatureCheck check;
    UniqueFd bag_fd = open_directory(bag);
    if (!bag_fd.valid()) {
        throw UsageError(bag.string() + ": cannot open the bag folder (or it is a symlink)");
    }
    std::string problem;
    std::optional<std::string> signature = read_bag_tag(bag_fd.get(), kSignatureFile, problem);
    if (!signature) {
        check.reason = problem == "missing"
                           ? "the bag is not signed (no " + std::string(kSignatureFile) + ")"
                           : std::string(kSignatureFile) + ": " + problem;
        return check;
    }
    std::optional<std::string> manifest =
        read_bag_tag(bag_fd.get(), "tagmanifest-sha256.txt", problem);
    if (!manifest) {
        check.reason = "tagmanifest-sha256.txt, which the signature covers: " + problem;
        return check;
    }
    VerifyResult result = verify(*manifest, *signature, key);
    check.valid = result.valid;
    check.other_key = result.other_key;
    check.reason = result.valid ? result.trusted_comment : result.reason;
    return check;
}

}  // namespace footage::evidence
