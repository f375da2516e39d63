#include "lib/evidence/signature.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace footage::evidence {

namespace {

constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";
constexpr std::string_view kSignatureComment = "signature from footage secret key";
constexpr std::string_view kAlgorithm = "Ed";        // keys, and legacy signatures of the message
constexpr std::string_view kAlgorithmHashed = "ED";  // signatures of BLAKE2b-512(message)
constexpr std::size_t kAlgorithmBytes = 2;
constexpr std::size_t kKeyIdBytes = 8;
constexpr std::size_t kPublicKeyBytes = 32;
constexpr std::size_t kSeedBytes = 32;
constexpr std::size_t kSignatureBytes = 64;
constexpr std::size_t kPublicKeyStructBytes = kAlgorithmBytes + kKeyIdBytes + kPublicKeyBytes;
constexpr std::size_t kSecretKeyStructBytes =
    kAlgorithmBytes + kKeyIdBytes + kSeedBytes + kPublicKeyBytes;
constexpr std::size_t kSignatureStructBytes = kAlgorithmBytes + kKeyIdBytes + kSignatureBytes;
// minisign's SeckeyStruct: sig_alg "Ed", kdf_alg ("\0\0": not encrypted), chk_alg "B2", kdf salt
// (32), opslimit (8, LE), memlimit (8, LE), then keynum (8), sk = seed || public key (64) and
// chk (32). minisign -G -W writes zeros for salt, limits and chk, and reads chk only when the
// key is encrypted; footage writes the same.
constexpr std::size_t kKdfSaltBytes = 32;
constexpr std::size_t kMinisignSecretKeyBytes = kAlgorithmBytes + 2 + 2 + kKdfSaltBytes + 8 + 8 +
                                                kKeyIdBytes + kSeedBytes + kPublicKeyBytes + 32;
constexpr std::string_view kKdfNone("\0\0", 2);
constexpr std::string_view kChecksumAlgorithm = "B2";
// minisign reads the trusted comment line into 8192 bytes with the prefix, newline and NUL.
constexpr std::size_t kMaxTrustedCommentBytes = 8192 - kTrustedPrefix.size() - 2;

using Bytes = std::vector<unsigned char>;

struct PkeyFreer {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFreer>;

struct DigestContextFreer {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
using DigestContextPtr = std::unique_ptr<EVP_MD_CTX, DigestContextFreer>;

[[noreturn]] void throw_openssl(const char* what) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    std::string message = std::string("OpenSSL: ") + what;
    if (code != 0) {
        std::array<char, 256> text{};
        ERR_error_string_n(code, text.data(), text.size());
        message += ": ";
        message += text.data();
    }
    throw std::runtime_error(message);
}

const unsigned char* data_of(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

void append(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

void append(Bytes& out, const unsigned char* p, std::size_t n) { out.insert(out.end(), p, p + n); }

std::string base64_encode(const Bytes& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                        static_cast<int>(bytes.size()));
    if (written < 0) {
        throw_openssl("base64 encoding failed");
    }
    out.resize(static_cast<std::size_t>(written));
    return out;
}

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// Strict base64 of exactly `expected` bytes: no whitespace, padding only at the end.
// EVP_DecodeBlock itself skips surrounding whitespace and counts padding as zero bytes.
std::optional<Bytes> base64_decode(std::string_view text, std::size_t expected) {
    if (text.size() != 4 * ((expected + 2) / 3)) {
        return std::nullopt;
    }
    std::size_t padding = 0;
    while (padding < 2 && text[text.size() - 1 - padding] == '=') {
        ++padding;
    }
    for (std::size_t i = 0; i < text.size() - padding; ++i) {
        if (!is_base64_char(text[i])) {
            return std::nullopt;
        }
    }
    Bytes out(text.size() / 4 * 3);
    const int decoded = EVP_DecodeBlock(out.data(), data_of(text), static_cast<int>(text.size()));
    if (decoded < 0 || static_cast<std::size_t>(decoded) != out.size()) {
        ERR_clear_error();
        return std::nullopt;
    }
    out.resize(out.size() - padding);
    if (out.size() != expected) {
        return std::nullopt;
    }
    return out;
}

// The key id as minisign prints it: a little-endian 64-bit number in upper-case hex.
std::string key_id_hex(const unsigned char* key_id) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = kKeyIdBytes; i-- > 0;) {
        out.push_back(kDigits[key_id[i] >> 4]);
        out.push_back(kDigits[key_id[i] & 0x0f]);
    }
    return out;
}

// The first `count` lines of `text` without their "\n" (or "\r\n"); the last may lack its "\n".
std::optional<std::vector<std::string_view>> split_lines(std::string_view text, std::size_t count) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (lines.size() < count && pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? end : end - pos);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        pos = end == std::string_view::npos ? text.size() : end + 1;
    }
    if (lines.size() < count) {
        return std::nullopt;
    }
    return lines;
}

