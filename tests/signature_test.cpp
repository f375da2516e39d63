#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "lib/evidence/signature.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::evidence {
namespace {

constexpr const char* kMinisign = "/usr/bin/minisign";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        lines.push_back(text.substr(pos, end - pos));
        pos = end == std::string::npos ? text.size() : end + 1;
    }
    return lines;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good()) << path;
}

// The signature file with its line `index` (0-based) replaced.
std::string with_line(const std::string& signature, std::size_t index, const std::string& line) {
    std::vector<std::string> lines = lines_of(signature);
    lines.at(index) = line;
    std::string out;
    for (const std::string& l : lines) {
        out += l + "\n";
    }
    return out;
}

bool have_minisign() { return std::filesystem::exists(kMinisign); }

test::RunResult minisign_verify(const std::filesystem::path& message,
                                const std::filesystem::path& public_key,
                                const std::filesystem::path& signature) {
    return test::run_program(
        kMinisign, {"-Vm", message.string(), "-p", public_key.string(), "-x", signature.string()});
}

TEST(SignatureTest, FreshKeySignatureVerifies) {
    const KeyPair keys = generate_key_pair();
    const std::vector<std::string> pub = lines_of(keys.public_key_file);
    ASSERT_EQ(pub.size(), 2u);
    EXPECT_TRUE(keys.public_key_file.ends_with("\n"));
    EXPECT_TRUE(pub[0].starts_with("untrusted comment: minisign public key "));
    EXPECT_EQ(pub[0].size(), std::string("untrusted comment: minisign public key ").size() + 16);
    EXPECT_EQ(pub[1].size(), 56u);          // base64 of 42 bytes
    EXPECT_TRUE(pub[1].starts_with("RW"));  // "Ed"
    const std::vector<std::string> sec = lines_of(keys.secret_key_file);
    ASSERT_EQ(sec.size(), 2u);
    EXPECT_TRUE(sec[0].starts_with("untrusted comment: minisign secret key "));
    EXPECT_EQ(sec[1].size(), 212u);          // base64 of minisign's 158-byte SeckeyStruct
    EXPECT_TRUE(sec[1].starts_with("RWQAAEIy"));  // "Ed", "\0\0" (not encrypted), "B2"

    const std::string message = "evidence clip bytes\n";
    const std::string signature = sign(message, keys.secret_key_file, "clip.mp4 sha256 abc");
    const std::vector<std::string> sig = lines_of(signature);
    ASSERT_EQ(sig.size(), 4u);
    EXPECT_EQ(sig[0], "untrusted comment: signature from footage secret key");
    EXPECT_TRUE(sig[1].starts_with("RU"));  // "ED": prehashed
    EXPECT_EQ(sig[2], "trusted comment: clip.mp4 sha256 abc");
    EXPECT_TRUE(signature.ends_with("\n"));

    const VerifyResult result = verify(message, signature, keys.public_key_file);
    EXPECT_TRUE(result.valid) << result.reason;
    EXPECT_EQ(result.reason, "");
    EXPECT_EQ(result.trusted_comment, "clip.mp4 sha256 abc");
}

TEST(SignatureTest, EmptyAndBinaryMessagesAndEmptyComment) {
    const KeyPair keys = generate_key_pair();
    const std::string binary("\0\x01\xff\n\r", 5);
    for (const std::string& message : {std::string(), binary}) {
        const std::string signature = sign(message, keys.secret_key_file, "");
        const VerifyResult result = verify(message, signature, keys.public_key_file);
        EXPECT_TRUE(result.valid) << result.reason;
        EXPECT_EQ(result.trusted_comment, "");
    }
}

TEST(SignatureTest, FlippedMessageByteFails) {
    const KeyPair keys = generate_key_pair();
    std::string message = "the original footage";
    const std::string signature = sign(message, keys.secret_key_file, "comment");
    message[3] = static_cast<char>(message[3] ^ 0x01);
    const VerifyResult result = verify(message, signature, keys.public_key_file);
    EXPECT_FALSE(result.valid);
    EXPECT_NE(result.reason.find("message does not match"), std::string::npos) << result.reason;
    EXPECT_EQ(result.trusted_comment, "");
}

TEST(SignatureTest, TamperedTrustedCommentFails) {
    const KeyPair keys = generate_key_pair();
    const std::string message = "footage";
    const std::string signature = sign(message, keys.secret_key_file, "camera 1 09:00");
    const std::string tampered = with_line(signature, 2, "trusted comment: camera 1 09:01");
    const VerifyResult result = verify(message, tampered, keys.public_key_file);
    EXPECT_FALSE(result.valid);
    EXPECT_NE(result.reason.find("trusted comment"), std::string::npos) << result.reason;
}

TEST(SignatureTest, DifferentKeyFailsWithKeyIdMismatch) {
    const KeyPair keys = generate_key_pair();
    const KeyPair other = generate_key_pair();
    const std::string signature = sign("footage", keys.secret_key_file, "c");
    const VerifyResult result = verify("footage", signature, other.public_key_file);
    EXPECT_FALSE(result.valid);
    EXPECT_NE(result.reason.find("key id mismatch"), std::string::npos) << result.reason;
}

