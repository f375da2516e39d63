#pragma once
// A whole (small) file's bytes, for manifests, keys and signatures.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace footage {

// Nullopt when the file cannot be opened; the caller says what it needed it for.
inline std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace footage
