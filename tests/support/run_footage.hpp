#pragma once
// Running the real `footage` binary from tests, the way a user would.
#include <filesystem>
#include <ios>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace footage::test {

struct RunResult {
    int exit_code = -1;
    std::string out;              // stdout
    std::string err;              // stderr
    nlohmann::json json() const;  // parses `out`; fails the test when it is not JSON
};

// $FOOTAGE_BIN, else the binary this build made.
std::string footage_binary();

// Runs footage_binary() with `args` (no shell), capturing both streams.
RunResult run_footage(const std::vector<std::string>& args);

// Runs any program (no shell), capturing both streams; `program` is looked up in PATH.
RunResult run_program(const std::string& program, const std::vector<std::string>& args);

// $FOOTAGE_TESTDATA/drive, with its ground_truth.json; skips the test when absent.
std::filesystem::path generated_drive();

// $FOOTAGE_SOURCE_DIR, else the source tree this build came from.
std::filesystem::path source_dir();

// tests/support/check_report.py on a report folder: every image exists and decodes, nothing
// points outside, report.json validates against docs/report.schema.json.
RunResult check_report(const std::filesystem::path& dir);

// Flips the lowest bit of the byte at `at`: the smallest tampering there is.
void flip_byte(const std::filesystem::path& file, std::streamoff at);

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

  private:
    std::filesystem::path m_path;
};

std::string read_file(const std::filesystem::path& path);
nlohmann::json read_json(const std::filesystem::path& path);

}  // namespace footage::test
