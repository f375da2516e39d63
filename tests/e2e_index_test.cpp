// End to end: the real `footage` binary over the generated exported drive, as a user runs it.
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "lib/catalog/catalog.hpp"
#include "tests/support/hardening_results.hpp"
#include "tests/support/run_footage.hpp"

extern char** environ;

namespace footage::test {
namespace {

const char* kZone = "Asia/Ho_Chi_Minh";

// path (absolute) -> sha256, as coreutils computes it.
std::map<std::string, std::string> sha256sum(const std::vector<std::string>& paths) {
    RunResult run = run_program("sha256sum", paths);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::map<std::string, std::string> sums;
    std::istringstream lines(run.out);
    std::string hash, path;
    while (lines >> hash >> path) {
        sums[path] = hash;
    }
    return sums;
}

struct SourceState {
    std::string sha256;
    int64_t mtime_ns = 0;
    int64_t size = 0;
};

std::map<std::string, SourceState> source_states(const std::filesystem::path& drive) {
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(drive)) {
        if (entry.is_regular_file() && entry.path().filename() != "ground_truth.json") {
            paths.push_back(entry.path().string());
        }
    }
    std::map<std::string, std::string> sums = sha256sum(paths);
    std::map<std::string, SourceState> states;
    for (const std::string& path : paths) {
        struct stat info {};
        ::stat(path.c_str(), &info);
        states[path] = {sums[path], info.st_mtim.tv_sec * 1'000'000'000LL + info.st_mtim.tv_nsec,
                        static_cast<int64_t>(info.st_size)};
    }
    return states;
}

nlohmann::json file_entry(const nlohmann::json& report, const std::string& path) {
    for (const nlohmann::json& file : report["files"]) {
        if (file["path"] == path) {
            return file;
        }
    }
    ADD_FAILURE() << "index did not report " << path;
    return nlohmann::json::object();
}

// What a catalog says about its recordings, for comparing two runs.
std::set<std::string> catalog_summary(const std::filesystem::path& db) {
    RunResult run = run_footage({"recordings", "--db", db.string(), "--json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::set<std::string> rows;
    nlohmann::json listing = run.json();
    for (const nlohmann::json& r : listing["recordings"]) {
        rows.insert(r["path"].get<std::string>() + " " + r["status"].get<std::string>() + " " +
                    r["sha256"].get<std::string>() + " " + r["camera"].dump() + " " +
                    r["start"].dump() + " " + r["duration"].dump());
    }
    return rows;
}

class IndexDrive : public ::testing::Test {
  protected:
    void SetUp() override {
        m_drive = generated_drive();
        m_truth = read_json(m_drive / "ground_truth.json");
    }
    std::string db() const { return (m_dir / "footage.db").string(); }

    TempDir m_dir;
    std::filesystem::path m_drive;
    nlohmann::json m_truth;
};

TEST_F(IndexDrive, RightCamerasStartTimesAndHashesBadFilesSkipped) {
    std::map<std::string, SourceState> before = source_states(m_drive);
    RunResult run = run_footage({"index", m_drive.string(), "--db", db(), "--tz", kZone, "--json"});
    ASSERT_EQ(run.exit_code, 1) << "the drive has broken files, so index must exit 1\n" << run.err;
    nlohmann::json report = run.json();

    std::vector<std::string> ok_paths;
    for (const nlohmann::json& truth : m_truth["files"]) {
        std::string path = (m_drive / truth["path"].get<std::string>()).string();
        nlohmann::json entry = file_entry(report, path);
        if (truth["status"] == "ok" && !truth["camera"].is_null()) {
            EXPECT_EQ(entry["status"], "added") << path << ": " << entry.dump();
            EXPECT_EQ(entry["camera"], truth["camera"]) << path;
            EXPECT_EQ(entry["start"], truth["start"]) << path;
            EXPECT_NEAR(entry["duration"].get<double>(), truth["duration"].get<double>(), 0.5)
                << path;
            EXPECT_TRUE(entry["time_source"].get<std::string>().starts_with("name:")) << path;
            ok_paths.push_back(path);
        } else if (truth["status"] == "bad") {
            EXPECT_EQ(entry["status"], "bad") << path;
            // The reason names the file, on stderr too.
            EXPECT_NE(entry.value("reason", "").find(path), std::string::npos) << entry.dump();
            EXPECT_NE(run.err.find(path), std::string::npos) << run.err;
        }
    }
    ASSERT_FALSE(ok_paths.empty());
    std::map<std::string, std::string> sums = sha256sum(ok_paths);
    for (const std::string& path : ok_paths) {
        EXPECT_EQ(file_entry(report, path)["sha256"], sums[path]) << path;
    }

    // Cameras: exactly the ground truth's, each covering its files without gaps.
    RunResult cameras = run_footage({"cameras", "--db", db(), "--json"});
    ASSERT_EQ(cameras.exit_code, 0) << cameras.err;
    std::set<std::string> expected;
    for (const nlohmann::json& truth : m_truth["files"]) {
        if (truth["status"] == "ok" && !truth["camera"].is_null()) {
            expected.insert(truth["camera"].get<std::string>());
        }
    }
    std::set<std::string> listed;
    nlohmann::json camera_list = cameras.json();
    for (const nlohmann::json& camera : camera_list["cameras"]) {
        listed.insert(camera["id"].get<std::string>());
        EXPECT_TRUE(camera["gaps"].empty()) << camera.dump();
    }
    EXPECT_EQ(listed, expected);

    EXPECT_EQ(source_states(m_drive).size(), before.size());
    for (const auto& [path, state] : source_states(m_drive)) {
        EXPECT_EQ(state.sha256, before[path].sha256) << "source modified: " << path;
        EXPECT_EQ(state.mtime_ns, before[path].mtime_ns) << "source touched: " << path;
    }
}

TEST_F(IndexDrive, SecondRunSkipsUnchangedFiles) {
    ASSERT_EQ(run_footage({"index", m_drive.string(), "--db", db(), "--tz", kZone, "-q"}).exit_code,
              1);
    RunResult again = run_footage({"index", m_drive.string(), "--db", db(), "--json"});
    nlohmann::json report = again.json();
    EXPECT_EQ(report["summary"]["added"], 0);
    EXPECT_EQ(report["summary"]["updated"], 0);
    EXPECT_GT(report["summary"]["unchanged"].get<int>(), 3);
    // The zone given to the first run is kept in the catalog.
    EXPECT_EQ(report["zone"], kZone);
}

TEST_F(IndexDrive, ParallelJobsGiveTheSameCatalog) {
    std::string serial = (m_dir / "serial.db").string();
    std::string parallel = (m_dir / "parallel.db").string();
    EXPECT_EQ(
        run_footage({"index", m_drive.string(), "--db", serial, "--tz", kZone, "-q"}).exit_code, 1);
    RunResult run = run_footage(
        {"index", m_drive.string(), "--db", parallel, "--tz", kZone, "-q", "--jobs", "3"});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_EQ(catalog_summary(parallel), catalog_summary(serial));
}

TEST_F(IndexDrive, ChangedFileIsReindexedAndSaysSo) {
    std::filesystem::path copy = m_dir / "ch01_20201103140000_20201103140030.mp4";
    std::string first;
    for (const nlohmann::json& truth : m_truth["files"]) {
        if (truth["status"] == "ok" && truth["camera"] == "ch01") {
            first = truth["path"];
            break;
        }
    }
    ASSERT_FALSE(first.empty());
    std::filesystem::copy_file(m_drive / first, copy);
    ASSERT_EQ(run_footage({"index", copy.string(), "--db", db(), "--tz", kZone}).exit_code, 0);
    {
        std::FILE* file = std::fopen(copy.c_str(), "ab");  // our copy, not a source
        std::fputc(0, file);
        std::fclose(file);
    }
    RunResult run = run_footage({"index", copy.string(), "--db", db()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("changed since it was last indexed"), std::string::npos) << run.out;
}

TEST_F(IndexDrive, KilledRunResumesToTheSameCatalog) {
    std::string clean_db = (m_dir / "clean.db").string();
    run_footage({"index", m_drive.string(), "--db", clean_db, "--tz", kZone, "-q"});
    std::set<std::string> clean = catalog_summary(clean_db);
    ASSERT_FALSE(clean.empty());

    std::string binary_path = footage_binary();
    const char* binary = binary_path.c_str();
    bool all_ok = true;
    for (int attempt = 0; attempt < 3; ++attempt) {
        std::string killed_db = (m_dir / ("killed" + std::to_string(attempt) + ".db")).string();
        for (int kill_ms : {30 + attempt * 40, 10}) {
            std::vector<std::string> args = {
                binary, "index", m_drive.string(), "--db", killed_db, "--tz", kZone, "-q"};
            std::vector<char*> argv;
            for (std::string& arg : args) {
                argv.push_back(arg.data());
            }
            argv.push_back(nullptr);
            pid_t pid = 0;
            ASSERT_EQ(::posix_spawn(&pid, binary, nullptr, nullptr, argv.data(), environ), 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(kill_ms));
            ::kill(pid, SIGKILL);
            int status = 0;
            ::waitpid(pid, &status, 0);
        }
        RunResult resumed =
            run_footage({"index", m_drive.string(), "--db", killed_db, "--tz", kZone, "-q"});
        EXPECT_EQ(resumed.exit_code, 1) << resumed.err;
        {
            catalog::Database database(killed_db, catalog::Database::Mode::read_only);
            catalog::Statement check = database.prepare("PRAGMA integrity_check");
            ASSERT_TRUE(check.step());
            EXPECT_EQ(check.column_text(0), "ok");
            all_ok = all_ok && check.column_text(0) == "ok";
        }
        EXPECT_EQ(catalog_summary(killed_db), clean) << "attempt " << attempt;
        all_ok = all_ok && resumed.exit_code == 1 && catalog_summary(killed_db) == clean;
    }
    record_result("faults", "kill -9 of `index` twice at fixed moments, then a resumed run (x3)",
                  all_ok ? "integrity_check ok; the resumed catalog equals a clean run's"
                         : "DIFFERS from a clean run");
}

TEST_F(IndexDrive, NamelessFileNeedsDeclaredCameraAndGetsContainerTime) {
    std::string nameless;
    for (const nlohmann::json& truth : m_truth["files"]) {
        if (truth["status"] == "ok" && truth["camera"].is_null()) {
            nameless = (m_drive / truth["path"].get<std::string>()).string();
        }
    }
    ASSERT_FALSE(nameless.empty());
    RunResult undeclared = run_footage({"index", nameless, "--db", db(), "--tz", kZone, "--json"});
    EXPECT_EQ(undeclared.exit_code, 1);
    EXPECT_NE(undeclared.err.find("no camera ID"), std::string::npos) << undeclared.err;

    RunResult declared =
        run_footage({"index", nameless, "--db", db(), "--camera", "lobby", "--json"});
    ASSERT_EQ(declared.exit_code, 0) << declared.err;
    nlohmann::json entry = declared.json()["files"][0];
    EXPECT_EQ(entry["camera"], "lobby");
    EXPECT_EQ(entry["time_source"], "creation_time");
    EXPECT_EQ(entry["start"], "2020-11-03T14:00:00+07:00");

    RunResult start = run_footage({"index", nameless, "--db", db(), "--camera", "lobby", "--start",
                                   "2020-11-03 15:30:00", "--json"});
    ASSERT_EQ(start.exit_code, 0) << start.err;
    EXPECT_EQ(start.json()["files"][0]["start"], "2020-11-03T15:30:00+07:00");
    EXPECT_EQ(start.json()["files"][0]["time_source"], "declared");
}

// The text tables of `cameras` and `recordings` keep every column under its heading, however
// long the camera ID or the times (a fractional last second used to run LAST into COVERED).
void expect_columns_under_headings(const std::string& table) {
    std::istringstream lines(table);
    std::string header;
    ASSERT_TRUE(std::getline(lines, header)) << table;
    std::vector<size_t> starts;
    for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] != ' ' && (i == 0 || header[i - 1] == ' ')) {
            starts.push_back(i);
        }
    }
    ASSERT_GE(starts.size(), 5u) << header;
    size_t rows = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("    ", 0) == 0) {
            continue;  // a note under a row
        }
        ++rows;
        for (size_t start : starts) {
            ASSERT_LT(start, line.size()) << table;
            EXPECT_NE(line[start], ' ') << "column at " << start << " empty in:\n" << table;
            if (start > 0) {
                EXPECT_EQ(line.substr(start - 2, 2), "  ") << "columns run together:\n" << table;
            }
        }
    }
    EXPECT_GE(rows, 1u) << table;
}

