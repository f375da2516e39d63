#include "lib/evidence/sha256.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <future>
#include <memory>
#include <vector>

#include <openssl/evp.h>

#include "lib/util/error.hpp"

namespace footage::evidence {

namespace {

struct DigestContextFreer {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
using DigestContextPtr = std::unique_ptr<EVP_MD_CTX, DigestContextFreer>;

class Fd {
  public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

  private:
    int m_fd;
};

std::string to_hex(const unsigned char* digest, unsigned int size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size_t{size} * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out.push_back(kDigits[digest[i] >> 4]);
        out.push_back(kDigits[digest[i] & 0x0f]);
    }
    return out;
}

DigestContextPtr new_digest(const EVP_MD* algorithm) {
    DigestContextPtr context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), algorithm, nullptr) != 1) {
        throw std::runtime_error("OpenSSL cannot start a digest");
    }
    return context;
}

DigestContextPtr new_sha256() { return new_digest(EVP_sha256()); }

std::string finish(EVP_MD_CTX* context) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context, digest.data(), &size) != 1) {
        throw std::runtime_error("OpenSSL cannot finish a digest");
    }
    return to_hex(digest.data(), size);
}

// Read-only, and without touching the source's access time where the kernel lets us.
int open_read_only(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOATIME);
    if (fd < 0 && errno == EPERM) {  // O_NOATIME needs ownership of the file
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    }
    return fd;
}

// Fills `buffer` as far as the file allows; 0 at its end.
size_t read_chunk(int fd, const std::filesystem::path& path, std::vector<unsigned char>& buffer) {
    size_t filled = 0;
    while (filled < buffer.size()) {
        ssize_t got = ::read(fd, buffer.data() + filled, buffer.size() - filled);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            throw IoError(path.string() + ": read failed: " + std::strerror(errno));
        }
        if (got == 0) {
            break;
        }
        filled += static_cast<size_t>(got);
    }
    return filled;
}

// Feeds every byte of the open file to `consume`, reading the next chunk while it works. A file
// that fits in one chunk is read without a helper thread (verify reads many small files).
void read_fd(int fd, const std::string& name, uint64_t size_hint,
             const std::function<void(const unsigned char*, size_t)>& consume) {
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    constexpr size_t kChunk = 4 << 20;
    const size_t first = size_hint < kChunk ? static_cast<size_t>(size_hint) + 1 : kChunk;
    std::vector<unsigned char> buffers[2] = {std::vector<unsigned char>(std::max<size_t>(first, 4096)),
                                             std::vector<unsigned char>()};
    const std::filesystem::path path(name);
    int current = 0;
    size_t got = read_chunk(fd, path, buffers[current]);
    if (got < buffers[current].size()) {  // the whole file in one read
        if (got > 0) {
            consume(buffers[current].data(), got);
        }
        return;
    }
    buffers[0].resize(kChunk);
    buffers[1].resize(kChunk);
    while (got > 0) {
        std::future<size_t> next = std::async(std::launch::async, [&, other = 1 - current]() {
            return read_chunk(fd, path, buffers[other]);
        });
        consume(buffers[current].data(), got);
        got = next.get();
        current = 1 - current;
    }
}

void read_file(const std::filesystem::path& path,
               const std::function<void(const unsigned char*, size_t)>& consume) {
    Fd fd(open_read_only(path));
    if (fd.get() < 0) {
        throw IoError(path.string() + ": cannot open: " + std::strerror(errno));
    }
    read_fd(fd.get(), path.string(), uint64_t{4} << 20, consume);
}

FileDigests both_digests(const std::function<void(const std::function<void(const unsigned char*, size_t)>&)>& reader) {
    DigestContextPtr sha256 = new_sha256();
    DigestContextPtr sha512 = new_digest(EVP_sha512());
    FileDigests digests;
    // Large chunks: the two digests run on two cores, the pair costs the slower one. Small ones
    // (most files of a bag of many) in this thread: a thread start costs more than the hashing.
    reader([&](const unsigned char* bytes, size_t size) {
        if (size >= (1 << 20)) {
            std::future<void> other = std::async(
                std::launch::async, [&]() { EVP_DigestUpdate(sha512.get(), bytes, size); });
            EVP_DigestUpdate(sha256.get(), bytes, size);
            other.get();
        } else {
            EVP_DigestUpdate(sha256.get(), bytes, size);
            EVP_DigestUpdate(sha512.get(), bytes, size);
        }
        digests.size += size;
    });
    digests.sha256 = finish(sha256.get());
    digests.sha512 = finish(sha512.get());
    return digests;
}

}  // namespace

std::string sha256_file(const std::filesystem::path& path, const ReadProgress& progress) {
    DigestContextPtr context = new_sha256();
    read_file(path, [&](const unsigned char* bytes, size_t size) {
        EVP_DigestUpdate(context.get(), bytes, size);
        if (progress) {
            progress(size);
        }
    });
    return finish(context.get());
}

FileDigests sha256_and_sha512_file(const std::filesystem::path& path) {
    return both_digests([&](const auto& consume) { read_file(path, consume); });
}

FileDigests sha256_and_sha512_fd(int fd, const std::string& name, uint64_t size_hint) {
    return both_digests([&](const auto& consume) { read_fd(fd, name, size_hint, consume); });
}

std::string sha256_fd(int fd, const std::string& name, uint64_t size_hint) {
    DigestContextPtr context = new_sha256();
    read_fd(fd, name, size_hint, [&](const unsigned char* bytes, size_t size) {
        EVP_DigestUpdate(context.get(), bytes, size);
    });
    return finish(context.get());
}

std::string sha256_hex(std::string_view bytes) {
    DigestContextPtr context = new_sha256();
    EVP_DigestUpdate(context.get(), bytes.data(), bytes.size());
    return finish(context.get());
}

}  // namespace footage::evidence
