// Fault injection, end to end: footage killed at random moments, a disk that fills up while a
// bag is written, a source that disappears, readers while `index` writes, read-only files.
// Each test writes its observed result into SECURITY.md's table (tests/hardening.cmake).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "lib/catalog/catalog.hpp"
#include "tests/support/hardening_results.hpp"
#include "tests/support/run_footage.hpp"

extern char** environ;

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";

std::string integrity(const std::string& db) {
    catalog::Database database(db, catalog::Database::Mode::read_only);
    catalog::Statement check = database.prepare("PRAGMA integrity_check");
    return check.step() ? check.column_text(0) : std::string("no answer");
}

int64_t count_rows(const std::string& db, const std::string& sql) {
    catalog::Database database(db, catalog::Database::Mode::read_only);
    catalog::Statement query = database.prepare(sql);
    return query.step() ? query.column_int(0) : -1;
}

// Recordings (path, hash, camera, times) and motion hits (camera, start, end) of a catalog.
std::set<std::string> catalog_facts(const std::string& db) {
    std::set<std::string> facts;
    RunResult recordings = run_footage({"recordings", "--db", db, "--json"});
    EXPECT_EQ(recordings.exit_code, 0) << recordings.err;
    nlohmann::json listing = recordings.json();
    for (const nlohmann::json& r : listing["recordings"]) {
        facts.insert("recording " + r["path"].get<std::string>() + " " + r["status"].dump() + " " +
                     r["sha256"].dump() + " " + r["camera"].dump() + " " + r["start"].dump() + " " +
                     r["duration"].dump());
    }
    RunResult search = run_footage({"search", "--db", db, "--motion", "--json"});
    EXPECT_EQ(search.exit_code, 0) << search.err;
    nlohmann::json hits = search.json();
    for (const nlohmann::json& hit : hits["hits"]) {
        facts.insert("hit " + hit["camera"].dump() + " " + hit["start"].dump() + " " +
                     hit["end"].dump());
    }
    return facts;
}

pid_t spawn_footage(std::vector<std::string> args) {
    std::string binary = footage_binary();
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (std::string& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = ::posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0);
    return pid;
}

// Whether a directory holds anything but footage's hidden ".<name>.partial" work in progress.
std::vector<std::string> finished_entries(const fs::path& dir) {
    std::vector<std::string> names;
    if (fs::is_directory(dir)) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            std::string name = entry.path().filename().string();
            if (!(name.starts_with(".") && name.ends_with(".partial"))) {
                names.push_back(name);
            }
        }
    }
    return names;
}

