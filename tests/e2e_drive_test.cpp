// A drive as recorders really export it, and the user's mistakes around it (issue 19, 18.12-14):
// bounded patterns, path errors, foreign catalogs, NaN, DST hours, devices and FIFOs in a walk,
// raw elementary streams, files that change while indexed, duplicates, and recorder formats.
// One small recording is made once and shared by every test.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>

#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";

class Drive : public ::testing::Test {
  protected:
    // 4 s of a moving box at 10 fps, 160x90, H.264 in MP4; made once for the suite.
    static void SetUpTestSuite() {
        s_shared = new TempDir();
        RunResult made = run_program(
            "ffmpeg", {"-v", "error", "-y", "-f", "lavfi", "-i",
                       "testsrc=size=160x90:rate=10:duration=4", "-c:v", "libx264", "-g", "10",
                       "-pix_fmt", "yuv420p", (s_shared->path() / "sample.mp4").string()});
        ASSERT_EQ(made.exit_code, 0) << made.err;
        made = run_program("ffmpeg", {"-v", "error", "-y", "-i",
                                      (s_shared->path() / "sample.mp4").string(), "-c:v", "copy",
                                      "-bsf:v", "h264_mp4toannexb", "-f", "h264",
                                      (s_shared->path() / "sample.h264").string()});
        ASSERT_EQ(made.exit_code, 0) << made.err;
    }
    static void TearDownTestSuite() {
        delete s_shared;
        s_shared = nullptr;
    }
    static fs::path sample() { return s_shared->path() / "sample.mp4"; }
    static fs::path sample_h264() { return s_shared->path() / "sample.h264"; }

    std::string db() const { return (m_dir / "footage.db").string(); }
    RunResult index(const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"index", "--db", db(), "--tz", kZone, "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_footage(args);
    }
    // A copy of `from`; with `distinct` > 0, that many bytes appended so that its SHA-256 is
    // its own (the same bytes twice are one recording).
    fs::path put(const std::string& relative, const fs::path& from = sample(), int distinct = 0) {
        fs::path path = m_dir / relative;
        fs::create_directories(path.parent_path());
        fs::copy_file(from, path);
        std::ofstream(path, std::ios::binary | std::ios::app)
            << std::string(static_cast<size_t>(distinct), '\0');
        return path;
    }

    // A recorder's file made by tests/gen/make_recorder_formats.py ARGS (DHAV, IMKH+PS, ...).
    static void make_file(const std::vector<std::string>& args) {
        std::vector<std::string> all = {
            (source_dir() / "tests/gen/make_recorder_formats.py").string()};
        all.insert(all.end(), args.begin(), args.end());
        RunResult made = run_program("/usr/bin/python3", all);
        ASSERT_EQ(made.exit_code, 0) << made.err;
    }

    static TempDir* s_shared;
    TempDir m_dir;
};

TempDir* Drive::s_shared = nullptr;

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// 19.5: every path footage is given to create or open fails with exit 2, the path and the
// system's reason; never exit 70 "internal error".
TEST_F(Drive, PathErrorsAreUsageErrorsNamingThePathAndTheReason) {
    const std::string long_name = std::string(300, 'x');
    const fs::path long_path = m_dir / long_name;
    fs::create_symlink("loop", m_dir / "loop");
    fs::create_directory(m_dir / "folder");

    struct Case {
        std::vector<std::string> args;
        std::string reason;
    };
    ASSERT_EQ(index({put("NVR/ch01_20201103140000.mp4").string()}).exit_code, 0);
    const std::string out = (m_dir / "bags").string();
    const std::vector<std::string> clip = {"clip",   "--db",  db(), "--tz", kZone, "--camera",
                                           "ch01",   "--from", "2020-11-03 14:00:01",
                                           "--to",   "2020-11-03 14:00:02"};
    auto with = [](std::vector<std::string> base, const std::vector<std::string>& extra) {
        base.insert(base.end(), extra.begin(), extra.end());
        return base;
    };
    const std::vector<Case> cases = {
        {{"recordings", "--db", long_path.string()}, "File name too long"},
        {{"index", "--db", long_path.string(), m_dir.path().string()}, "File name too long"},
        {{"index", "--db", (m_dir / "loop").string(), m_dir.path().string()},
         "Too many levels of symbolic links"},
        {{"index", "--db", (m_dir / "folder").string(), m_dir.path().string()}, "folder"},
        {{"recordings", "--db", (m_dir / "folder").string()}, "folder"},
        {with(clip, {"--out", long_path.string()}), "File name too long"},
        {with(clip, {"--out", (m_dir / "loop").string()}), "Too many levels of symbolic links"},
        {with(clip, {"--out", out, "--case", long_name}), "File name too long"},
        {{"keygen", "--out", long_path.string()}, "File name too long"},
        {{"keygen", "--out", (m_dir / "loop/key").string()}, "Too many levels of symbolic links"},
        {{"merge", db(), "--into", long_path.string()}, "File name too long"},
        {{"merge", db(), "--into", (m_dir / "loop").string()}, "Too many levels of symbolic links"},
    };
    for (const Case& c : cases) {
        RunResult run = run_footage(c.args);
        std::string said = c.args[0] + " " + c.args[c.args.size() - 1];
        EXPECT_EQ(run.exit_code, 2) << said << "\n" << run.err;
        EXPECT_TRUE(has(run.err, c.reason)) << said << "\n" << run.err;
        EXPECT_FALSE(has(run.err, "internal error")) << said << "\n" << run.err;
    }
}

