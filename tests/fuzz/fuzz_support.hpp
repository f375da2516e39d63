#pragma once
// Helpers shared by the fuzz targets: a private scratch directory and a way to cut one input
// into several files. Only footage::Error may escape the code under test; anything else
// (std::out_of_range, nlohmann's type_error, a crash) is a bug the fuzzer must report.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace footage::fuzz {

// One directory per process under $TMPDIR, removed at exit.
inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "footage-fuzz-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::abort();
        }
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratch_dir(), ec);
        });
        return std::filesystem::path(pattern);
    }();
    return dir;
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The input cut at each "\n--\n" into at most `count` parts (missing parts are empty).
inline std::vector<std::string_view> split_parts(const uint8_t* data, size_t size, size_t count) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < count) {
        size_t cut = rest.find("\n--\n");
        if (cut == std::string_view::npos) {
            break;
        }
        parts.push_back(rest.substr(0, cut));
        rest.remove_prefix(cut + 4);
    }
    parts.push_back(rest);
    parts.resize(count);
    return parts;
}

}  // namespace footage::fuzz
