#include "tests/support/shared_fixture.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <system_error>

#include <gtest/gtest.h>

namespace footage::test {

namespace fs = std::filesystem;

namespace {

fs::path testdata_dir() {
    const char* data = std::getenv("FOOTAGE_TESTDATA");
    return data != nullptr ? fs::path(data) : fs::path(FOOTAGE_TESTDATA_DEFAULT);
}

// What the shared folder was built from: the binary that built it and the generated drive.
std::string identity(const fs::path& file) {
    struct stat status {};
    if (::stat(file.c_str(), &status) != 0) {
        return file.string() + " absent";
    }
    return file.string() + " " + std::to_string(status.st_size) + " " +
           std::to_string(status.st_mtim.tv_sec) + "." + std::to_string(status.st_mtim.tv_nsec);
}

// An exclusive lock on a file, held for the object's life.
class FileLock {
  public:
    explicit FileLock(const fs::path& path)
        : m_fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666)) {
        if (m_fd < 0 || ::flock(m_fd, LOCK_EX) != 0) {
            ADD_FAILURE() << path << ": cannot lock";
        }
    }
    ~FileLock() {
        if (m_fd >= 0) {
            ::close(m_fd);  // releases the lock
        }
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

  private:
    int m_fd;
};

}  // namespace

nlohmann::json to_json(const RunResult& run) {
    return {{"exit_code", run.exit_code}, {"out", run.out}, {"err", run.err}};
}

RunResult run_result(const nlohmann::json& json) {
    RunResult run;
    run.exit_code = json.at("exit_code").get<int>();
    run.out = json.at("out").get<std::string>();
    run.err = json.at("err").get<std::string>();
    return run;
}

nlohmann::json shared_fixture(const std::string& name,
                              const std::function<nlohmann::json(const fs::path& dir)>& build) {
    const fs::path shared = testdata_dir() / "shared";
    fs::create_directories(shared);
    const fs::path dir = shared / name;
    const fs::path ready = shared / (name + ".ready.json");
    const std::string built_from = identity(footage_binary()) + "; " +
                                   identity(testdata_dir() / "drive" / "ground_truth.json");

    FileLock lock(shared / (name + ".lock"));
    {
        std::ifstream in(ready);
        nlohmann::json marker = nlohmann::json::parse(in, nullptr, false);
        if (!marker.is_discarded() && marker.value("built_from", "") == built_from) {
            return marker["result"];
        }
    }
    // Built by another binary or drive, or by a process that died while building: start again.
    std::error_code ignored;
    fs::remove(ready, ignored);
    fs::remove_all(dir, ignored);
    fs::create_directories(dir);
    nlohmann::json result = build(dir);
    const fs::path partial = shared / (name + ".ready.partial");
    {
        std::ofstream out(partial);
        out << nlohmann::json{{"built_from", built_from}, {"result", result}}.dump();
    }
    fs::rename(partial, ready);
    return result;
}

void copy_catalog(const fs::path& from, const fs::path& to) {
    if (!fs::exists(from)) {
        ADD_FAILURE() << from << ": no catalog to copy (its set-up failed)";
        return;
    }
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    // Every writer has exited, so the WAL was checkpointed into the file; copy it if not.
    const fs::path wal = from.string() + "-wal";
    if (fs::exists(wal)) {
        fs::copy_file(wal, to.string() + "-wal", fs::copy_options::overwrite_existing);
    }
}

IndexedDrive indexed_drive() {
    const std::string drive = generated_drive().string();
    nlohmann::json result = shared_fixture("indexed-drive", [&](const fs::path& dir) {
        const fs::path catalog = dir / "footage.db";
        RunResult run = run_footage(
            {"index", "--db", catalog.string(), "--tz", "Asia/Ho_Chi_Minh", "-q", drive});
        return nlohmann::json{{"catalog", catalog.string()}, {"run", to_json(run)}};
    });
    return {result.at("catalog").get<std::string>(), run_result(result.at("run"))};
}

}  // namespace footage::test