PkeyPtr private_key_from_seed(const unsigned char* seed) {
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed, kSeedBytes));
    if (!key) {
        throw_openssl("cannot load an Ed25519 private key");
    }
    return key;
}

Bytes raw_public_key(EVP_PKEY* key) {
    Bytes out(kPublicKeyBytes);
    std::size_t size = out.size();
    if (EVP_PKEY_get_raw_public_key(key, out.data(), &size) != 1 || size != kPublicKeyBytes) {
        throw_openssl("cannot read an Ed25519 public key");
    }
    return out;
}

Bytes ed25519_sign(EVP_PKEY* key, const unsigned char* data, std::size_t size) {
    DigestContextPtr context(EVP_MD_CTX_new());
    if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key) != 1) {
        throw_openssl("cannot start an Ed25519 signature");
    }
    Bytes signature(kSignatureBytes);
    std::size_t signature_size = signature.size();
    if (EVP_DigestSign(context.get(), signature.data(), &signature_size, data, size) != 1 ||
        signature_size != kSignatureBytes) {
        throw_openssl("Ed25519 signing failed");
    }
    return signature;
}

// nullopt when the public key bytes are not a usable Ed25519 key.
std::optional<bool> ed25519_verify(const unsigned char* public_key, const unsigned char* signature,
                                   const unsigned char* data, std::size_t size) {
    PkeyPtr key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key, kPublicKeyBytes));
    if (!key) {
        ERR_clear_error();
        return std::nullopt;
    }
    DigestContextPtr context(EVP_MD_CTX_new());
    if (!context ||
        EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
        throw_openssl("cannot start an Ed25519 verification");
    }
    // 1 is a good signature; 0 or a negative value (e.g. a malformed signature) is not.
    const int result = EVP_DigestVerify(context.get(), signature, kSignatureBytes, data, size);
    ERR_clear_error();
    return result == 1;
}

Bytes blake2b512(std::string_view message) {
    Bytes digest(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    if (EVP_Digest(message.data(), message.size(), digest.data(), &size, EVP_blake2b512(),
                   nullptr) != 1 ||
        size != 64) {
        throw_openssl("BLAKE2b-512 digest failed");
    }
    digest.resize(size);
    return digest;
}

struct SecretKey {
    Bytes key_id;
    Bytes seed;
    Bytes public_key;
};

// The key id, seed and public key that follow each other from `offset` in a decoded secret key
// (both formats lay them out alike); the decoded bytes are wiped.
SecretKey take_key(Bytes& bytes, size_t offset) {
    SecretKey key;
    auto at = bytes.begin() + static_cast<std::ptrdiff_t>(offset);
    key.key_id.assign(at, at + kKeyIdBytes);
    at += kKeyIdBytes;
    key.seed.assign(at, at + kSeedBytes);
    at += kSeedBytes;
    key.public_key.assign(at, at + kPublicKeyBytes);
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return key;
}

SecretKey parse_secret_key(const std::string& secret_key_file) {
    const auto lines = split_lines(secret_key_file, 2);
    if (!lines || !(*lines)[0].starts_with(kUntrustedPrefix)) {
        throw std::invalid_argument("secret key file: expected two lines, the first \"" +
                                    std::string(kUntrustedPrefix) + "...\"");
    }
    // minisign's format (what footage keygen writes now), or footage's older short one.
    if (auto bytes = base64_decode((*lines)[1], kMinisignSecretKeyBytes)) {
        auto text = [&](size_t at) {
            return std::string_view(reinterpret_cast<const char*>(bytes->data()) + at, 2);
        };
        if (text(0) != kAlgorithm) {
            throw std::invalid_argument("secret key file: not an Ed25519 (\"Ed\") key");
        }
        if (text(2) != kKdfNone) {
            throw std::invalid_argument(
                "secret key file: a password-protected minisign key, which footage cannot "
                "open; make one with footage keygen or minisign -G -W");
        }
        if (text(4) != kChecksumAlgorithm) {
            throw std::invalid_argument("secret key file: unknown checksum algorithm");
        }
        return take_key(*bytes, kAlgorithmBytes + 4 + kKdfSaltBytes + 16);
    }
    auto bytes = base64_decode((*lines)[1], kSecretKeyStructBytes);
    if (!bytes) {
        throw std::invalid_argument(
            "secret key file: second line is not base64 of a minisign "
            "secret key (" +
            std::to_string(kMinisignSecretKeyBytes) + " bytes) or of an older footage one (" +
            std::to_string(kSecretKeyStructBytes) + " bytes)");
    }
    if (std::string_view(reinterpret_cast<const char*>(bytes->data()), kAlgorithmBytes) !=
        kAlgorithm) {
        throw std::invalid_argument("secret key file: not an Ed25519 (\"Ed\") key");
    }
    return take_key(*bytes, kAlgorithmBytes);
}

}  // namespace