// 19.5: an SQLite file made by another program is not taken for an old catalog.
TEST_F(Drive, AForeignSqliteFileIsNotACatalogAndStaysUntouched) {
    const fs::path foreign = m_dir / "photos.db";
    RunResult made = run_program(
        "/usr/bin/python3",
        {"-c",
         "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
         "c.execute('CREATE TABLE albums(id INTEGER PRIMARY KEY, name TEXT)'); "
         "c.execute(\"INSERT INTO albums(name) VALUES('holiday')\"); c.commit()",
         foreign.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const std::string before = read_file(foreign);
    struct stat info_before {};
    ASSERT_EQ(::stat(foreign.c_str(), &info_before), 0);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"index", "--db", foreign.string(), sample().string()},
          std::vector<std::string>{"recordings", "--db", foreign.string()},
          std::vector<std::string>{"search", "--db", foreign.string()}}) {
        RunResult run = run_footage(args);
        EXPECT_EQ(run.exit_code, 2) << args[0] << ": " << run.err;
        EXPECT_TRUE(has(run.err, "not a footage catalog")) << args[0] << ": " << run.err;
    }
    struct stat info_after {};
    ASSERT_EQ(::stat(foreign.c_str(), &info_after), 0);
    EXPECT_EQ(read_file(foreign), before);
    EXPECT_EQ(info_after.st_mtim.tv_sec, info_before.st_mtim.tv_sec);
    EXPECT_EQ(info_after.st_mtim.tv_nsec, info_before.st_mtim.tv_nsec);
}

// 19.5: NaN compares false with every bound, so it used to pass range checks and find nothing.
TEST_F(Drive, NotANumberIsAUsageError) {
    ASSERT_EQ(index({put("NVR/ch01_20201103140000.mp4").string()}).exit_code, 0);
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{"--region", "NaN,0,1,1"},
          std::vector<std::string>{"--region", "0,0,nan,1"},
          std::vector<std::string>{"--min-confidence", "nan", "--object", "person"}}) {
        std::vector<std::string> args = {"search", "--db", db()};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult run = run_footage(args);
        EXPECT_EQ(run.exit_code, 2) << extra[1] << ": " << run.err;
    }
}

