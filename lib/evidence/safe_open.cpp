#include "lib/evidence/safe_open.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "lib/util/error.hpp"

namespace footage::evidence {

namespace {

std::string kind_of(mode_t mode) {
    if (S_ISFIFO(mode)) {
        return "not a regular file (a FIFO)";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "not a regular file (a device)";
    }
    if (S_ISSOCK(mode)) {
        return "not a regular file (a socket)";
    }
    if (S_ISDIR(mode)) {
        return "not a regular file (a directory)";
    }
    return "not a regular file";
}

// Why an openat() with O_NOFOLLOW failed, in a user's words. `at` is the directory it ran in.
std::string reason_of(int error, int at, const std::string& name) {
    if (error == ENOENT) {
        return "missing";
    }
    if (error == ELOOP || error == EMLINK) {
        return "a symlink (not followed)";
    }
    if (error == ENOTDIR) {
        struct stat st {};
        if (::fstatat(at, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
            return "a symlink (not followed)";
        }
        return "a path through something that is not a folder";
    }
    if (error == ENXIO) {
        return "not a regular file (a FIFO or socket)";
    }
    return std::string("cannot be opened: ") + std::strerror(error);
}

std::vector<std::string> split(const std::string& relative) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= relative.size()) {
        size_t slash = relative.find('/', start);
        if (slash == std::string::npos) {
            slash = relative.size();
        }
        std::string part = relative.substr(start, slash - start);
        if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = slash + 1;
    }
    return parts;
}

OpenedFile open_final(int at, const std::string& name, bool follow = false) {
    OpenedFile file;
    int fd = ::openat(at, name.c_str(),
                      O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        int error = errno;
        file.problem = reason_of(error, at, name);
        file.missing = error == ENOENT;
        return file;
    }
    UniqueFd owned(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        file.problem = std::string("cannot be checked: ") + std::strerror(errno);
        return file;
    }
    if (!S_ISREG(st.st_mode)) {
        file.problem = kind_of(st.st_mode);
        return file;
    }
    // O_NONBLOCK stays: it has no effect on the reads of a regular file.
    file.size = static_cast<uint64_t>(st.st_size);
    file.fd = std::move(owned);
    return file;
}

}  // namespace

UniqueFd::~UniqueFd() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

UniqueFd open_directory_beneath(int dir_fd, const std::string& relative, std::string& problem) {
    std::vector<std::string> parts = split(relative);
    UniqueFd current(::dup(dir_fd));
    for (const std::string& part : parts) {
        if (part == "..") {
            problem = "a path leading out of the bag with .. (not followed)";
            return UniqueFd();
        }
        int fd = ::openat(current.get(), part.c_str(),
                          O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW);
        if (fd < 0) {
            problem = reason_of(errno, current.get(), part);
            return UniqueFd();
        }
        current = UniqueFd(fd);
    }
    return current;
}

OpenedFile open_beneath(int dir_fd, const std::string& relative) {
    std::vector<std::string> parts = split(relative);
    OpenedFile file;
    if (parts.empty() || relative.front() == '/') {
        file.problem = parts.empty() ? "an empty path" : "an absolute path (not followed)";
        return file;
    }
    std::string name = parts.back();
    parts.pop_back();
    std::string folder;
    for (const std::string& part : parts) {
        folder += part + "/";
    }
    std::string problem;
    UniqueFd dir = open_directory_beneath(dir_fd, folder, problem);
    if (!dir.valid()) {
        file.problem = problem;
        file.missing = problem == "missing";
        return file;
    }
    if (name == "..") {
        file.problem = "a path leading out of the bag with .. (not followed)";
        return file;
    }
    return open_final(dir.get(), name);
}

OpenedFile open_regular(const std::filesystem::path& path, bool follow) {
    if (path.empty()) {
        OpenedFile file;
        file.problem = "an empty path";
        return file;
    }
    return open_final(AT_FDCWD, path.string(), follow);
}

UniqueFd open_directory(const std::filesystem::path& path) {
    return UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW));
}

std::optional<std::string> read_capped(int fd, uint64_t cap, const std::string& name) {
    std::string bytes;
    std::vector<char> buffer(1 << 16);
    while (true) {
        ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            throw IoError(name + ": read failed: " + std::strerror(errno));
        }
        if (got == 0) {
            return bytes;
        }
        if (bytes.size() + static_cast<size_t>(got) > cap) {
            return std::nullopt;
        }
        bytes.append(buffer.data(), static_cast<size_t>(got));
    }
}

std::string fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

}  // namespace footage::evidence
