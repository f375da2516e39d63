#pragma once
// Opening the files of a piece of evidence the way an attacker cannot redirect: no symlink is
// followed (not the file, not a folder on the way to it inside the bag), the open never blocks
// (a FIFO is refused, not waited on), and only a regular file is accepted. Files that are parsed
// are read with a size cap, so /dev/zero or a 10 GB "manifest" cannot exhaust memory.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace footage::evidence {

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

  private:
    int m_fd = -1;
};

struct OpenedFile {
    UniqueFd fd;          // valid only when `problem` is empty
    uint64_t size = 0;    // from fstat after the open
    bool missing = false; // nothing of that name (as opposed to something refused)
    std::string problem;  // "missing", "a symlink (not followed)", "not a regular file (a FIFO)", ...
};

// Opens `relative` (a path with '/' separators, no "..", not absolute) beneath the directory
// `dir_fd`, one component at a time, never following a symlink.
OpenedFile open_beneath(int dir_fd, const std::string& relative);

// Opens `path` as given by the user: its last component is not followed (unless `follow`, for
// the user's own key files); it must be a regular file.
OpenedFile open_regular(const std::filesystem::path& path, bool follow = false);

// Opens a directory without following a symlink at its last component; invalid fd when it cannot.
UniqueFd open_directory(const std::filesystem::path& path);
UniqueFd open_directory_beneath(int dir_fd, const std::string& relative, std::string& problem);

// Reads the whole of an opened file, at most `cap` bytes: nullopt when it holds more.
// Throws IoError naming `name` when a read fails.
std::optional<std::string> read_capped(int fd, uint64_t cap, const std::string& name);

// A path through which the library can re-open an opened file (for FFmpeg): /proc/self/fd/N.
std::string fd_path(int fd);

// Caps on what verify parses, in bytes.
inline constexpr uint64_t kDeclarationCap = 64 << 10;     // bagit.txt
inline constexpr uint64_t kSmallTagCap = 4 << 20;          // bag-info.txt, .minisig, keys
inline constexpr uint64_t kListCap = uint64_t{512} << 20;  // manifests, packets.csv, custody.jsonl

}  // namespace footage::evidence
