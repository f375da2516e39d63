#pragma once
// Ed25519 signatures in the minisign file format (https://jedisct1.github.io/minisign/), through
// OpenSSL, so that `minisign -Vm <file> -p <key.pub> -x <file.minisig>` verifies what sign() makes.
//
// Public key file (minisign's own format, byte for byte):
//     untrusted comment: minisign public key <KEYID>\n
//     base64("Ed" || key id (8 bytes) || Ed25519 public key (32 bytes))\n
// <KEYID> is the key id read as a little-endian 64-bit number, in 16 upper-case hex digits, as
// minisign prints it.
//
// Secret key file (minisign's own format, unencrypted, as `minisign -G -W` writes it, so
// `minisign -S -s KEY` signs with it). It is NOT encrypted: protect it with file permissions.
//     untrusted comment: minisign secret key <KEYID> (not encrypted; made by footage)\n
//     base64("Ed" || "\0\0" (no KDF) || "B2" || salt (32 zero bytes) || opslimit (8 zero bytes)
//            || memlimit (8 zero bytes) || key id (8) || Ed25519 seed (32) || public key (32)
//            || checksum (32 zero bytes: minisign reads it only for an encrypted key))\n
// sign() also reads footage's older secret key files:
//     base64("Ed" || key id (8) || Ed25519 private seed (32) || Ed25519 public key (32))\n
// A password-protected (scrypt) minisign key is refused with a reason.
//
// Signature file (.minisig, minisign's prehashed form, its default since 0.8):
//     untrusted comment: signature from footage secret key\n
//     base64("ED" || key id (8) || Ed25519 signature of BLAKE2b-512(message) (64))\n
//     trusted comment: <trusted comment>\n
//     base64(Ed25519 signature of (the 64 signature bytes above || trusted comment bytes))\n
// verify() also accepts minisign's legacy "Ed" form, whose signature is over the message itself.
#include <string>
#include <string_view>

namespace footage::evidence {

struct KeyPair {
    std::string public_key_file;  // text of a minisign .pub file
    std::string secret_key_file;  // text of a minisign secret key file, unencrypted (see above)
};

// A fresh Ed25519 key with a random 8-byte key id. Throws std::runtime_error if OpenSSL fails.
KeyPair generate_key_pair();

// The text of a .minisig file signing `message` with the key in `secret_key_file`.
// The trusted comment is one line of text: throws std::invalid_argument if it has a control
// character other than tab (a line break would end it) or is longer than minisign reads
// (8173 bytes), or if `secret_key_file` is not a footage secret key file whose seed gives its
// public key. Throws std::runtime_error if OpenSSL fails.
std::string sign(std::string_view message, const std::string& secret_key_file,
                 const std::string& trusted_comment);

struct VerifyResult {
    bool valid = false;
    std::string reason;           // why it is not valid; empty when valid
    std::string trusted_comment;  // the signed trusted comment; set only when valid
    bool other_key = false;       // made by another key (its key id is not this key's)
};

// Checks that `signature_file` (.minisig text) was made by the key in `public_key_file` (.pub
// text): the key ids match, the signature covers `message` and the global signature covers the
// trusted comment. Malformed input gives valid=false with a reason; never throws for bad input,
// only std::runtime_error when OpenSSL itself fails.
VerifyResult verify(std::string_view message, const std::string& signature_file,
                    const std::string& public_key_file);

}  // namespace footage::evidence
