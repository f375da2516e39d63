#pragma once
// SHA-256 through OpenSSL (its SHA-NI path is several times faster than coreutils here).
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

// Lower-case hex SHA-256 of a buffer.
std::string sha256_hex(std::string_view bytes);

}  // namespace footage::evidence
