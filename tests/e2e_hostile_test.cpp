// Hostile inputs, end to end: odd file names, symlink loops, files whose names or headers lie,
// broken timestamps, bags that point outside themselves, huge header values. Each must give a
// clear message and a defined exit code (0, 1 or 2; never a crash), reading nothing outside the
// bag and writing nothing outside the output. Results go into SECURITY.md's table.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "tests/support/hardening_results.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";
const char* kRecording = "NVR/ch01_20201103140000_20201103140030.mp4";

bool defined_exit(int code) { return code == 0 || code == 1 || code == 2; }

std::string exit_text(int code) {
    return defined_exit(code) ? "exit " + std::to_string(code)
                              : "UNDEFINED EXIT " + std::to_string(code);
}

// A small recording made by FFmpeg: `seconds` of a moving box at 10 fps, 160x90.
void make_video(const fs::path& out, double seconds, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=160x90:rate=10:duration=" + std::to_string(seconds),
        "-c:v",
        "libx264",
        "-g",
        "10",
        "-pix_fmt",
        "yuv420p"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(out.string());
    RunResult made = run_program("ffmpeg", args);
    ASSERT_EQ(made.exit_code, 0) << made.err;
}

// Overwrites the big-endian 32-bit value `offset` bytes after the first `box` tag.
void patch_box(const fs::path& file, const std::string& box, size_t offset, uint32_t value) {
    std::string bytes = read_file(file);
    size_t at = bytes.find(box);
    ASSERT_NE(at, std::string::npos) << box;
    for (int i = 0; i < 4; ++i) {
        bytes[at + offset + static_cast<size_t>(i)] =
            static_cast<char>((value >> (24 - 8 * i)) & 0xff);
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

class Hostile : public ::testing::Test {
  protected:
    std::string db() const { return (m_dir / "footage.db").string(); }
    RunResult index(const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"index", "--db", db(), "--tz", kZone, "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_footage(args);
    }
    // A bag cut from the generated drive, to be made hostile.
    fs::path make_bag() {
        EXPECT_EQ(index({(generated_drive() / kRecording).string()}).exit_code, 0);
        RunResult clipped =
            run_footage({"clip", "--db", db(), "--tz", kZone, "--camera", "ch01", "--from",
                         "2020-11-03 14:00:05", "--to", "2020-11-03 14:00:08", "--out",
                         (m_dir / "bags").string(), "--json"});
        EXPECT_EQ(clipped.exit_code, 0) << clipped.err;
        return clipped.json()["bag"].get<std::string>();
    }

    TempDir m_dir;
};

TEST_F(Hostile, OddFileNamesAreIndexedClippedAndVerified) {
    const fs::path drive = m_dir / "drive";
    // Spaces, a newline, bytes that are not UTF-8, and Vietnamese diacritics.
    const std::vector<std::string> folders = {"Camera cổng chính", "with  spaces ", "new\nline",
                                              std::string("bad\xff\xfe") + "bytes"};
    for (size_t i = 0; i < folders.size(); ++i) {
        fs::create_directories(drive / folders[i]);
        fs::path copy = drive / folders[i] / "ch01_20201103140000_20201103140030.mp4";
        fs::copy_file(generated_drive() / kRecording, copy);
        // Four recorders' files, not one file four times (that would be one recording).
        std::ofstream(copy, std::ios::binary | std::ios::app) << std::string(i + 1, '\0');
    }
    RunResult run = index({"--pattern", "{recorder}/ch{channel}_{start}_{end}", drive.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    nlohmann::json report = run.json();
    int added = 0;
    for (const nlohmann::json& file : report["files"]) {
        added += file["status"] == "added" ? 1 : 0;
    }
    EXPECT_EQ(added, 4) << run.out;
    RunResult cameras = run_footage({"cameras", "--db", db(), "--json"});
    EXPECT_EQ(cameras.exit_code, 0) << cameras.err;
    bool diacritics = cameras.out.find("Camera cổng chính/ch01") != std::string::npos;
    EXPECT_TRUE(diacritics) << cameras.out;

    // A clip of each camera verifies, inside its bag and with its custody log intact.
    int verified = 0;
    std::string failure;
    for (const std::string& folder : folders) {
        RunResult clipped =
            run_footage({"clip", "--db", db(), "--tz", kZone, "--camera", folder + "/ch01",
                         "--from", "2020-11-03 14:00:05", "--to", "2020-11-03 14:00:07", "--out",
                         (m_dir / "bags").string(), "--json"});
        if (clipped.exit_code != 0) {
            failure +=
                folder + ": clip exit " + std::to_string(clipped.exit_code) + " " + clipped.err;
            continue;
        }
        RunResult check = run_footage({"verify", clipped.json()["bag"].get<std::string>()});
        if (check.exit_code == 0) {
            ++verified;
        } else {
            failure +=
                folder + ": verify exit " + std::to_string(check.exit_code) + " " + check.out;
        }
    }
    EXPECT_EQ(verified, 4) << failure;
    RunResult log = run_footage({"log", "--db", db(), "--verify", "--json"});
    EXPECT_EQ(log.exit_code, 0) << log.err;
    record_result(
        "hostile",
        "folder names with spaces, a newline, non-UTF-8 bytes and Vietnamese diacritics "
        "(`Camera cổng chính/…`)",
        exit_text(run.exit_code) + "; " + std::to_string(added) + " of 4 indexed" +
            (diacritics ? "; camera `Camera cổng chính/ch01` listed" : "; DIACRITICS LOST") + "; " +
            std::to_string(verified) + " of 4 clipped and verified; custody log " +
            (log.exit_code == 0 ? "intact" : "BROKEN"));
}

TEST_F(Hostile, SymlinkLoopsAreNamedAndTheWalkEnds) {
    const fs::path drive = m_dir / "drive";
    fs::create_directories(drive / "NVR");
    fs::copy_file(generated_drive() / kRecording,
                  drive / "NVR/ch01_20201103140000_20201103140030.mp4");
    fs::create_directory_symlink("..", drive / "NVR/up");    // a folder loop
    fs::create_symlink("loop.mp4", drive / "NVR/loop.mp4");  // a file loop
    fs::create_symlink("b.mp4", drive / "NVR/a.mp4");        // a two-link loop
    fs::create_symlink("a.mp4", drive / "NVR/b.mp4");
    RunResult run = index({drive.string()});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    nlohmann::json report = run.json();
    std::set<std::string> added;
    for (const nlohmann::json& file : report["files"]) {
        if (file["status"] == "added") {
            added.insert(file["sha256"].get<std::string>());
        }
    }
    EXPECT_EQ(added.size(), 1u) << run.out;
    bool named = run.err.find("loop.mp4") != std::string::npos &&
                 run.err.find("a.mp4") != std::string::npos &&
                 run.err.find("symbolic links") != std::string::npos;
    EXPECT_TRUE(named) << run.err;
    record_result("hostile",
                  "symlink loops on the drive (a folder link to `..`, a file linking to "
                  "itself, two files linking to each other)",
                  exit_text(run.exit_code) + "; the walk ends; the real recording indexed once" +
                      (named ? "; each looping link named (\"Too many levels of symbolic links\")"
                             : "; LOOPS NOT NAMED"));
}

TEST_F(Hostile, AFileWhoseNameClaimsTenHoursButHoldsTenSeconds) {
    fs::path liar = m_dir / "ch05_20201103140000_20201104000000.mp4";
    make_video(liar, 10);
    RunResult run = index({liar.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    double duration = run.json()["files"][0]["duration"].get<double>();
    EXPECT_NEAR(duration, 10.0, 0.5);
    RunResult late = run_footage({"clip", "--db", db(), "--tz", kZone, "--camera", "ch05", "--from",
                                  "2020-11-03 16:00:00", "--to", "2020-11-03 16:00:05", "--out",
                                  (m_dir / "out").string()});
    EXPECT_EQ(late.exit_code, 2) << late.err;
    bool says = late.err.find("no recording of camera ch05") != std::string::npos;
    EXPECT_TRUE(says) << late.err;
    char text[64];
    std::snprintf(text, sizeof text, "%.1f s", duration);
    record_result("hostile", "a file named as 10 hours (14:00–24:00) that holds 10 seconds",
                  exit_text(run.exit_code) + "; catalogued as " + text +
                      "; a clip at 16:00 refused (" + exit_text(late.exit_code) +
                      (says ? ", \"no recording of camera ch05\")" : ", UNCLEAR)"));
}

TEST_F(Hostile, HugeContainerHeaderValuesDoNotBecomeTheDuration) {
    fs::path made = m_dir / "made.mp4";
    make_video(made, 10, {"-movflags", "+faststart"});
    // Box layouts (version 0) after the 4-byte tag: mvhd/mdhd version+flags(4) created(4)
    // modified(4) timescale(4) duration(4); tkhd version+flags(4) created(4) modified(4)
    // track(4) reserved(4) duration(4).
    fs::path durations = m_dir / "ch06_20201103140000.mp4";
    fs::copy_file(made, durations);
    patch_box(durations, "mvhd", 4 + 16, 0xFFFFFFFFu);  // ~50 days in its time scale
    patch_box(durations, "mdhd", 4 + 16, 0xFFFFFFFFu);
    patch_box(durations, "tkhd", 4 + 20, 0xFFFFFFFFu);
    RunResult run = index({durations.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    nlohmann::json report = run.json();
    std::string status = report["files"][0]["status"];
    double duration = report["files"][0].value("duration", 0.0);
    EXPECT_NEAR(duration, 10.0, 0.5) << run.out;
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", duration);
    record_result("hostile",
                  "an MP4 holding 10 s whose mvhd/mdhd/tkhd durations are 2^32-1 (the header "
                  "claims ~50 days)",
                  exit_text(run.exit_code) + "; " + status + ", catalogued as " + text +
                      " (the frames' length, not the header's)");

    fs::path scale = m_dir / "ch07_20201103140000.mp4";
    fs::copy_file(made, scale);
    patch_box(scale, "mdhd", 4 + 12, 0xFFFFFFFFu);  // a time scale FFmpeg refuses
    RunResult scaled = index({scale.string()});
    EXPECT_TRUE(defined_exit(scaled.exit_code)) << scaled.err;
    nlohmann::json scaled_report = scaled.json();
    std::string scaled_status = scaled_report["files"][0]["status"];
    record_result("hostile", "an MP4 whose mdhd time scale is 2^32-1",
                  exit_text(scaled.exit_code) + "; " + scaled_status +
                      " (FFmpeg falls back to a time scale of 1; its timestamps are used)");
}

TEST_F(Hostile, BrokenTimestampsGiveADefinedAnswer) {
    struct Case {
        std::string name;
        std::string file;
        std::string expression;
    };
    // MPEG-TS carries whatever timestamps it is given (MP4 would refuse them).
    std::vector<Case> cases = {
        {"pts going backwards 3 s halfway", "ch07_20201103140000.ts",
         "setts=ts=if(gte(N\\,50)\\,TS-3/TB\\,TS)"},
        {"a 20 s gap in pts/dts halfway", "ch08_20201103140000.ts",
         "setts=ts=if(gte(N\\,50)\\,TS+20/TB\\,TS)"},
    };
    for (const Case& c : cases) {
        fs::path video = m_dir / c.file;
        make_video(video, 10, {"-bsf:v", c.expression, "-f", "mpegts"});
        RunResult run = index({video.string()});
        EXPECT_TRUE(defined_exit(run.exit_code)) << c.name << run.err;
        nlohmann::json report = run.json();
        std::string status = report["files"][0]["status"];
        std::string reason = report["files"][0].value("reason", "");
        bool clear = status == "added" || reason.find(video.string()) != std::string::npos;
        EXPECT_TRUE(clear) << c.name << report.dump();
        std::string clip_text;
        if (status == "added") {
            std::string camera = report["files"][0]["camera"];
            RunResult clipped =
                run_footage({"clip", "--db", db(), "--tz", kZone, "--camera", camera, "--from",
                             "2020-11-03 14:00:02", "--to", "2020-11-03 14:00:08", "--out",
                             (m_dir / ("out-" + camera)).string(), "--json"});
            EXPECT_TRUE(defined_exit(clipped.exit_code)) << clipped.err;
            clip_text = "; clip " + exit_text(clipped.exit_code);
            if (clipped.exit_code == 0) {
                RunResult check = run_footage({"verify", clipped.json()["bag"].get<std::string>()});
                EXPECT_EQ(check.exit_code, 0) << check.out;
                clip_text += check.exit_code == 0 ? ", its bag verifies" : ", ITS BAG FAILS";
            } else {
                EXPECT_FALSE(clipped.err.empty());
                clip_text += " with a message";
            }
        }
        record_result("hostile", "a recording with " + c.name,
                      exit_text(run.exit_code) + "; " + status +
                          (status == "added" ? ""
                           : clear           ? " (the reason names the file)"
                                             : " WITHOUT A REASON") +
                          clip_text);
    }
}

TEST_F(Hostile, ABagPointingOutsideItselfIsRefusedWithoutFollowing) {
    fs::path bag = make_bag();
    fs::path outside = m_dir / "outside";
    fs::create_directories(outside);
    std::ofstream(outside / "passwd") << "root:x:0:0\n";

    // manifest.json outputs naming ../../etc/passwd and an absolute path.
    fs::path json_bag = m_dir / "json-bag";
    fs::copy(bag, json_bag, fs::copy_options::recursive);
    nlohmann::json manifest = read_json(json_bag / "data/manifest.json");
    manifest["outputs"].push_back({{"path", "../../etc/passwd"}, {"sha256", std::string(64, '0')}});
    manifest["outputs"].push_back({{"path", "/etc/passwd"}, {"sha256", std::string(64, '0')}});
    std::ofstream(json_bag / "data/manifest.json") << manifest.dump();
    RunResult json_run =
        run_footage({"verify", "--json", (json_bag / "data/manifest.json").string()});
    EXPECT_EQ(json_run.exit_code, 1) << json_run.out << json_run.err;
    std::string problems = json_run.json()["problems"].dump();
    bool json_refused = problems.find("../../etc/passwd") != std::string::npos &&
                        problems.find("\"/etc/passwd\"") != std::string::npos &&
                        problems.find("not followed") != std::string::npos;
    EXPECT_TRUE(json_refused) << problems;

    // data/ itself a symlink to a folder outside the bag, and a tag manifest naming ../.
    fs::path linked = m_dir / "linked-bag";
    fs::copy(bag, linked, fs::copy_options::recursive);
    fs::copy(linked / "data", outside / "data", fs::copy_options::recursive);
    fs::remove_all(linked / "data");
    fs::create_directory_symlink(outside / "data", linked / "data");
    {
        std::ofstream tags(linked / "tagmanifest-sha256.txt", std::ios::app);
        tags << std::string(64, '0') << "  ../outside/passwd\n";
    }
    RunResult link_run = run_footage({"verify", "--json", linked.string()});
    EXPECT_EQ(link_run.exit_code, 1) << link_run.out << link_run.err;
    std::string link_problems = link_run.json()["problems"].dump();
    bool link_refused = link_problems.find("a symlink (not followed)") != std::string::npos &&
                        link_problems.find("../outside/passwd") != std::string::npos;
    EXPECT_TRUE(link_refused) << link_problems;
    int64_t hashed = link_run.json()["files_checked"].get<int64_t>();

    // verify --source with a manifest.json whose outputs lead out of the bag.
    RunResult source_run = run_footage({"verify", (json_bag / "data/manifest.json").string(),
                                        "--source", (generated_drive() / kRecording).string()});
    EXPECT_EQ(source_run.exit_code, 1) << source_run.out << source_run.err;
    bool source_refused = source_run.out.find("../../etc/passwd") != std::string::npos;
    EXPECT_TRUE(source_refused) << source_run.out;

    record_result("hostile", "a bag whose manifest.json lists `../../etc/passwd` and `/etc/passwd`",
                  exit_text(json_run.exit_code) +
                      (json_refused ? "; both named as leading out of the bag, not followed"
                                    : "; NOT REFUSED"));
    record_result(
        "hostile",
        "a bag whose `data/` is a symlink to a folder outside, and whose tag manifest "
        "lists `../outside/passwd`",
        exit_text(link_run.exit_code) +
            (link_refused ? "; the symlink and the path named, not followed" : "; NOT REFUSED") +
            "; files hashed: " + std::to_string(hashed) + " (only tag files inside the bag)");
    record_result("hostile", "`verify --source` of a manifest.json listing `../../etc/passwd`",
                  exit_text(source_run.exit_code) +
                      (source_refused ? "; the path named, not followed" : "; NOT REFUSED"));
}

TEST_F(Hostile, HugeOrMalformedBagHeadersGiveADefinedAnswer) {
    fs::path bag = make_bag();
    struct Case {
        std::string name;
        std::string file;
        std::string text;
        bool append;
    };
    std::vector<Case> cases = {
        {"a 16 MB bag-info.txt field value", "bag-info.txt",
         "Source-Organization: " + std::string(16 << 20, 'x') + "\n", true},
        {"a bag-info.txt continuation line of blanks only", "bag-info.txt",
         "Contact-Name: x\n   \n", true},
        {"a Payload-Oxum of 30 digits", "bag-info.txt",
         "Payload-Oxum: 999999999999999999999999999999.1\n", true},
        {"a manifest line with a 1 MB path", "manifest-sha256.txt",
         std::string(64, '0') + "  data/" + std::string(1 << 20, 'a') + "\n", true},
        {"a bagit.txt of 1 MB of NUL bytes", "bagit.txt", std::string(1 << 20, '\0'), false},
    };
    for (const Case& c : cases) {
        fs::path copy = m_dir / "copy";
        fs::remove_all(copy);
        fs::copy(bag, copy, fs::copy_options::recursive);
        std::ofstream out(copy / c.file, c.append ? std::ios::app | std::ios::binary
                                                  : std::ios::trunc | std::ios::binary);
        out << c.text;
        out.close();
        RunResult run = run_footage({"verify", copy.string()});
        EXPECT_TRUE(run.exit_code == 1 || run.exit_code == 2) << c.name << run.err;
        std::string said = run.exit_code == 2 ? run.err : run.out;
        bool names = said.find(c.file) != std::string::npos;
        EXPECT_TRUE(names) << c.name << "\n" << said.substr(0, 2000);
        record_result(
            "hostile", c.name,
            exit_text(run.exit_code) + (names ? "; names " + c.file : "; DOES NOT NAME THE FILE"));
    }
}

}  // namespace
}  // namespace footage::test
