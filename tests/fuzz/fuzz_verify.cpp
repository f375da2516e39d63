// `footage verify` on hostile evidence: the first byte picks a BagIt bag, a manifest.json or a
// sha256sum file; the rest is cut at "\n--\n" into the files written. Verification may report
// problems or refuse the input with a UsageError; it must not crash, hang or read outside.
#include <cstdint>
#include <filesystem>
#include <string>

#include "lib/evidence/verify.hpp"
#include "lib/util/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    namespace fs = std::filesystem;
    if (size == 0) {
        return 0;
    }
    const fs::path root = fuzz::scratch_dir() / "evidence";
    fs::remove_all(root);
    fs::create_directories(root);
    fs::path target;
    switch (data[0] % 3) {
        case 0: {
            std::vector<std::string_view> parts = fuzz::split_parts(data + 1, size - 1, 6);
            const char* names[] = {"bagit.txt",  "manifest-sha256.txt",    "bag-info.txt",
                                   "data/a.txt", "tagmanifest-sha256.txt", "manifest-sha512.txt"};
            for (size_t i = 0; i < parts.size(); ++i) {
                if (i < 4 || !parts[i].empty()) {
                    fuzz::write_file(root / names[i], parts[i]);
                }
            }
            target = root;
            break;
        }
        case 1: {
            std::vector<std::string_view> parts = fuzz::split_parts(data + 1, size - 1, 2);
            fuzz::write_file(root / "manifest.json", parts[0]);
            fuzz::write_file(root / "a.mp4", parts[1]);
            target = root / "manifest.json";
            break;
        }
        default: {
            std::vector<std::string_view> parts = fuzz::split_parts(data + 1, size - 1, 2);
            fuzz::write_file(root / "SHA256SUMS", parts[0]);
            fuzz::write_file(root / "a.mp4", parts[1]);
            target = root / "SHA256SUMS";
            break;
        }
    }
    try {
        evidence::VerifyReport report = evidence::verify_evidence(target);
        for (const evidence::Problem& problem : report.problems) {
            if (problem.reason.empty()) {
                std::abort();  // every problem says why
            }
        }
    } catch (const UsageError&) {
    }
    return 0;
}
