#include "lib/evidence/bag_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "lib/evidence/sha256.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

void fsync_path(const fs::path& path, bool directory) {
    int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        throw IoError(path.string() + ": cannot open to sync: " + std::strerror(errno));
    }
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    if (rc != 0) {
        throw IoError(path.string() + ": fsync failed: " + std::strerror(error));
    }
}

struct PayloadFile {
    std::string relative;  // "data/..." with forward slashes
    FileDigests digests;
};

std::vector<PayloadFile> hash_payload(const fs::path& root, const fs::path& data) {
    std::vector<PayloadFile> files;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(data)) {
        if (entry.is_regular_file()) {
            files.push_back({entry.path().lexically_relative(root).generic_string(),
                             sha256_and_sha512_file(entry.path())});
        }
    }
    std::sort(files.begin(), files.end(),
              [](const PayloadFile& a, const PayloadFile& b) { return a.relative < b.relative; });
    return files;
}

std::string date_of(int64_t utc_us) {
    timecode::Civil civil = timecode::us_to_civil(utc_us);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", civil.year, civil.month, civil.day);
    return text;
}

void sync_tree(const fs::path& root) {
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
        fsync_path(entry.path(), entry.is_directory());
    }
    fsync_path(root, true);
}

}  // namespace

void write_synced_file(const fs::path& path, const std::string& text, unsigned mode,
                       bool exclusive) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC),
                    static_cast<mode_t>(mode));
    if (fd < 0) {
        throw IoError(path.string() +
                      (errno == EEXIST && exclusive
                           ? std::string(": already exists")
                           : ": cannot create: " + std::string(std::strerror(errno))));
    }
    size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int error = errno;
            ::close(fd);
            throw IoError(path.string() + ": write failed: " + std::strerror(error));
        }
        written += static_cast<size_t>(n);
    }
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    if (rc != 0) {
        throw IoError(path.string() + ": fsync failed: " + std::strerror(error));
    }
}

BagWriter::BagWriter(fs::path final_dir) : m_final(std::move(final_dir)) {
    if (fs::exists(fs::symlink_status(m_final))) {
        throw IoError(m_final.string() + ": already exists; evidence bags are never overwritten");
    }
    // A temporary folder of this run's own: two runs making the same bag never share
    // one, and no other run's folder is ever removed.
    fs::path parent = m_final.parent_path().empty() ? fs::path(".") : m_final.parent_path();
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) {
        throw IoError(parent.string() + ": cannot create: " + error.message());
    }
    std::random_device random;
    for (int attempt = 0;; ++attempt) {
        char unique[32];
        std::snprintf(unique, sizeof unique, "%d-%08x", static_cast<int>(::getpid()), random());
        m_temp = parent / ("." + m_final.filename().string() + "." + unique + ".partial");
        if (::mkdir(m_temp.c_str(), 0755) == 0) {
            break;
        }
        if (errno != EEXIST || attempt == 100) {
            throw IoError(m_temp.string() + ": cannot create: " + std::strerror(errno));
        }
    }
    m_data = m_temp / "data";
    fs::create_directory(m_data, error);
    if (error) {
        throw IoError(m_data.string() + ": cannot create: " + error.message());
    }
}

BagWriter::~BagWriter() {
    if (!m_done) {
        std::error_code ignored;
        fs::remove_all(m_temp, ignored);
    }
}

std::string BagWriter::finish(const BagInfo& info, const TagSigner& signer) {
    std::vector<PayloadFile> payload = hash_payload(m_temp, m_data);
    std::string manifest256;
    std::string manifest512;
    uint64_t octets = 0;
    for (const PayloadFile& file : payload) {
        manifest256 += file.digests.sha256 + "  " + file.relative + "\n";
        manifest512 += file.digests.sha512 + "  " + file.relative + "\n";
        octets += file.digests.size;
    }
    std::string bag_info = "Bagging-Date: " + date_of(info.bagging_time_us) + "\n" +
                           "Payload-Oxum: " + std::to_string(octets) + "." +
                           std::to_string(payload.size()) + "\n";
    if (!info.external_identifier.empty()) {
        bag_info += "External-Identifier: " + info.external_identifier + "\n";
    }
    if (!info.contact_name.empty()) {
        bag_info += "Contact-Name: " + info.contact_name + "\n";
    }
    if (!info.source_organization.empty()) {
        bag_info += "Source-Organization: " + info.source_organization + "\n";
    }
    bag_info += "Bag-Software-Agent: " + info.software_agent + "\n";
    const std::vector<std::pair<std::string, std::string>> tag_files = {
        {"bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"},
        {"bag-info.txt", bag_info},
        {"manifest-sha256.txt", manifest256},
        {"manifest-sha512.txt", manifest512},
    };
    std::string tagmanifest;
    for (const auto& [name, text] : tag_files) {
        write_synced_file(m_temp / name, text);
        tagmanifest += sha256_hex(text) + "  " + name + "\n";
    }
    write_synced_file(m_temp / "tagmanifest-sha256.txt", tagmanifest);
    if (signer) {
        TagSignature signature = signer(tagmanifest);
        write_synced_file(m_temp / signature.file_name, signature.text);
    }
    sync_tree(m_temp);
    // Never onto an existing bag (rename(2) would replace an empty folder of that name): a run
    // that loses a race for the name fails and leaves the winner's bag as it was.
    if (::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, m_final.c_str(), RENAME_NOREPLACE) != 0) {
        int code = errno;
        throw IoError(m_final.string() + ": cannot move the finished bag into place: " +
                      (code == EEXIST || code == ENOTEMPTY
                           ? std::string("it already exists (made meanwhile by another run); "
                                         "evidence bags are never overwritten")
                           : std::strerror(code)));
    }
    m_done = true;
    fsync_path(m_final.parent_path().empty() ? fs::path(".") : m_final.parent_path(), true);
    return sha256_hex(tagmanifest);
}

}  // namespace footage::evidence