// Runs footage as an unprivileged user when the tests run as root (root ignores file modes).
RunResult run_footage_unprivileged(const std::vector<std::string>& args) {
    if (::geteuid() != 0) {
        return run_footage(args);
    }
    // A copy of the binary in a world-readable place: the build may sit under /root.
    static const TempDir bin_dir;
    const fs::path copy = bin_dir / "footage";
    if (!fs::exists(copy)) {
        fs::copy_file(footage_binary(), copy);
        fs::permissions(bin_dir.path(),
                        fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
        fs::permissions(copy,
                        fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    }
    std::vector<std::string> wrapped = {"--reuid=65534", "--regid=65534", "--clear-groups", "--",
                                        copy.string()};
    wrapped.insert(wrapped.end(), args.begin(), args.end());
    return run_program("setpriv", wrapped);
}

void make_tree_world_readable(const fs::path& dir) {
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
}

class Faults : public ::testing::Test {
  protected:
    static void TearDownTestSuite() { s_dir.reset(); }
    // The generated drive, indexed once per process by the tests that need it.
    static std::string db() {
        if (!s_dir) {
            s_dir = std::make_unique<TempDir>();
            RunResult indexed = run_footage(
                {"index", "--db", db(), "--tz", kZone, "-q", generated_drive().string()});
            EXPECT_EQ(indexed.exit_code, 1) << indexed.err;  // the drive holds broken files
        }
        return (s_dir->path() / "footage.db").string();
    }

    static std::unique_ptr<TempDir> s_dir;
    TempDir m_dir;
};

std::unique_ptr<TempDir> Faults::s_dir;

TEST_F(Faults, IndexKilledAtRandomMomentsResumesToTheCleanRunsRecordingsAndEvents) {
    const std::string drive = generated_drive().string();
    std::set<std::string> clean = catalog_facts(db());
    ASSERT_FALSE(clean.empty());
    auto started = std::chrono::steady_clock::now();
    RunResult timed = run_footage({"index", "--db", (m_dir / "timed.db").string(), "--tz", kZone,
                                   "-q", "--jobs", "2", drive});
    int64_t clean_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
    ASSERT_EQ(timed.exit_code, 1) << timed.err;

    std::random_device seed;
    std::mt19937 random(seed());
    std::uniform_int_distribution<int64_t> moment(5, std::max<int64_t>(clean_ms, 10));
    bool all_ok = true;
    for (int attempt = 0; attempt < 3; ++attempt) {
        std::string killed = (m_dir / ("killed" + std::to_string(attempt) + ".db")).string();
        std::vector<int64_t> kills = {moment(random), moment(random)};
        for (int64_t kill_ms : kills) {
            pid_t pid =
                spawn_footage({"index", "--db", killed, "--tz", kZone, "-q", "--jobs", "2", drive});
            std::this_thread::sleep_for(std::chrono::milliseconds(kill_ms));
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
        std::string check = fs::exists(killed) ? integrity(killed) : "ok";
        EXPECT_EQ(check, "ok") << "killed at " << kills[0] << " and " << kills[1] << " ms";
        // --strict: the drive's bad files, already met by a killed run, still fail the run.
        RunResult resumed = run_footage(
            {"index", "--db", killed, "--tz", kZone, "-q", "--jobs", "2", "--strict", drive});
        EXPECT_EQ(resumed.exit_code, 1) << resumed.err;
        std::set<std::string> facts = catalog_facts(killed);
        EXPECT_EQ(facts, clean) << "killed at " << kills[0] << " and " << kills[1] << " ms";
        int64_t duplicates =
            count_rows(killed, "SELECT COUNT(*) - COUNT(DISTINCT path) FROM recordings");
        EXPECT_EQ(duplicates, 0);
        all_ok =
            all_ok && check == "ok" && facts == clean && duplicates == 0 && resumed.exit_code == 1;
    }
    record_result("faults",
                  "kill -9 of `index --jobs 2` twice at random moments, then a resumed run (x3)",
                  all_ok ? "integrity_check ok; the resumed catalog has the clean run's "
                           "recordings, hashes and motion hits, no duplicates"
                         : "DIFFERS from a clean run (see the test log)");
}

TEST_F(Faults, AFullDiskWhileClipWritesLeavesNoBagAndTouchesNothing) {
    RunResult log_before = run_footage({"log", "--db", db(), "--json"});
    ASSERT_EQ(log_before.exit_code, 0);
    const fs::path out = m_dir / "out";
    const std::vector<std::string> clip = {footage_binary(), "clip",
                                           "--db",           db(),
                                           "--tz",           kZone,
                                           "--camera",       "ch01",
                                           "--from",         "2020-11-03 14:00:05",
                                           "--to",           "2020-11-03 14:00:25",
                                           "--out",          out.string()};
    // Files may grow to 512 KB: the clip does not fit. With SIGXFSZ ignored, write() fails with
    // EFBIG as on a full disk; with the default action the kernel kills footage mid-write.
    std::vector<std::string> ignored = {"-c", "trap '' XFSZ; ulimit -f 1024; exec \"$@\"", "sh"};
    ignored.insert(ignored.end(), clip.begin(), clip.end());
    RunResult failed = run_program("/bin/sh", ignored);
    EXPECT_EQ(failed.exit_code, 2) << failed.out << failed.err;
    bool says_why = failed.err.find("File too large") != std::string::npos &&
                    failed.err.find(out.string()) != std::string::npos;
    EXPECT_TRUE(says_why) << failed.err;
    std::vector<std::string> left = finished_entries(out);
    EXPECT_TRUE(left.empty()) << left.front();

    std::vector<std::string> killed_args = {"-c", "ulimit -f 1024; exec \"$@\"", "sh"};
    killed_args.insert(killed_args.end(), clip.begin(), clip.end());
    RunResult killed = run_program("/bin/sh", killed_args);
    EXPECT_EQ(killed.exit_code, 128 + SIGXFSZ) << killed.err;
    std::vector<std::string> left_killed = finished_entries(out);
    EXPECT_TRUE(left_killed.empty()) << left_killed.front();

    RunResult log_after = run_footage({"log", "--db", db(), "--json"});
    EXPECT_EQ(log_after.out, log_before.out) << "the custody log changed";
    EXPECT_EQ(integrity(db()), "ok");
    // And with room, the same clip works.
    RunResult room = run_program(clip[0], std::vector<std::string>(clip.begin() + 1, clip.end()));
    EXPECT_EQ(room.exit_code, 0) << room.err;
    record_result("faults", "disk full while `clip` writes (RLIMIT_FSIZE 512 KB, SIGXFSZ ignored)",
                  "exit " + std::to_string(failed.exit_code) +
                      (says_why ? "; the message names the file and says \"File too large\""
                                : "; UNCLEAR message") +
                      (left.empty() ? "; no bag under its final name" : "; A BAG WAS LEFT") +
                      (log_after.out == log_before.out ? "; catalog and custody log unchanged"
                                                       : "; CATALOG CHANGED"));
    record_result("faults",
                  "disk full while `clip` writes (RLIMIT_FSIZE 512 KB, killed by SIGXFSZ)",
                  "killed by signal " + std::to_string(killed.exit_code - 128) +
                      (left_killed.empty() ? "; no bag under its final name" : "; A BAG WAS LEFT"));
}

TEST_F(Faults, ASourceRemovedBetweenIndexAndClipIsNamedAndNothingIsWritten) {
    fs::path copy = m_dir / "ch09_20201103140000_20201103140030.mp4";
    fs::copy_file(generated_drive() / "NVR_ch2_main_20201103140000_20201103140030.mp4", copy);
    std::string local = (m_dir / "local.db").string();
    ASSERT_EQ(run_footage({"index", "--db", local, "--tz", kZone, "-q", copy.string()}).exit_code,
              0);
    fs::remove(copy);
    RunResult clipped = run_footage({"clip", "--db", local, "--tz", kZone, "--camera", "ch09",
                                     "--from", "2020-11-03 14:00:05", "--to", "2020-11-03 14:00:08",
                                     "--out", (m_dir / "out").string()});
    EXPECT_EQ(clipped.exit_code, 2) << clipped.err;
    bool named = clipped.err.find(copy.string()) != std::string::npos;
    EXPECT_TRUE(named) << clipped.err;
    std::vector<std::string> left = finished_entries(m_dir / "out");
    EXPECT_TRUE(left.empty());
    bool no_partial = !fs::exists(m_dir / "out") || fs::is_empty(m_dir / "out");
    EXPECT_TRUE(no_partial);
    record_result("faults", "a source recording removed between `index` and `clip`",
                  "exit " + std::to_string(clipped.exit_code) +
                      (named ? "; the message names the file" : "; the file is NOT named") +
                      (left.empty() && no_partial ? "; nothing written" : "; SOMETHING WRITTEN"));
}

TEST_F(Faults, SearchAndCamerasAnswerWhileIndexWrites) {
    std::string fresh = (m_dir / "busy.db").string();
    pid_t indexer =
        spawn_footage({"index", "--db", fresh, "--tz", kZone, "-q", generated_drive().string()});
    int answers = 0;
    int failures = 0;
    size_t previous_recordings = 0;
    bool shrank = false;
    std::string failure;
    for (;;) {
        int status = 0;
        bool finished = ::waitpid(indexer, &status, WNOHANG) == indexer;
        if (!fs::exists(fresh)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        } else {
            RunResult cameras = run_footage({"cameras", "--db", fresh, "--json"});
            RunResult search = run_footage({"search", "--db", fresh, "--motion", "--json"});
            RunResult recordings = run_footage({"recordings", "--db", fresh, "--json"});
            // Before the first transaction commits there may be no catalog yet; afterwards
            // every reader must answer (search: 1 when nothing is found yet).
            bool answered = cameras.exit_code == 0 &&
                            (search.exit_code == 0 || search.exit_code == 1) &&
                            recordings.exit_code == 0;
            if (answered) {
                ++answers;
                nlohmann::json listed = recordings.json();
                size_t count = listed["recordings"].size();
                shrank = shrank || count < previous_recordings;
                previous_recordings = count;
                cameras.json();
                search.json();
            } else if (answers > 0) {
                ++failures;
                failure = cameras.err + search.err + recordings.err;
            }
        }
        if (finished) {
            EXPECT_EQ(WEXITSTATUS(status), 1);
            break;
        }
    }
    EXPECT_GT(answers, 1);
    EXPECT_EQ(failures, 0) << failure;
    EXPECT_FALSE(shrank);
    record_result(
        "faults",
        "`search`, `cameras` and `recordings` run over and over while `index` writes (WAL)",
        failures == 0 && !shrank && answers > 1
            ? "every query after the first commit answered (exit 0/1, valid JSON); "
              "the recordings listed never decreased"
            : "A QUERY FAILED OR WENT BACKWARDS: " + failure);
}

TEST_F(Faults, ReadOnlySourcesAreIndexedAndUnreadableOnesNamed) {
    fs::path tree = m_dir / "drive";
    fs::create_directories(tree / "NVR");
    fs::copy_file(generated_drive() / "NVR/ch01_20201103140000_20201103140030.mp4",
                  tree / "NVR/ch01_20201103140000_20201103140030.mp4");
    fs::copy_file(generated_drive() / "NVR_ch2_main_20201103140000_20201103140030.mp4",
                  tree / "NVR_ch2_main_20201103140000_20201103140030.mp4");
    fs::permissions(tree / "NVR/ch01_20201103140000_20201103140030.mp4",
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(tree / "NVR_ch2_main_20201103140000_20201103140030.mp4", fs::perms::none);
    fs::permissions(tree / "NVR", fs::perms::owner_read | fs::perms::owner_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(tree, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read |
                              fs::perms::others_exec);
    make_tree_world_readable(m_dir.path());
    fs::path writable = m_dir / "catalog";
    fs::create_directories(writable);
    fs::permissions(writable, fs::perms::all);
    std::string local = (writable / "footage.db").string();
    RunResult run =
        run_footage_unprivileged({"index", "--db", local, "--tz", kZone, "--json", tree.string()});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    bool readable_added = run.out.find("\"added\"") != std::string::npos;
    std::string unreadable = (tree / "NVR_ch2_main_20201103140000_20201103140030.mp4").string();
    bool named = run.err.find(unreadable) != std::string::npos &&
                 run.err.find("Permission denied") != std::string::npos;
    EXPECT_TRUE(readable_added) << run.out;
    EXPECT_TRUE(named) << run.err;
    fs::permissions(tree, fs::perms::owner_all);
    fs::permissions(tree / "NVR", fs::perms::owner_all);
    record_result("faults",
                  "a read-only source tree with one unreadable recording (as a non-root user)",
                  "exit " + std::to_string(run.exit_code) +
                      (readable_added ? "; the readable recording indexed" : "; NOT INDEXED") +
                      (named ? "; the unreadable one named with \"Permission denied\""
                             : "; the unreadable one NOT NAMED"));
}

TEST_F(Faults, AReadOnlyCatalogIsSearchedButNotWritten) {
    fs::path dir = m_dir / "ro";
    fs::create_directories(dir);
    std::string local = (dir / "footage.db").string();
    ASSERT_EQ(
        run_footage({"index", "--db", local, "--tz", kZone, "-q",
                     (generated_drive() / "NVR/ch01_20201103140000_20201103140030.mp4").string()})
            .exit_code,
        0);
    fs::permissions(local, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read |
                             fs::perms::others_exec);
    make_tree_world_readable(m_dir.path());
    RunResult search = run_footage_unprivileged({"search", "--db", local, "--motion", "--json"});
    RunResult cameras = run_footage_unprivileged({"cameras", "--db", local});
    RunResult index = run_footage_unprivileged(
        {"index", "--db", local, "-q", (generated_drive() / "cam04").string()});
    fs::permissions(dir, fs::perms::owner_all);
    EXPECT_EQ(search.exit_code, 0) << search.err;
    EXPECT_EQ(cameras.exit_code, 0) << cameras.err;
    EXPECT_EQ(index.exit_code, 2) << index.err;
    bool index_says = index.err.find(local) != std::string::npos &&
                      index.err.find("read-only") != std::string::npos;
    EXPECT_TRUE(index_says) << index.err;
    record_result(
        "faults", "a read-only catalog (file and folder, as a non-root user)",
        "search exit " + std::to_string(search.exit_code) + ", cameras exit " +
            std::to_string(cameras.exit_code) + "; index exit " + std::to_string(index.exit_code) +
            (index_says ? " naming the catalog as read-only" : " WITHOUT A CLEAR MESSAGE"));
}

}  // namespace
}  // namespace footage::test