TEST(SignatureTest, SameKeyIdButDifferentKeyFails) {
    const KeyPair keys = generate_key_pair();
    const KeyPair other = generate_key_pair();
    // Public key struct: "Ed" (bytes 0-1), key id (2-9), key (10-41). Base64 characters 0-19 are
    // bytes 0-14: take those from `keys` and the rest of the key from `other`.
    const std::string ours = lines_of(keys.public_key_file)[1];
    const std::string theirs = lines_of(other.public_key_file)[1];
    const std::string spliced = ours.substr(0, 20) + theirs.substr(20);
    const std::string public_key = lines_of(keys.public_key_file)[0] + "\n" + spliced + "\n";
    const std::string signature = sign("footage", keys.secret_key_file, "c");
    const VerifyResult result = verify("footage", signature, public_key);
    EXPECT_FALSE(result.valid);
    EXPECT_EQ(result.reason.find("key id"), std::string::npos) << result.reason;
}

TEST(SignatureTest, GarbageFailsCleanly) {
    const KeyPair keys = generate_key_pair();
    const std::string good = sign("m", keys.secret_key_file, "c");
    const std::vector<std::string> bad_signatures = {
        "",
        "hello",
        "\n\n\n\n",
        std::string(5000, '\xff'),
        "untrusted comment: x\nnot base64!\ntrusted comment: c\nAAAA\n",
        with_line(good, 0, "comment: missing prefix"),
        with_line(good, 1, lines_of(good)[1].substr(0, 96)),     // truncated
        with_line(good, 1, lines_of(good)[1] + "AAAA"),          // too long
        with_line(good, 1, " " + lines_of(good)[1].substr(1)),   // whitespace inside
        with_line(good, 1, "RX" + lines_of(good)[1].substr(2)),  // unknown algorithm
        with_line(good, 2, "untrusted comment: c"),              // no trusted prefix
        with_line(good, 3, "===="),                              // bad global signature
        with_line(good, 3, lines_of(good)[3].substr(0, 84)),     // short global signature
        lines_of(good)[0] + "\n" + lines_of(good)[1] + "\n",     // only two lines
    };
    for (const std::string& signature : bad_signatures) {
        VerifyResult result;
        EXPECT_NO_THROW(result = verify("m", signature, keys.public_key_file));
        EXPECT_FALSE(result.valid) << signature;
        EXPECT_FALSE(result.reason.empty()) << signature;
    }
    const std::vector<std::string> bad_public_keys = {
        "",
        "garbage",
        "untrusted comment: x\n",
        "untrusted comment: x\nAAAA\n",
        keys.secret_key_file,
        with_line(keys.public_key_file, 1, "RX" + lines_of(keys.public_key_file)[1].substr(2)),
    };
    for (const std::string& public_key : bad_public_keys) {
        VerifyResult result;
        EXPECT_NO_THROW(result = verify("m", good, public_key));
        EXPECT_FALSE(result.valid) << public_key;
        EXPECT_FALSE(result.reason.empty()) << public_key;
    }
}

TEST(SignatureTest, CrLfLineEndingsStillVerify) {
    const KeyPair keys = generate_key_pair();
    std::string signature = sign("m", keys.secret_key_file, "c");
    std::string crlf;
    for (const std::string& line : lines_of(signature)) {
        crlf += line + "\r\n";
    }
    const VerifyResult result = verify("m", crlf, keys.public_key_file);
    EXPECT_TRUE(result.valid) << result.reason;
    EXPECT_EQ(result.trusted_comment, "c");
}

TEST(SignatureTest, SignRejectsBadInput) {
    const KeyPair keys = generate_key_pair();
    EXPECT_THROW(sign("m", keys.secret_key_file, "two\nlines"), std::invalid_argument);
    EXPECT_THROW(sign("m", keys.secret_key_file, "cr\r"), std::invalid_argument);
    EXPECT_THROW(sign("m", keys.secret_key_file, std::string(9000, 'x')), std::invalid_argument);
    EXPECT_NO_THROW(sign("m", keys.secret_key_file, "tab\tis fine, so is UTF-8 \xc3\xa9"));
    EXPECT_THROW(sign("m", "", "c"), std::invalid_argument);
    EXPECT_THROW(sign("m", keys.public_key_file, "c"), std::invalid_argument);
    // A seed that does not give the stored public key: characters 128+ are bytes 96-157, the end
    // of the stored public key and the checksum; take them from another key.
    const KeyPair other = generate_key_pair();
    const std::string ours = lines_of(keys.secret_key_file)[1];
    const std::string theirs = lines_of(other.secret_key_file)[1];
    const std::string spliced = ours.substr(0, 128) + theirs.substr(128);
    EXPECT_THROW(sign("m", lines_of(keys.secret_key_file)[0] + "\n" + spliced + "\n", "c"),
                 std::invalid_argument);
}

