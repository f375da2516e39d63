#include "lib/util/model_dirs.hpp"

#include <cstdlib>

namespace footage {

std::vector<std::filesystem::path> model_dirs() {
    std::vector<std::filesystem::path> dirs;
    if (const char* dir = std::getenv("FOOTAGE_MODEL_DIR"); dir != nullptr && *dir != '\0') {
        dirs.emplace_back(dir);
        return dirs;
    }
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0') {
        dirs.push_back(std::filesystem::path(cache) / "footage" / "models");
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        dirs.push_back(std::filesystem::path(home) / ".cache" / "footage" / "models");
    }
    return dirs;
}

}  // namespace footage
