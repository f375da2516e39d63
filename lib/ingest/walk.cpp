#include "lib/ingest/walk.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>
#include <string_view>

namespace footage::ingest {

namespace {

constexpr std::array<std::string_view, 26> kVideoExtensions = {
    ".mp4", ".m4v",  ".mov",  ".mkv", ".avi",  ".dav",  ".ts",    ".m2ts", ".mts",
    ".mpg", ".mpeg", ".h264", ".264", ".h265", ".265",  ".hevc",  ".asf",  ".wmv",
    ".flv", ".3gp",  ".webm", ".ps",  ".vob",  ".mjpg", ".mjpeg", ".ifv"};

std::filesystem::path absolute_normal(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    return (ec ? path : absolute).lexically_normal();
}

// What a file that is not a regular file or a folder is, for the user.
std::string special_kind(mode_t mode) {
    if (S_ISFIFO(mode)) {
        return "a FIFO (named pipe)";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    return "not a regular file";
}

std::string special_reason(mode_t mode) {
    return special_kind(mode) + ", not a recording: not opened";
}

// stat() only: a FIFO or a device is never opened, so it cannot block or be changed by reading.
bool stat_file(const std::filesystem::path& path, FoundFile& out, std::string& reason) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        reason = std::strerror(errno);
        return false;
    }
    if (!S_ISREG(info.st_mode)) {
        reason = S_ISDIR(info.st_mode) ? "a folder" : special_reason(info.st_mode);
        return false;
    }
    out.size = static_cast<uint64_t>(info.st_size);
    out.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    return true;
}

}  // namespace

std::optional<std::string> changed_since_walk(const FoundFile& file) {
    FoundFile now;
    std::string reason;
    if (!stat_file(file.path, now, reason)) {
        return "gone (" + reason + ")";
    }
    if (now.size != file.size) {
        return "size " + std::to_string(file.size) + " -> " + std::to_string(now.size) + " bytes";
    }
    if (now.mtime_ns != file.mtime_ns) {
        return "modified";
    }
    return std::nullopt;
}

bool has_video_extension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(kVideoExtensions.begin(), kVideoExtensions.end(), ext) !=
           kVideoExtensions.end();
}

namespace {

// The regular files beneath `root`, in no order; odd entries go to `result`. Folders one at a
// time, so that one unreadable folder is named and the walk goes on. Symlinked folders are not
// followed (no loops); symlinked files are, and a link that cannot be resolved (a loop, a
// dangling link) is named when it looks like video.
std::vector<std::filesystem::path> files_beneath(const std::filesystem::path& root,
                                                 WalkResult& result) {
    std::vector<std::filesystem::path> found;
    std::vector<std::filesystem::path> folders = {root};
    while (!folders.empty()) {
        std::filesystem::path folder = std::move(folders.back());
        folders.pop_back();
        std::error_code dir_ec;
        std::filesystem::directory_iterator it(folder, dir_ec);
        for (; !dir_ec && it != std::filesystem::directory_iterator(); it.increment(dir_ec)) {
            std::error_code type_ec;
            if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
                folders.push_back(it->path());
                continue;
            }
            if (it->is_regular_file(type_ec)) {
                found.push_back(it->path().lexically_normal());
            } else if (type_ec && has_video_extension(it->path())) {
                result.problems.push_back(it->path().string() + ": " + type_ec.message());
            } else if (!type_ec) {
                // A device, FIFO or socket (or a link to one): named, never opened.
                struct stat info {};
                if (::stat(it->path().c_str(), &info) == 0 && !S_ISDIR(info.st_mode)) {
                    result.special.push_back(
                        {it->path().lexically_normal(), special_reason(info.st_mode)});
                }
            }
        }
        if (dir_ec) {
            result.problems.push_back(folder.string() +
                                      ": cannot read folder: " + dir_ec.message());
        }
    }
    return found;
}

}  // namespace

WalkResult walk(const std::vector<std::filesystem::path>& inputs) {
    WalkResult result;
    std::set<std::filesystem::path> seen;
    auto take = [&](const std::filesystem::path& path, const std::filesystem::path& root) {
        if (!seen.insert(path).second) {
            return;
        }
        FoundFile file;
        file.path = path;
        file.root = root;
        std::string reason;
        if (stat_file(path, file, reason)) {
            result.files.push_back(std::move(file));
        } else {
            result.problems.push_back(path.string() + ": " + reason);
        }
    };

    for (const std::filesystem::path& input : inputs) {
        std::filesystem::path path = absolute_normal(input);
        if (path.has_filename() == false && path.has_parent_path()) {
            path = path.parent_path();  // "drive/" -> "drive"
        }
        std::error_code ec;
        std::filesystem::file_status status = std::filesystem::status(path, ec);
        if (ec || !std::filesystem::exists(status)) {
            result.problems.push_back(path.string() + ": no such file or directory");
            continue;
        }
        if (!std::filesystem::is_directory(status)) {
            take(path, path.parent_path());
            continue;
        }
        std::vector<std::filesystem::path> found = files_beneath(path, result);
        std::sort(found.begin(), found.end());
        for (const std::filesystem::path& file : found) {
            if (has_video_extension(file)) {
                take(file, path);
            } else {
                result.ignored.push_back(file);
            }
        }
    }
    std::sort(result.special.begin(), result.special.end(),
              [](const SpecialFile& a, const SpecialFile& b) { return a.path < b.path; });
    std::stable_sort(result.files.begin(), result.files.end(),
                     [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    return result;
}

}  // namespace footage::ingest
