#include "lib/evidence/sha256.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
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
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out.push_back(kDigits[digest[i] >> 4]);
        out.push_back(kDigits[digest[i] & 0x0f]);
    }
    return out;
}

DigestContextPtr new_sha256() {
    DigestContextPtr context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("OpenSSL cannot start a SHA-256 digest");
    }
    return context;
}

std::string finish(EVP_MD_CTX* context) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context, digest.data(), &size) != 1) {
        throw std::runtime_error("OpenSSL cannot finish a SHA-256 digest");
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

}  // namespace

std::string sha256_file(const std::filesystem::path& path, const ReadProgress& progress) {
    Fd fd(open_read_only(path));
    if (fd.get() < 0) {
        throw IoError(path.string() + ": cannot open: " + std::strerror(errno));
    }
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    DigestContextPtr context = new_sha256();
    std::vector<unsigned char> buffer(1 << 20);
    for (;;) {
        ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw IoError(path.string() + ": read failed: " + std::strerror(errno));
        }
        if (got == 0) {
            break;
        }
        EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(got));
        if (progress) {
            progress(static_cast<uint64_t>(got));
        }
    }
    return finish(context.get());
}

std::string sha256_hex(std::string_view bytes) {
    DigestContextPtr context = new_sha256();
    EVP_DigestUpdate(context.get(), bytes.data(), bytes.size());
    return finish(context.get());
}

}  // namespace footage::evidence