KeyPair generate_key_pair() {
    Bytes key_id(kKeyIdBytes);
    Bytes seed(kSeedBytes);
    if (RAND_bytes(key_id.data(), static_cast<int>(key_id.size())) != 1 ||
        RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
        throw_openssl("no random bytes");
    }
    const PkeyPtr key = private_key_from_seed(seed.data());
    const Bytes public_key = raw_public_key(key.get());
    const std::string id = key_id_hex(key_id.data());

    Bytes public_struct;
    append(public_struct, kAlgorithm);
    append(public_struct, key_id.data(), key_id.size());
    append(public_struct, public_key.data(), public_key.size());

    Bytes secret_struct;
    append(secret_struct, kAlgorithm);
    append(secret_struct, kKdfNone);
    append(secret_struct, kChecksumAlgorithm);
    secret_struct.resize(secret_struct.size() + kKdfSaltBytes + 16, 0);  // salt, limits
    append(secret_struct, key_id.data(), key_id.size());
    append(secret_struct, seed.data(), seed.size());
    append(secret_struct, public_key.data(), public_key.size());
    secret_struct.resize(kMinisignSecretKeyBytes, 0);  // chk: unused for a key not encrypted

    KeyPair pair;
    pair.public_key_file = std::string(kUntrustedPrefix) + "minisign public key " + id + "\n" +
                           base64_encode(public_struct) + "\n";
    pair.secret_key_file = std::string(kUntrustedPrefix) + "minisign secret key " + id +
                           " (not encrypted; made by footage)\n" + base64_encode(secret_struct) +
                           "\n";
    OPENSSL_cleanse(seed.data(), seed.size());
    OPENSSL_cleanse(secret_struct.data(), secret_struct.size());
    return pair;
}

std::string sign(std::string_view message, const std::string& secret_key_file,
                 const std::string& trusted_comment) {
    if (trusted_comment.size() > kMaxTrustedCommentBytes) {
        throw std::invalid_argument("trusted comment longer than " +
                                    std::to_string(kMaxTrustedCommentBytes) + " bytes");
    }
    for (const char c : trusted_comment) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f) {
            throw std::invalid_argument("trusted comment has a control character");
        }
    }
    SecretKey secret = parse_secret_key(secret_key_file);
    const PkeyPtr key = private_key_from_seed(secret.seed.data());
    OPENSSL_cleanse(secret.seed.data(), secret.seed.size());
    if (raw_public_key(key.get()) != secret.public_key) {
        throw std::invalid_argument(
            "secret key file: the seed does not give the stored public key");
    }

    const Bytes digest = blake2b512(message);
    const Bytes signature = ed25519_sign(key.get(), digest.data(), digest.size());

    Bytes signature_struct;
    append(signature_struct, kAlgorithmHashed);
    append(signature_struct, secret.key_id.data(), secret.key_id.size());
    append(signature_struct, signature.data(), signature.size());

    Bytes global_data = signature;
    append(global_data, trusted_comment);
    const Bytes global_signature = ed25519_sign(key.get(), global_data.data(), global_data.size());

    return std::string(kUntrustedPrefix) + std::string(kSignatureComment) + "\n" +
           base64_encode(signature_struct) + "\n" + std::string(kTrustedPrefix) + trusted_comment +
           "\n" + base64_encode(global_signature) + "\n";
}

namespace {

// A minisign public key file: its key ID and Ed25519 key, or why it is not one.
struct PublicKeyFile {
    Bytes key;  // algorithm, key id, public key
    const unsigned char* key_id() const { return key.data() + kAlgorithmBytes; }
    const unsigned char* public_key() const { return key_id() + kKeyIdBytes; }
};

std::optional<PublicKeyFile> parse_public_key(const std::string& text, std::string& problem) {
    const auto lines = split_lines(text, 2);
    if (!lines) {
        problem = "public key: expected two lines";
        return std::nullopt;
    }
    if (!(*lines)[0].starts_with(kUntrustedPrefix)) {
        problem = "public key: first line does not start with \"untrusted comment: \"";
        return std::nullopt;
    }
    auto key = base64_decode((*lines)[1], kPublicKeyStructBytes);
    if (!key) {
        problem = "public key: second line is not base64 of " +
                  std::to_string(kPublicKeyStructBytes) + " bytes";
        return std::nullopt;
    }
    if (std::string_view(reinterpret_cast<const char*>(key->data()), kAlgorithmBytes) !=
        kAlgorithm) {
        problem = "public key: unsupported algorithm (not \"Ed\")";
        return std::nullopt;
    }
    return PublicKeyFile{std::move(*key)};
}

// A minisign signature file's four lines, decoded.
struct SignatureFile {
    Bytes signature_struct;  // algorithm, key id, signature
    std::string trusted_comment;
    Bytes global_signature;  // over the signature and the trusted comment