TEST_F(IndexDrive, TextTablesKeepColumnsApartForALongCameraId) {
    std::string nameless;
    for (const nlohmann::json& truth : m_truth["files"]) {
        if (truth["status"] == "ok" && truth["camera"].is_null()) {
            nameless = (m_drive / truth["path"].get<std::string>()).string();
        }
    }
    ASSERT_FALSE(nameless.empty());
    const std::string camera = "loading-bay-north-entrance-camera-01";
    ASSERT_EQ(run_footage({"index", nameless, "--db", db(), "--camera", camera, "--start",
                           "2020-11-03 15:30:00.5", "-q"})
                  .exit_code,
              0);
    ASSERT_EQ(run_footage({"cameras", "--db", db(), "--camera", camera, "--clock-offset", "-90s"})
                  .exit_code,
              0);
    for (const char* command : {"cameras", "recordings"}) {
        RunResult listed = run_footage({command, "--db", db(), "-v"});
        ASSERT_EQ(listed.exit_code, 0) << listed.err;
        EXPECT_NE(listed.out.find(camera), std::string::npos) << listed.out;
        expect_columns_under_headings(listed.out);
    }
}

TEST_F(IndexDrive, UserPatternAndClockOffset) {
    std::filesystem::path copy = m_dir / "site7_cam5_20201103140000.mp4";
    for (const nlohmann::json& truth : m_truth["files"]) {
        if (truth["status"] == "ok" && !truth["camera"].is_null()) {
            std::filesystem::copy_file(m_drive / truth["path"].get<std::string>(), copy);
            break;
        }
    }
    RunResult run = run_footage({"index", copy.string(), "--db", db(), "--tz", "+07:00",
                                 "--pattern", "site7_cam{channel}_{start}", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.json()["files"][0]["camera"], "ch05");
    ASSERT_EQ(
        run_footage({"cameras", "--db", db(), "--camera", "5", "--clock-offset", "-90s"}).exit_code,
        0);
    RunResult recordings = run_footage({"recordings", "--db", db(), "--camera", "05", "--json"});
    ASSERT_EQ(recordings.exit_code, 0) << recordings.err;
    EXPECT_EQ(recordings.json()["recordings"][0]["start"], "2020-11-03T13:58:30+07:00");

    // Each declaration is a custody entry with the old and new offsets and who declared it.
    ASSERT_EQ(run_footage({"cameras", "--db", db(), "--camera", "5", "--clock-offset", "+30s",
                           "--operator", "Sgt. Tran"})
                  .exit_code,
              0);
    RunResult log = run_footage({"log", "--db", db(), "--json"});
    ASSERT_EQ(log.exit_code, 0) << log.err;
    const nlohmann::json entries = log.json()["entries"];
    std::vector<nlohmann::json> declared;
    for (const nlohmann::json& entry : entries) {
        if (entry["action"] == "clock-offset") {
            declared.push_back(entry);
        }
    }
    ASSERT_EQ(declared.size(), 2u) << log.out;
    EXPECT_EQ(declared[0]["details"], nlohmann::json::parse(
                                          R"({"camera": "ch05", "old_seconds": null,
                                              "new_seconds": -90.0})"));
    EXPECT_EQ(declared[1]["details"], nlohmann::json::parse(
                                          R"({"camera": "ch05", "old_seconds": -90.0,
                                              "new_seconds": 30.0})"));
    EXPECT_EQ(declared[1]["operator"], "Sgt. Tran");
    EXPECT_FALSE(declared[0]["operator"].get<std::string>().empty());
    EXPECT_EQ(run_footage({"log", "--db", db(), "--verify"}).exit_code, 0);
}

TEST(ExitCodes, UsageAndEnvironmentErrorsAreTwo) {
    TempDir dir;
    std::string db = (dir / "none.db").string();
    RunResult missing = run_footage({"cameras", "--db", db});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("none.db"), std::string::npos) << missing.err;
    EXPECT_EQ(run_footage({"index"}).exit_code, 2);
    EXPECT_EQ(run_footage({"index", "--no-such-flag", "x"}).exit_code, 2);
    RunResult zone =
        run_footage({"index", "--db", db, "--tz", "Mars/Olympus", dir.path().string()});
    EXPECT_EQ(zone.exit_code, 2);
    EXPECT_NE(zone.err.find("Mars/Olympus"), std::string::npos) << zone.err;
    EXPECT_EQ(run_footage({"--help"}).exit_code, 0);
    EXPECT_EQ(run_footage({"index", "--help"}).exit_code, 0);
    RunResult absent = run_footage({"index", "--db", db, (dir / "no-such-dir").string()});
    EXPECT_EQ(absent.exit_code, 1);
    EXPECT_NE(absent.err.find("no-such-dir"), std::string::npos) << absent.err;
}

}  // namespace
}  // namespace footage::test