// 19.5: the autumn hour that happens twice and the spring hour that never happens are read by
// the documented rule and flagged.
TEST_F(Drive, DaylightSavingHoursAreResolvedByTheRuleAndFlagged) {
    fs::path twice = put("ny/ch01_20201101013000.mp4");   // 01:30 EDT and 01:30 EST
    fs::path never = put("ny/ch02_20200308023000.mp4", sample(), 1);  // 02:00-03:00 skipped
    fs::path plain = put("ny/ch03_20201101120000.mp4", sample(), 2);
    RunResult run = run_footage({"index", "--db", db(), "--tz", "America/New_York", "--json",
                                 twice.string(), never.string(), plain.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    RunResult listed = run_footage({"recordings", "--db", db(), "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    std::map<std::string, nlohmann::json> by_camera;
    const nlohmann::json listing = listed.json();
    for (const nlohmann::json& r : listing["recordings"]) {
        by_camera[r["camera"].get<std::string>()] = r;
    }
    // The earlier instant: 01:30 EDT (-04:00) = 05:30Z.
    EXPECT_EQ(by_camera["ch01"]["start"], "2020-11-01T01:30:00-04:00");
    EXPECT_TRUE(has(by_camera["ch01"]["local_time_rule"].get<std::string>(), "twice"));
    EXPECT_TRUE(has(by_camera["ch01"]["time_source"].get<std::string>(), "+dst-ambiguous"));
    // Read with EST (-05:00): 07:30Z, shown as 03:30 EDT.
    EXPECT_EQ(by_camera["ch02"]["start"], "2020-03-08T03:30:00-04:00");
    EXPECT_TRUE(has(by_camera["ch02"]["local_time_rule"].get<std::string>(), "never"));
    EXPECT_TRUE(by_camera["ch03"]["local_time_rule"].is_null());
    RunResult verbose = run_footage({"recordings", "--db", db(), "-v"});
    EXPECT_TRUE(has(verbose.out, "DST: the name's local time happened twice")) << verbose.out;
}

// 19.3: a FIFO, a device and a socket in a walked folder are named like bad files and never
// opened (opening the FIFO for reading would block for ever: `timeout` turns that into a fail).
TEST_F(Drive, DevicesFifosAndSocketsInAWalkAreNamedNotOpened) {
    put("drive/NVR/ch01_20201103140000.mp4");
    ASSERT_EQ(::mkfifo((m_dir / "drive/NVR/ch02_20201103140000.mp4").c_str(), 0644), 0);
    ASSERT_EQ(::mkfifo((m_dir / "drive/NVR/notes.txt").c_str(), 0644), 0);
    fs::create_symlink("/dev/null", m_dir / "drive/NVR/ch03_20201103140000.dav");
    RunResult socket = run_program(
        "/usr/bin/python3", {"-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])",
                             (m_dir / "drive/NVR/ch04_20201103140000.mp4").string()});
    ASSERT_EQ(socket.exit_code, 0) << socket.err;
    RunResult run = run_program("timeout", {"60", footage_binary(), "index", "--db", db(), "--tz",
                                            kZone, "--json", (m_dir / "drive").string()});
    ASSERT_EQ(run.exit_code, 1) << run.err;
    std::map<std::string, std::string> reasons;
    int added = 0;
    const nlohmann::json report = run.json();
    for (const nlohmann::json& file : report["files"]) {
        fs::path path = file["path"].get<std::string>();
        if (file["status"] == "bad") {
            reasons[path.filename().string()] = file["reason"].get<std::string>();
        }
        added += file["status"] == "added" ? 1 : 0;
    }
    EXPECT_EQ(added, 1) << run.out;
    EXPECT_TRUE(has(reasons["ch02_20201103140000.mp4"], "a FIFO (named pipe)")) << run.out;
    EXPECT_TRUE(has(reasons["notes.txt"], "a FIFO (named pipe)")) << run.out;
    EXPECT_TRUE(has(reasons["ch03_20201103140000.dav"], "a character device")) << run.out;
    EXPECT_TRUE(has(reasons["ch04_20201103140000.mp4"], "a socket")) << run.out;
    EXPECT_TRUE(has(run.err, "ch02_20201103140000.mp4: a FIFO (named pipe), not a recording"))
        << run.err;
    // Run again: the four are still bad, like any unchanged bad file, and fail only --strict.
    const std::vector<std::string> again = {"timeout", "60", footage_binary(), "index", "--db",
                                            db(), "--tz", kZone, (m_dir / "drive").string()};
    RunResult rerun = run_program("timeout", {again.begin() + 1, again.end()});
    EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_TRUE(has(rerun.err, "still bad (4)")) << rerun.err;
    EXPECT_FALSE(has(rerun.err, "skipped")) << rerun.err;
    std::vector<std::string> strict(again.begin() + 1, again.end());
    strict.push_back("--strict");
    EXPECT_EQ(run_program("timeout", strict).exit_code, 1);
    RunResult listed = run_footage({"recordings", "--db", db(), "--json"});
    int bad = 0;
    const nlohmann::json recordings = listed.json()["recordings"];
    for (const nlohmann::json& recording : recordings) {
        bad += recording["status"] == "bad" ? 1 : 0;
    }
    EXPECT_EQ(bad, 4) << listed.out;
}

// 19 done-means: a 300-level tree, 20,000 files that are not video, FIFOs and devices: index
// finishes (under `timeout`; it takes well under a second here) and names every odd entry.
TEST_F(Drive, ADeepTreeOfManyOtherFilesFifosAndDevicesIsWalkedNamingEveryOddEntry) {
    fs::path deep = m_dir / "drive";
    for (int level = 0; level < 300; ++level) {
        deep /= "d" + std::to_string(level);
    }
    fs::create_directories(deep);
    put("drive/d0/d1/ch01_20201103140000.mp4");
    put((deep / "ch02_20201103140000.mp4").lexically_relative(m_dir.path()).string(), sample(),
        1);  // its own bytes: the same bytes twice would be one recording
    fs::create_directories(m_dir / "drive/notes");
    for (int i = 0; i < 20000; ++i) {
        std::ofstream(m_dir / "drive/notes" / ("n" + std::to_string(i) + ".txt"));
    }
    const std::vector<fs::path> odd = {deep / "ch03_20201103140000.mp4", m_dir / "drive/pipe.dav",
                                       m_dir / "drive/null.mp4", m_dir / "drive/d0/zero.txt"};
    ASSERT_EQ(::mkfifo(odd[0].c_str(), 0644), 0);
    ASSERT_EQ(::mkfifo(odd[1].c_str(), 0644), 0);
    fs::create_symlink("/dev/null", odd[2]);
    fs::create_symlink("/dev/zero", odd[3]);
    RunResult run = run_program("timeout", {"60", footage_binary(), "index", "--db", db(), "--tz",
                                            kZone, "--json", (m_dir / "drive").string()});
    ASSERT_EQ(run.exit_code, 1) << run.err;
    const nlohmann::json report = run.json();
    EXPECT_EQ(report["summary"]["added"], 2) << report["summary"];
    EXPECT_EQ(report["summary"]["bad"], 4) << report["summary"];
    EXPECT_EQ(report["summary"]["ignored"], 20000) << report["summary"];
    std::map<std::string, std::string> reasons;
    for (const nlohmann::json& file : report["files"]) {
        if (file["status"] == "bad") {
            reasons[file["path"].get<std::string>()] = file["reason"].get<std::string>();
        }
    }
    EXPECT_TRUE(has(reasons[odd[0].string()], "a FIFO (named pipe)")) << run.out.substr(0, 2000);
    EXPECT_TRUE(has(reasons[odd[1].string()], "a FIFO (named pipe)"));
    EXPECT_TRUE(has(reasons[odd[2].string()], "a character device"));
    EXPECT_TRUE(has(reasons[odd[3].string()], "a character device"));
    for (const fs::path& path : odd) {
        EXPECT_TRUE(has(run.err, "skipped " + path.string() + ": ")) << path;
    }
}

// 19.3: a raw H.264 stream is timed by its frame rate, not catalogued as one frame long.
TEST_F(Drive, ARawElementaryStreamIsTimedByItsFrameRate) {
    fs::path raw = put("raw/ch05_20201103140000.h264", sample_h264());
    RunResult run = index({raw.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const nlohmann::json report = run.json();
    const nlohmann::json& file = report["files"][0];
    EXPECT_NEAR(file["duration"].get<double>(), 4.0, 0.15) << run.out;
    EXPECT_EQ(file["frames_decoded"], 40) << run.out;
    RunResult cameras = run_footage({"cameras", "--db", db(), "--json"});
    EXPECT_NEAR(cameras.json()["cameras"][0]["covered_seconds"].get<double>(), 4.0, 0.15);
}

// 19.3: a file that grows while it is indexed is "unstable, re-run", not catalogued as done.
TEST_F(Drive, AFileThatGrowsWhileIndexedIsUnstableAndNotCatalogued) {
    fs::path growing = put("live/ch06_20201103140000.mp4");
    std::atomic<bool> stop{false};
    std::thread writer([&]() {
        std::ofstream out(growing, std::ios::binary | std::ios::app);
        const std::string chunk(512, '\0');
        while (!stop) {
            out << chunk << std::flush;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    RunResult run = index({growing.string()});
    stop = true;
    writer.join();
    ASSERT_EQ(run.exit_code, 1) << run.err;
    const nlohmann::json report = run.json();
    const nlohmann::json& file = report["files"][0];
    EXPECT_EQ(file["status"], "bad");
    EXPECT_TRUE(has(file["reason"].get<std::string>(), "unstable, re-run")) << run.out;
    RunResult listed = run_footage({"recordings", "--db", db(), "--json"});
    EXPECT_EQ(listed.json()["recordings"][0]["status"], "bad") << listed.out;
    RunResult again = index({growing.string()});  // it no longer grows
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.json()["files"][0]["status"], "updated") << again.out;
}

// 18.12: the camera folder given directly is matched as `index drive` would match it.
TEST_F(Drive, ACameraFolderGivenDirectlyKeepsItsCameraId) {
    RunResult run = index({(generated_drive() / "cam04").string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const nlohmann::json report = run.json();
    const nlohmann::json& file = report["files"][0];
    EXPECT_EQ(file["camera"], "cam04") << run.out;
    EXPECT_EQ(file["time_source"], "name:camera-folder") << run.out;
}

// 18.13 and 18.14: a new catalog is announced; a known-bad file that has not changed is "still
// bad" once and does not fail a clean re-run unless --strict.
TEST_F(Drive, UnchangedBadFilesAreStillBadWithoutFailingARerun) {
    put("drive/ch01_20201103140000.mp4");
    fs::path junk = m_dir / "drive/ch02_20201103140000.mp4";
    std::ofstream(junk) << "not a video\n";
    const std::vector<std::string> args = {"index", "--db", db(), "--tz", kZone,
                                           (m_dir / "drive").string()};
    RunResult first = run_footage(args);
    EXPECT_EQ(first.exit_code, 1) << first.err;
    EXPECT_TRUE(has(first.err, "footage: created catalog " + db())) << first.err;
    EXPECT_TRUE(has(first.err, "skipped " + junk.string())) << first.err;
    RunResult second = run_footage(args);
    EXPECT_EQ(second.exit_code, 0) << second.err;
    EXPECT_FALSE(has(second.err, "created catalog")) << second.err;
    EXPECT_FALSE(has(second.err, "skipped")) << second.err;
    EXPECT_TRUE(has(second.err, "still bad (1)")) << second.err;
    std::vector<std::string> strict = args;
    strict.push_back("--strict");
    EXPECT_EQ(run_footage(strict).exit_code, 1);
    std::ofstream(junk, std::ios::app) << "changed\n";  // changed: reported again
    RunResult changed = run_footage(args);
    EXPECT_EQ(changed.exit_code, 1) << changed.err;
    EXPECT_TRUE(has(changed.err, "skipped " + junk.string())) << changed.err;
}

// 19.4: the same file reached through a symlink, a hard link and as a copy is one recording
// with its other paths listed.
TEST_F(Drive, TheSameFileReachedTwiceIsOneRecordingWithItsPaths) {
    fs::path original = put("drive/NVR/ch01_20201103140000.mp4");
    fs::create_directories(m_dir / "drive/again");
    fs::create_symlink(original, m_dir / "drive/again/ch01_20201103140000.mp4");
    fs::create_directories(m_dir / "drive/NVR/hard");
    fs::create_hard_link(original, m_dir / "drive/NVR/hard/ch01_20201103140000.mp4");
    put("drive/copy/ch01_20201103140000.mp4");  // a copy: the same bytes
    RunResult run = index({(m_dir / "drive").string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    int added = 0;
    int same = 0;
    const nlohmann::json report = run.json();
    for (const nlohmann::json& file : report["files"]) {
        added += file["status"] == "added" ? 1 : 0;
        same += has(file.value("reason", ""), "the same file as") ? 1 : 0;
    }
    EXPECT_EQ(added, 1) << run.out;
    EXPECT_EQ(same, 3) << run.out;
    RunResult listed = run_footage({"recordings", "--db", db(), "--json"});
    ASSERT_EQ(listed.json()["recordings"].size(), 1u) << listed.out;
    EXPECT_EQ(listed.json()["recordings"][0]["other_paths"].size(), 3u) << listed.out;
    RunResult again = index({(m_dir / "drive").string()});  // nothing new, nothing hashed twice
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.json()["summary"]["unchanged"], 4) << again.out;
}

// 19.4: two recorders both exporting ch09 over the same hour are not merged into one camera.
TEST_F(Drive, OverlappingRecordingsOfOneCameraAreRefusedNamingBoth) {
    fs::path first = put("drive/NVR-A/ch09_20201103140000.mp4");
    fs::path second = put("drive/NVR-B/ch09_20201103140001.mp4", sample_h264());
    RunResult run = index({(m_dir / "drive").string()});
    ASSERT_EQ(run.exit_code, 1) << run.err;
    EXPECT_TRUE(has(run.err, second.string() + ": overlaps " + first.string())) << run.err;
    // Kept apart by a recorder key from the folder, both are indexed.
    RunResult apart = run_footage({"index", "--db", (m_dir / "apart.db").string(), "--tz", kZone,
                                   "--pattern", "{recorder}/ch{channel}_{start}", "--json",
                                   (m_dir / "drive").string()});
    EXPECT_EQ(apart.exit_code, 0) << apart.err;
    EXPECT_EQ(apart.json()["summary"]["added"], 2) << apart.out;
}

// 19.4: a folder named in NFD (as macOS writes it) and one typed in NFC are one camera.
TEST_F(Drive, CameraIdsAreComparedInOneUnicodeForm) {
    const std::string nfc = "C\xc3\xa1m";        // "Cám", precomposed
    const std::string nfd = "Ca\xcc\x81m";       // "Cám", a + combining acute
    put("drive/" + nfd + "/ch01_20201103140000.mp4");
    put("drive/" + nfc + "/ch01_20201103140010.mp4", sample_h264());
    RunResult run = run_footage({"index", "--db", db(), "--tz", kZone, "--json", "--pattern",
                                 "{recorder}/ch{channel}_{start}", (m_dir / "drive").string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    RunResult cameras = run_footage({"cameras", "--db", db(), "--json"});
    ASSERT_EQ(cameras.json()["cameras"].size(), 1u) << cameras.out;
    EXPECT_EQ(cameras.json()["cameras"][0]["id"], nfc + "/ch01");
    RunResult typed = run_footage({"recordings", "--db", db(), "--camera", nfd + "/ch01", "--json"});
    EXPECT_EQ(typed.exit_code, 0) << typed.err;
    EXPECT_EQ(typed.json()["recordings"].size(), 2u) << typed.out;
}

// 19.1: Dahua .dav (DHAV) and Hikvision IMKH + MPEG-PS files, made by tests/gen from the
// formats' descriptions and read back by FFmpeg, indexed, searched, clipped and verified. A
// .dav whose name says nothing is timed by the recorder's date-time in its frame headers, and
// its camera is the channel in them (issue 19 item 1).
TEST_F(Drive, DahuaDavAndHikvisionFilesEndToEnd) {
    const fs::path drive = m_dir / "drive";
    const fs::path on_disk = drive / "2020-11-03/001/dav/14/14.00.00-14.00.04[R][0@0][0].dav";
    const fs::path nameless = drive / "export/clip_0001.dav";
    const fs::path hikvision = drive / "hik/ch07_20201103140000.mp4";
    make_file({"dav", on_disk.string(), "--start", "2020-11-03 14:00:00", "--motion"});
    make_file(
        {"dav", nameless.string(), "--start", "2020-11-03 14:10:00", "--channel", "1", "--motion"});
    make_file({"imkh", hikvision.string(), "--motion"});

    RunResult run = index({drive.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::map<std::string, nlohmann::json> by_name;
    const nlohmann::json report = run.json();
    for (const nlohmann::json& file : report["files"]) {
        by_name[fs::path(file["path"].get<std::string>()).filename().string()] = file;
    }
    const nlohmann::json& dav = by_name[on_disk.filename().string()];
    EXPECT_EQ(dav["status"], "added") << run.out;
    EXPECT_EQ(dav["camera"], "ch01");
    EXPECT_EQ(dav["start"], "2020-11-03T14:00:00+07:00");
    EXPECT_NEAR(dav["duration"].get<double>(), 4.0, 0.15) << run.out;
    const nlohmann::json& hik = by_name["ch07_20201103140000.mp4"];
    EXPECT_EQ(hik["status"], "added") << run.out;
    EXPECT_NEAR(hik["duration"].get<double>(), 4.0, 0.15) << run.out;
    // The nameless file's camera is the channel in its DHAV headers (1, counted from 0: ch02).
    const nlohmann::json& nameless_file = by_name["clip_0001.dav"];
    EXPECT_EQ(nameless_file["status"], "added") << run.out;
    EXPECT_EQ(nameless_file["camera"], "ch02") << run.out;
    EXPECT_EQ(nameless_file["time_source"], "stream:dhav") << run.out;
    EXPECT_EQ(nameless_file["start"], "2020-11-03T14:10:00+07:00") << run.out;
    RunResult by_channel = run_footage({"search", "--db", db(), "--camera", "2", "--json"});
    EXPECT_EQ(by_channel.exit_code, 0) << by_channel.err;  // --camera 2 selects ch02

    RunResult declared = index({"--camera", "lobby", nameless.string()});
    ASSERT_EQ(declared.exit_code, 0) << declared.err;
    EXPECT_EQ(declared.json()["files"][0]["time_source"], "stream:dhav") << declared.out;
    EXPECT_EQ(declared.json()["files"][0]["start"], "2020-11-03T14:10:00+07:00");

    // The box moves from 1 s to 3 s into each file.
    for (const auto& [camera, at] : std::vector<std::pair<std::string, std::string>>{
             {"ch01", "2020-11-03T14:00:01"}, {"lobby", "2020-11-03T14:10:01"},
             {"ch07", "2020-11-03T14:00:01"}}) {
        RunResult hits = run_footage({"search", "--db", db(), "--camera", camera, "--json"});
        ASSERT_EQ(hits.exit_code, 0) << camera << ": " << hits.err;
        std::string start = hits.json()["hits"][0]["start"];
        EXPECT_TRUE(has(start, at)) << camera << ": " << hits.out;
        RunResult clipped = run_footage({"clip", "--db", db(), "--camera", camera, "--from",
                                         start, "--to", hits.json()["hits"][0]["end"], "--out",
                                         (m_dir / "bags").string(), "--json"});
        ASSERT_EQ(clipped.exit_code, 0) << camera << ": " << clipped.err;
        std::string file = clipped.json()["clips"][0]["file"];
        std::string source = clipped.json()["clips"][0]["source"];
        RunResult verified =
            run_footage({"verify", clipped.json()["bag"].get<std::string>(), "--source", source});
        EXPECT_EQ(verified.exit_code, 0) << camera << ": " << verified.out << verified.err;
        // The clip is in a container any player opens, and FFmpeg decodes it.
        RunResult decoded = run_program(
            "ffprobe", {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                        "stream=nb_read_frames", "-of", "csv=p=0",
                        (fs::path(clipped.json()["bag"].get<std::string>()) / file)
                            .string()});
        EXPECT_EQ(decoded.exit_code, 0) << camera << ": " << decoded.err;
        EXPECT_GT(std::atoi(decoded.out.c_str()), 5) << camera << ": " << file;
    }
}

// What a user reads in `index --json` and `recordings --json`, without what varies between
// machines or runs (absolute folder, hashes, frames decoded, times of indexing): paths relative to
// the test folder, durations to 0.1 s.
nlohmann::json stable_view(const nlohmann::json& list, const fs::path& base,
                           const std::vector<std::string>& keys) {
    const std::string prefix = base.string() + "/";
    auto relative = [&](std::string text) {
        for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix)) {
            text.erase(at, prefix.size());
        }
        return text;
    };
    nlohmann::json view = nlohmann::json::array();
    for (const nlohmann::json& item : list) {
        nlohmann::json kept = nlohmann::json::object();
        for (const std::string& key : keys) {
            if (!item.contains(key)) {
                continue;
            }
            const nlohmann::json& value = item[key];
            if (value.is_string()) {
                kept[key] = relative(value.get<std::string>());
            } else if (key == "duration" && value.is_number()) {
                kept[key] = std::round(value.get<double>() * 10) / 10;
            } else if (value.is_array()) {
                kept[key] = nlohmann::json::array();
                for (const nlohmann::json& element : value) {
                    kept[key].push_back(relative(element.get<std::string>()));
                }
            } else {
                kept[key] = value;
            }
        }
        view.push_back(kept);
    }
    return view;
}

// 19 done-means: a drive as several recorders export it, indexed with exact expected output
// (tests/data/several_recorders.json; FOOTAGE_WRITE_EXPECTED=1 rewrites it from this run, to be
// read before committing). Two Dahua recorders and two Hikvision IP recorders with the same
// channel at the same time (kept apart by their recorder), a .dav whose name says nothing, a
// power-cut MP4 (bad, then repaired and indexed), one file at a second path and through a
// symlink, a FIFO and a device named like recordings.
TEST_F(Drive, SeveralRecordersDriveIndexesExactlyAsExpected) {
    const fs::path drive = m_dir / "drive";
    const std::string start = "2020-11-03 14:00:00";
    make_file({"dav", (drive / "NVR01_ch1_main_20201103140000_20201103140004.dav").string(),
               "--start", start, "--channel", "0", "--motion"});
    make_file({"dav", (drive / "XVR02_ch1_main_20201103140000_20201103140003.dav").string(),
               "--start", start, "--seconds", "3", "--channel", "0"});
    make_file({"dav", (drive / "export/clip_0001.dav").string(), "--start", "2020-11-03 14:10:00",
               "--channel", "3", "--seconds", "2"});
    make_file({"imkh", (drive / "hik/192.168.1.64_01_20201103140000.mp4").string(), "--motion"});
    make_file(
        {"imkh", (drive / "hik/192.168.1.65_01_20201103140000.mp4").string(), "--seconds", "3"});
    // A power cut: the sample (moov at its end) cut in the middle of its mdat.
    const std::string whole = read_file(sample());
    std::ofstream(drive / "hik/ch05_20201103140000.mp4", std::ios::binary)
        << whole.substr(0, whole.size() / 2);
    fs::create_directories(drive / "backup");
    fs::copy_file(drive / "NVR01_ch1_main_20201103140000_20201103140004.dav",
                  drive / "backup/NVR01_ch1_main_20201103140000_20201103140004.dav");
    fs::create_directories(drive / "links");
    fs::create_symlink("../XVR02_ch1_main_20201103140000_20201103140003.dav",
                       drive / "links/XVR02_ch1_main_20201103140000_20201103140003.dav");
    ASSERT_EQ(::mkfifo((drive / "hik/ch09_20201103140000.mp4").c_str(), 0644), 0);
    fs::create_symlink("/dev/null", drive / "hik/ch10_20201103140000.dav");
    std::ofstream(drive / "readme.txt") << "exported by NVR01 and XVR02\n";

    const std::vector<std::string> file_keys = {"path",     "status",      "camera",
                                                "start",    "duration",    "time_source",
                                                "reason",   "still_bad"};
    nlohmann::json actual;
    RunResult first = index({drive.string()});
    EXPECT_EQ(first.exit_code, 1) << first.err;  // the power cut, the FIFO and the device
    const nlohmann::json first_report = first.json();
    actual["index"] = {{"files", stable_view(first_report["files"], m_dir.path(), file_keys)},
                       {"summary", first_report["summary"]}};

    // The power-cut file repaired with the healthy sample of its camera, then the drive again.
    RunResult repaired = run_footage(
        {"repair", (drive / "hik/ch05_20201103140000.mp4").string(), "--like", sample().string(),
         "--out", (m_dir / "repaired/ch05_20201103140000.mp4").string(), "--db", db(), "--tz",
         kZone, "-q"});
    EXPECT_EQ(repaired.exit_code, 0) << repaired.err;
    RunResult second = index({drive.string(), (m_dir / "repaired").string()});
    EXPECT_EQ(second.exit_code, 0) << second.err;  // the bad ones are still bad
    const nlohmann::json second_report = second.json();
    actual["index_again_with_the_repaired_file"] = {
        {"files", stable_view(second_report["files"], m_dir.path(), file_keys)},
        {"summary", second_report["summary"]}};

    RunResult listed = run_footage({"recordings", "--db", db(), "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    actual["recordings"] = stable_view(
        listed.json()["recordings"], m_dir.path(),
        {"path", "camera", "status", "container", "codec", "width", "height", "frame_rate",
         "duration", "start", "end", "time_source", "other_paths", "error"});

    const fs::path expected_file = source_dir() / "tests/data/several_recorders.json";
    if (std::getenv("FOOTAGE_WRITE_EXPECTED") != nullptr) {
        std::ofstream(expected_file) << actual.dump(2) << "\n";
    }
    const nlohmann::json expected = read_json(expected_file);
    for (const char* part : {"index", "index_again_with_the_repaired_file", "recordings"}) {
        EXPECT_EQ(actual[part], expected[part])
            << part << ": expected\n" << expected[part].dump(2) << "\nactual\n"
            << actual[part].dump(2);
    }
}

}  // namespace
}  // namespace footage::test