// Keys made before footage wrote minisign's secret-key format still sign.
TEST(SignatureTest, OlderFootageSecretKeysStillSign) {
    const KeyPair keys = generate_key_pair();
    const std::string line = lines_of(keys.secret_key_file)[1];
    std::vector<unsigned char> bytes(3 * line.size() / 4 + 1);
    const int decoded = EVP_DecodeBlock(bytes.data(),
                                        reinterpret_cast<const unsigned char*>(line.data()),
                                        static_cast<int>(line.size()));
    ASSERT_GE(decoded, 158);
    // "Ed" || key id (8) || seed (32) || public key (32), as footage wrote them before.
    std::vector<unsigned char> old = {'E', 'd'};
    old.insert(old.end(), bytes.begin() + 54, bytes.begin() + 54 + 72);
    std::string encoded(4 * ((old.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                       old.data(), static_cast<int>(old.size()));
    encoded.resize(static_cast<size_t>(length));
    const std::string old_file = "untrusted comment: footage secret key X\n" + encoded + "\n";
    const std::string signature = sign("m", old_file, "c");
    EXPECT_TRUE(verify("m", signature, keys.public_key_file).valid);
}

TEST(SignatureTest, MinisignVerifiesOurSignatures) {
    if (!have_minisign()) {
        GTEST_SKIP() << kMinisign << " is not installed (apt-get install minisign)";
    }
    test::TempDir dir;
    const KeyPair keys = generate_key_pair();
    const std::string message = "evidence\n";
    const std::string signature = sign(message, keys.secret_key_file, "clip 2024-05-01 cam1");
    write_file(dir / "clip", message);
    write_file(dir / "key.pub", keys.public_key_file);
    write_file(dir / "clip.minisig", signature);

    const test::RunResult ok = minisign_verify(dir / "clip", dir / "key.pub", dir / "clip.minisig");
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("Trusted comment: clip 2024-05-01 cam1"), std::string::npos) << ok.out;

    // Prehashed is required with -H; ours are.
    const test::RunResult hashed = test::run_program(
        kMinisign, {"-H", "-Vm", (dir / "clip").string(), "-p", (dir / "key.pub").string(), "-x",
                    (dir / "clip.minisig").string()});
    EXPECT_EQ(hashed.exit_code, 0) << hashed.out << hashed.err;

    write_file(dir / "tampered", "evidencE\n");
    const test::RunResult bad_message =
        minisign_verify(dir / "tampered", dir / "key.pub", dir / "clip.minisig");
    EXPECT_NE(bad_message.exit_code, 0) << bad_message.out << bad_message.err;

    write_file(dir / "tampered.minisig",
               with_line(signature, 2, "trusted comment: clip 2024-05-01 cam2"));
    const test::RunResult bad_comment =
        minisign_verify(dir / "clip", dir / "key.pub", dir / "tampered.minisig");
    EXPECT_NE(bad_comment.exit_code, 0) << bad_comment.out << bad_comment.err;

    write_file(dir / "other.pub", generate_key_pair().public_key_file);
    const test::RunResult bad_key =
        minisign_verify(dir / "clip", dir / "other.pub", dir / "clip.minisig");
    EXPECT_NE(bad_key.exit_code, 0) << bad_key.out << bad_key.err;
}

TEST(SignatureTest, WeVerifyMinisignSignatures) {
    if (!have_minisign()) {
        GTEST_SKIP() << kMinisign << " is not installed (apt-get install minisign)";
    }
    test::TempDir dir;
    const test::RunResult generated = test::run_program(
        kMinisign, {"-G", "-W", "-p", (dir / "m.pub").string(), "-s", (dir / "m.key").string()});
    ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
    const std::string message = "made by minisign\n";
    write_file(dir / "file", message);
    const std::string public_key = test::read_file(dir / "m.pub");

    // Prehashed ("ED", the default) and legacy ("Ed", -l).
    for (const bool legacy : {false, true}) {
        std::vector<std::string> args = {
            "-S", "-s",           (dir / "m.key").string(), "-m", (dir / "file").string(),
            "-t", "from minisign"};
        if (legacy) {
            args.push_back("-l");
        }
        const test::RunResult signed_ = test::run_program(kMinisign, args);
        ASSERT_EQ(signed_.exit_code, 0) << signed_.out << signed_.err;
        const std::string signature = test::read_file(dir / "file.minisig");
        EXPECT_TRUE(lines_of(signature).at(1).starts_with(legacy ? "RW" : "RU"));

        const VerifyResult result = verify(message, signature, public_key);
        EXPECT_TRUE(result.valid) << "legacy=" << legacy << ": " << result.reason;
        EXPECT_EQ(result.trusted_comment, "from minisign");
        EXPECT_FALSE(verify("made by minisign.\n", signature, public_key).valid);
    }
    // And footage signs with the key minisign made (its secret-key format is footage's too).
    const std::string ours = sign(message, test::read_file(dir / "m.key"), "from footage");
    EXPECT_TRUE(verify(message, ours, public_key).valid);
}

}  // namespace
}  // namespace footage::evidence
