#pragma once
// Signing evidence bags with Ed25519 keys in minisign's file formats: the signature over the
// tag manifest sits in the bag root as `tagmanifest-sha256.txt.minisig`, a tag file the tag
// manifest does not list (RFC 8493 allows it), so `minisign -Vm tagmanifest-sha256.txt -p
// KEY.pub` run inside the bag verifies it without footage; the tag manifest in turn fixes every
// other file's hash.
#include <filesystem>
#include <string>

#include "lib/evidence/bag_writer.hpp"

namespace footage::evidence {

inline constexpr const char* kSignatureFile = "tagmanifest-sha256.txt.minisig";

// Writes a new key pair: the secret key to `secret_path` (mode 0600) and the public key, in
// minisign's format, to `secret_path` + ".pub". Missing folders above them are created with mode
// 0700. Never overwrites: throws IoError naming the file that exists.
void write_key_pair(const std::filesystem::path& secret_path);

// A signer for BagWriter::finish. Throws UsageError naming the file when it is not a footage
// secret key.
TagSigner minisign_signer(const std::filesystem::path& secret_key);

struct SignatureCheck {
    bool valid = false;
    std::string reason;  // why not, or the signature's trusted comment
    bool other_key = false;  // signed, but by another key than the one given
};

// Checks the bag's signature against a minisign public key file. A missing or malformed
// signature is invalid with a reason; an unreadable key file throws UsageError.
SignatureCheck check_bag_signature(const std::filesystem::path& bag,
                                   const std::filesystem::path& public_key);

}  // namespace footage::evidence