    bool hashed() const {
        return std::string_view(reinterpret_cast<const char*>(signature_struct.data()),
                                kAlgorithmBytes) == kAlgorithmHashed;
    }
    const unsigned char* key_id() const { return signature_struct.data() + kAlgorithmBytes; }
    const unsigned char* signature() const { return key_id() + kKeyIdBytes; }
};

std::optional<SignatureFile> parse_signature_file(const std::string& text, std::string& problem) {
    const auto lines = split_lines(text, 4);
    if (!lines) {
        problem = "signature: expected four lines";
        return std::nullopt;
    }
    if (!(*lines)[0].starts_with(kUntrustedPrefix)) {
        problem = "signature: first line does not start with \"untrusted comment: \"";
        return std::nullopt;
    }
    auto sig = base64_decode((*lines)[1], kSignatureStructBytes);
    if (!sig) {
        problem = "signature: second line is not base64 of " +
                  std::to_string(kSignatureStructBytes) + " bytes";
        return std::nullopt;
    }
    if (!(*lines)[2].starts_with(kTrustedPrefix)) {
        problem = "signature: third line does not start with \"trusted comment: \"";
        return std::nullopt;
    }
    const std::string_view trusted_comment = (*lines)[2].substr(kTrustedPrefix.size());
    auto global_signature = base64_decode((*lines)[3], kSignatureBytes);
    if (!global_signature) {
        problem =
            "signature: fourth line is not base64 of " + std::to_string(kSignatureBytes) + " bytes";
        return std::nullopt;
    }
    const std::string_view algorithm(reinterpret_cast<const char*>(sig->data()), kAlgorithmBytes);
    if (algorithm != kAlgorithmHashed && algorithm != kAlgorithm) {
        problem = "signature: unsupported algorithm (neither \"ED\" nor \"Ed\")";
        return std::nullopt;
    }
    return SignatureFile{std::move(*sig), std::string(trusted_comment),
                         std::move(*global_signature)};
}

}  // namespace

VerifyResult verify(std::string_view message, const std::string& signature_file,
                    const std::string& public_key_file) {
    VerifyResult result;
    auto fail = [&result](std::string reason) {
        result.valid = false;
        result.reason = std::move(reason);
        return result;
    };

    std::string problem;
    const std::optional<PublicKeyFile> key = parse_public_key(public_key_file, problem);
    if (!key) {
        return fail(problem);
    }
    const std::optional<SignatureFile> parsed = parse_signature_file(signature_file, problem);
    if (!parsed) {
        return fail(problem);
    }
    const unsigned char* key_id = key->key_id();
    const unsigned char* public_key = key->public_key();
    const bool hashed = parsed->hashed();
    const unsigned char* sig_key_id = parsed->key_id();
    const unsigned char* signature = parsed->signature();
    const std::string_view trusted_comment = parsed->trusted_comment;
    const Bytes* global_signature = &parsed->global_signature;
    if (!std::equal(sig_key_id, sig_key_id + kKeyIdBytes, key_id)) {
        result.other_key = true;
        return fail("key id mismatch: signature key id " + key_id_hex(sig_key_id) +
                    ", public key id " + key_id_hex(key_id));
    }

    std::optional<bool> good;
    if (hashed) {
        const Bytes digest = blake2b512(message);
        good = ed25519_verify(public_key, signature, digest.data(), digest.size());
    } else {
        good = ed25519_verify(public_key, signature, data_of(message), message.size());
    }
    if (!good) {
        return fail("public key: not a valid Ed25519 key");
    }
    if (!*good) {
        return fail("signature verification failed: the message does not match the signature");
    }

    Bytes global_data(signature, signature + kSignatureBytes);
    append(global_data, trusted_comment);
    const auto good_global = ed25519_verify(public_key, global_signature->data(),
                                            global_data.data(), global_data.size());
    if (!good_global || !*good_global) {
        return fail("trusted comment signature verification failed");
    }

    result.valid = true;
    result.reason.clear();
    result.trusted_comment = std::string(trusted_comment);
    return result;
}

}  // namespace footage::evidence
