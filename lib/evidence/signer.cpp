#include "lib/evidence/signer.hpp"

#include <stdexcept>

#include "lib/evidence/sha256.hpp"
#include "lib/evidence/signature.hpp"
#include "lib/util/error.hpp"
#include "lib/util/whole_file.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

std::string read_key(const fs::path& path) {
    std::optional<std::string> key = read_whole_file(path);
    if (!key) {
        throw UsageError(path.string() + ": cannot read the key file");
    }
    return *key;
}

}  // namespace

void write_key_pair(const fs::path& secret_path) {
    fs::path public_path = secret_path.string() + ".pub";
    for (const fs::path& path : {secret_path, public_path}) {
        if (fs::exists(fs::symlink_status(path))) {
            throw IoError(path.string() + ": already exists; keys are never overwritten");
        }
    }
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
    std::optional<std::string> signature = read_whole_file(bag / kSignatureFile);
    if (!signature) {
        check.reason = "the bag is not signed (no " + std::string(kSignatureFile) + ")";
        return check;
    }
    std::optional<std::string> manifest = read_whole_file(bag / "tagmanifest-sha256.txt");
    if (!manifest) {
        check.reason = "the bag has no tagmanifest-sha256.txt to check the signature against";
        return check;
    }
    VerifyResult result = verify(*manifest, *signature, key);
    check.valid = result.valid;
    check.reason = result.valid ? result.trusted_comment : result.reason;
    return check;
}

}  // namespace footage::evidence
