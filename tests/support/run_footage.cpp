#include "tests/support/run_footage.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

extern char** environ;

namespace footage::test {

nlohmann::json RunResult::json() const {
    nlohmann::json value = nlohmann::json::parse(out, nullptr, false);
    EXPECT_FALSE(value.is_discarded()) << "not JSON:\n" << out << "\nstderr:\n" << err;
    return value;
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args) {
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ADD_FAILURE() << "pipe failed";
        return {};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

    std::vector<std::string> argv_storage;
    argv_storage.push_back(program);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argv_storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    pid_t pid = 0;
    int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    RunResult result;
    if (rc != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        ADD_FAILURE() << "cannot start " << program;
        return result;
    }
    std::array<pollfd, 2> fds = {pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
    std::array<std::string*, 2> sinks = {&result.out, &result.err};
    int open_count = 2;
    char buffer[65536];
    while (open_count > 0) {
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            continue;
        }
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
            if (got > 0) {
                sinks[i]->append(buffer, static_cast<size_t>(got));
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string footage_binary() {
    const char* binary = std::getenv("FOOTAGE_BIN");
    return binary != nullptr ? binary : FOOTAGE_BIN_DEFAULT;
}

RunResult run_footage(const std::vector<std::string>& args) {
    return run_program(footage_binary(), args);
}

std::filesystem::path generated_drive() {
    const char* data = std::getenv("FOOTAGE_TESTDATA");
    std::filesystem::path drive =
        std::filesystem::path(data != nullptr ? data : FOOTAGE_TESTDATA_DEFAULT) / "drive";
    if (!std::filesystem::exists(drive / "ground_truth.json")) {
        ADD_FAILURE() << "generated drive missing at " << drive
                      << " (the `drive` fixture makes it)";
    }
    return drive;
}

std::filesystem::path source_dir() {
    const char* env = std::getenv("FOOTAGE_SOURCE_DIR");
    return env != nullptr ? env : FOOTAGE_SOURCE_DIR_DEFAULT;
}

RunResult check_report(const std::filesystem::path& dir) {
    return run_program("/usr/bin/python3",
                       {(source_dir() / "tests/support/check_report.py").string(), dir.string(),
                        (source_dir() / "docs/report.schema.json").string()});
}

void flip_byte(const std::filesystem::path& file, std::streamoff at) {
    std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
    io.seekg(at);
    char byte = 0;
    io.get(byte);
    io.seekp(at);
    io.put(static_cast<char>(byte ^ 0x01));
}

TempDir::TempDir() {
    std::random_device random;
    std::filesystem::path base = std::filesystem::temp_directory_path();
    for (;;) {
        m_path = base / ("footage-test-" + std::to_string(random()));
        if (std::filesystem::create_directory(m_path)) {
            break;
        }
    }
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

nlohmann::json read_json(const std::filesystem::path& path) {
    return nlohmann::json::parse(read_file(path));
}

}  // namespace footage::test
