#pragma once
// SHA-256 (and SHA-512) through OpenSSL (its SHA-NI path is several times faster than coreutils
// here).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace footage::evidence {

// Called with the number of bytes just read, so callers can show progress.
using ReadProgress = std::function<void(uint64_t bytes)>;

// Lower-case hex SHA-256 of the file's bytes. Opens read-only. Throws IoError naming the file.
std::string sha256_file(const std::filesystem::path& path, const ReadProgress& progress = {});

struct FileDigests {
    uint64_t size = 0;
    std::string sha256;  // lower-case hex
    std::string sha512;
};

// Both digests from one read of the file (verifying a bag reads each file once). Opens
// read-only. Throws IoError naming the file.
FileDigests sha256_and_sha512_file(const std::filesystem::path& path);

// The same from a file already opened (see safe_open.hpp); `name` is for messages, `size_hint`
// the size fstat gave. Throws IoError naming `name` when a read fails.
FileDigests sha256_and_sha512_fd(int fd, const std::string& name, uint64_t size_hint);
std::string sha256_fd(int fd, const std::string& name, uint64_t size_hint);

// Lower-case hex SHA-256 of a buffer.
std::string sha256_hex(std::string_view bytes);

}  // namespace footage::evidence
