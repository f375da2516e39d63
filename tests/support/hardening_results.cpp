#include "tests/support/hardening_results.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

namespace footage::test {

namespace {

std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\t' || c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

}  // namespace

void record_result(const std::string& group, const std::string& tried, const std::string& result) {
    const char* env = std::getenv("FOOTAGE_RESULTS_DIR");
    std::filesystem::path dir = env != nullptr ? env : FOOTAGE_RESULTS_DIR_DEFAULT;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = test != nullptr ? std::string(test->test_suite_name()) + "." + test->name()
                                       : std::string("?");
    std::string row = one_line(group) + "\t" + one_line(tried) + "\t" + one_line(result) + "\t" +
                      one_line(name) + "\n";
    // One write with O_APPEND: rows from tests running in parallel never interleave.
    int fd =
        ::open((dir / (group + ".tsv")).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    ASSERT_GE(fd, 0) << "cannot write results under " << dir;
    ssize_t written = ::write(fd, row.data(), row.size());
    ::close(fd);
    EXPECT_EQ(written, static_cast<ssize_t>(row.size()));
}

}  // namespace footage::test
