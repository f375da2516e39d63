// The bag reader on hostile file systems: besides hostile bytes, each file of the bag may be a
// symlink (to /dev/zero, to a copy outside the bag), a FIFO nobody writes to, or missing, and
// data/ itself may be a link. Byte 0 and 1 pick, two bits per file, what each one is; the rest
// is cut at "\n--\n" into the files' contents. verify must answer (problems or a UsageError):
// never crash, hang on a FIFO, read /dev/zero or pass a linked file as checked.
#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "lib/evidence/verify.hpp"
#include "lib/util/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    namespace fs = std::filesystem;
    if (size < 2) {
        return 0;
    }
    const fs::path scratch = fuzz::scratch_dir() / "bag";
    const fs::path root = scratch / "bag";
    const fs::path outside = scratch / "outside";
    fs::remove_all(scratch);
    fs::create_directories(root / "data");
    fs::create_directories(outside);
    const char* names[] = {"bagit.txt",           "bag-info.txt",
                           "manifest-sha256.txt", "tagmanifest-sha256.txt",
                           "data/a.txt",          "data/manifest.json",
                           "data/custody.jsonl",  "tagmanifest-sha256.txt.minisig"};
    const uint16_t kinds = static_cast<uint16_t>(data[0] | (data[1] << 8));
    std::vector<std::string_view> parts = fuzz::split_parts(data + 2, size - 2, 8);
    for (size_t i = 0; i < 8; ++i) {
        const fs::path file = root / names[i];
        const std::string_view text = i < parts.size() ? parts[i] : std::string_view();
        switch ((kinds >> (2 * i)) & 3) {
            case 0:
                fuzz::write_file(file, text);
                break;
            case 1:
                fs::create_symlink("/dev/zero", file);
                break;
            case 2:
                ::mkfifo(file.c_str(), 0644);
                break;
            default: {
                fs::path copy = outside / fs::path(names[i]).filename();
                fuzz::write_file(copy, text);
                fs::create_symlink(copy, file);
                break;
            }
        }
    }
    try {
        evidence::VerifyReport report = evidence::verify_evidence(root);
        for (const evidence::Problem& problem : report.problems) {
            if (problem.reason.empty()) {
                std::abort();  // every problem says why
            }
        }
        // A bag with a linked or special file among those verify reads (all but the signature,
        // read only with --pubkey) is never intact.
        if ((kinds & 0x3fff) != 0 && report.intact()) {
            std::abort();
        }
    } catch (const UsageError&) {
    }
    return 0;
}
