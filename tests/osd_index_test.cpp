// `index --osd` end to end on a few of the generated OSD clips (tests/gen/make_osd_clips.py):
// what `recordings` and `cameras` then say about each recording's burned-in clock.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "indexers/osd/osd_indexer.hpp"
#include "indexers/osd/osd_store.hpp"
#include "lib/catalog/catalog.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

fs::path osd_clip(const std::string& name) {
    const char* data = std::getenv("FOOTAGE_TESTDATA");
    fs::path clip = fs::path(data != nullptr ? data : FOOTAGE_TESTDATA_DEFAULT) / "osd" /
                    (name + ".mp4");
    if (!fs::exists(clip)) {
        ADD_FAILURE() << clip << " is missing (ctest -R generate_osd_clips)";
    }
    return clip;
}

// One clip copied into `dir` and indexed as camera `camera` starting at `start` (UTC).
RunResult index_clip(const TempDir& dir, const std::string& name, const std::string& camera,
                     const std::string& start, const std::vector<std::string>& more = {}) {
    fs::create_directories(dir / "in");
    fs::path copy = dir / "in" / (name + ".mp4");
    fs::copy_file(osd_clip(name), copy, fs::copy_options::overwrite_existing);
    std::vector<std::string> args = {"index", "--db", (dir / "t.db").string(), "--tz", "UTC",
                                     "-q", "--camera", camera, "--start", start};
    args.insert(args.end(), more.begin(), more.end());
    args.push_back(copy.string());
    return run_footage(args);
}

nlohmann::json recording_of(const TempDir& dir, const std::string& camera) {
    RunResult listed = run_footage({"recordings", "--db", (dir / "t.db").string(), "--tz", "UTC",
                                    "--camera", camera, "--json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    nlohmann::json recordings = listed.json()["recordings"];
    EXPECT_EQ(recordings.size(), 1u);
    return recordings.empty() ? nlohmann::json() : recordings[0];
}

TEST(OsdIndex, RecordingsShowTheClockReadAndItsOffsetFromTheCataloguedStart) {
    TempDir dir;
    // The OSD shows 2020-11-03 14:00:00 at the first frame; the recorder said 14:00:05.
    ASSERT_EQ(index_clip(dir, "iso_dejavu_outline", "gate", "2020-11-03 14:00:05", {"--osd"})
                  .exit_code,
              0);
    // The OSD shows 11/03/2020 02:00:00 PM; the recorder said 13:58:00.
    ASSERT_EQ(index_clip(dir, "mdy_12h_pm_liberation", "yard", "2020-11-03 13:58:00", {"--osd"})
                  .exit_code,
              0);
    // Indexed without --osd: nothing read.
    ASSERT_EQ(index_clip(dir, "big_bold_960", "hall", "2018-01-01 00:00:00", {"--no-osd"})
                  .exit_code,
              0);

    nlohmann::json gate = recording_of(dir, "gate");
    ASSERT_TRUE(gate["osd"].is_object()) << gate.dump();
    EXPECT_EQ(gate["osd"]["format"], "YYYY-MM-DD HH:MM:SS");
    EXPECT_NEAR(gate["osd"]["offset"].get<double>(), -5.0, 1.0);
    EXPECT_EQ(gate["osd"]["start"].get<std::string>().substr(0, 19), "2020-11-03T14:00:00");
    EXPECT_GE(gate["osd"]["readings"].get<int>(), 40);
    EXPECT_TRUE(gate["osd"]["flags"].empty()) << gate["osd"].dump();

    nlohmann::json yard = recording_of(dir, "yard");
    ASSERT_TRUE(yard["osd"].is_object()) << yard.dump();
    EXPECT_EQ(yard["osd"]["format"], "MM/DD/YYYY hh:MM:SS tt");
    EXPECT_NEAR(yard["osd"]["offset"].get<double>(), 120.0, 1.0);

    EXPECT_TRUE(recording_of(dir, "hall")["osd"].is_null());

    // -v says the same in words.
    RunResult verbose = run_footage({"recordings", "--db", (dir / "t.db").string(), "--tz", "UTC",
                                     "--camera", "gate", "-v"});
    EXPECT_NE(verbose.out.find("OSD 2020-11-03T14:00:00"), std::string::npos) << verbose.out;
    EXPECT_NE(verbose.out.find("YYYY-MM-DD HH:MM:SS"), std::string::npos) << verbose.out;

    // Indexed again (changed start): the readings are replaced, not added to.
    int readings = gate["osd"]["readings"];
    ASSERT_EQ(index_clip(dir, "iso_dejavu_outline", "gate", "2020-11-03 14:00:10", {"--osd"})
                  .exit_code,
              0);
    nlohmann::json again = recording_of(dir, "gate");
    EXPECT_EQ(again["osd"]["readings"], readings);
    EXPECT_NEAR(again["osd"]["offset"].get<double>(), -10.0, 1.0);

    // cameras: the measured offset beside the declared one; adopting it is logged.
    std::string db = (dir / "t.db").string();
    nlohmann::json cameras = run_footage({"cameras", "--db", db, "--json"}).json()["cameras"];
    ASSERT_EQ(cameras.size(), 3u);
    for (const nlohmann::json& camera : cameras) {
        if (camera["id"] == "hall") {
            EXPECT_TRUE(camera["osd_offset"].is_null());
        } else {
            EXPECT_EQ(camera["osd_recordings"], 1) << camera.dump();
            EXPECT_TRUE(camera["osd_drift_per_day"].is_null());
        }
    }
    RunResult adopt = run_footage({"cameras", "--db", db, "--camera", "gate", "--clock-offset",
                                   "osd", "--operator", "examiner", "--json"});
    ASSERT_EQ(adopt.exit_code, 0) << adopt.err;
    EXPECT_NEAR(adopt.json()["cameras"][0]["clock_offset_seconds"].get<double>(), -10.0, 1.0);
    EXPECT_NEAR(adopt.json()["cameras"][0]["osd_offset"].get<double>(), -10.0, 1.0);
    // True time is now the OSD's: the recording starts at 14:00:00.
    EXPECT_EQ(recording_of(dir, "gate")["start"].get<std::string>().substr(0, 19),
              "2020-11-03T14:00:00");
    nlohmann::json log = run_footage({"log", "--db", db, "--json"}).json();
    bool logged = false;
    for (const nlohmann::json& entry : log["entries"]) {
        logged = logged || (entry["action"] == "clock-offset" &&
                            entry["details"]["how"]["source"] == "osd" &&
                            entry["operator"] == "examiner");
    }
    EXPECT_TRUE(logged) << log.dump();
    RunResult text = run_footage({"cameras", "--db", db, "--camera", "gate"});
    EXPECT_NE(text.out.find("OSD offset -"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("(median of 1 recording); declared clock offset -"),
              std::string::npos)
        << text.out;
    // The report's coverage says each camera's time check.
    RunResult report = run_footage({"report", "--db", db, "--out", (dir / "report").string(),
                                    "--operator", "examiner"});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    nlohmann::json facts = read_json(dir / "report" / "report.json");
    for (const nlohmann::json& camera : facts["cameras"]) {
        if (camera["id"] == "hall") {
            EXPECT_TRUE(camera["time_check"].is_null());
        } else if (camera["id"] == "gate") {
            EXPECT_EQ(camera["time_check"]["how"], "osd");
            EXPECT_TRUE(camera["time_check"]["adopted"]);
            EXPECT_NEAR(camera["time_check"]["offset_seconds"].get<double>(), -10.0, 1.0);
        } else {
            EXPECT_FALSE(camera["time_check"]["adopted"]) << camera.dump();
        }
    }
    std::string html = read_file(dir / "report" / "index.html");
    EXPECT_NE(html.find("the offset applied was adopted from it"), std::string::npos);
    // Nothing measured, nothing to adopt.
    RunResult none =
        run_footage({"cameras", "--db", db, "--camera", "hall", "--clock-offset", "osd"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("no OSD offset"), std::string::npos) << none.err;
}

TEST(OsdIndex, CamerasShowTheMedianOffsetAndTheDriftPerDay) {
    TempDir dir;
    // Two recordings 14 days apart: the OSD 5 s behind the recorder, then 4 s ahead.
    ASSERT_EQ(
        index_clip(dir, "iso_dejavu_outline", "lane", "2020-11-03 14:00:05", {"--osd"}).exit_code,
        0);
    ASSERT_EQ(index_clip(dir, "dmy_over12_dejavu_mono_br", "lane", "2020-11-17 08:02:43",
                         {"--osd"})
                  .exit_code,
              0);
    nlohmann::json lane =
        run_footage({"cameras", "--db", (dir / "t.db").string(), "--json"}).json()["cameras"][0];
    EXPECT_EQ(lane["osd_recordings"], 2) << lane.dump();
    EXPECT_NEAR(lane["osd_offset"].get<double>(), -0.5, 1.0);
    // +9 s over 13.75 days.
    ASSERT_TRUE(lane["osd_drift_per_day"].is_number()) << lane.dump();
    EXPECT_NEAR(lane["osd_drift_per_day"].get<double>(), 9.0 / 13.75, 0.1);
}

TEST(OsdIndex, FilesWhoseNamesSayNothingTakeTheirStartFromTheOsd) {
    TempDir dir;
    fs::create_directories(dir / "drive");
    for (const char* name : {"iso_dejavu_outline", "big_bold_960", "dmy_vietnamese_nohint"}) {
        fs::copy_file(osd_clip(name), dir / "drive" / (std::string(name) + ".mp4"));
    }
    std::string db = (dir / "t.db").string();
    RunResult run = run_footage({"index", "--db", db, "--tz", "Asia/Ho_Chi_Minh", "-q", "--osd",
                                 "--camera", "porch", (dir / "drive").string()});
    // The clip whose date order cannot be settled gets no start: it is not guessed.
    EXPECT_EQ(run.exit_code, 1) << run.err;
    nlohmann::json recordings =
        run_footage({"recordings", "--db", db, "--json"}).json()["recordings"];
    ASSERT_EQ(recordings.size(), 3u);
    for (const nlohmann::json& r : recordings) {
        std::string path = r["path"];
        SCOPED_TRACE(path);
        if (path.find("nohint") != std::string::npos) {
            EXPECT_EQ(r["status"], "bad");
            EXPECT_NE(r["error"].get<std::string>().find("no start time"), std::string::npos);
            continue;
        }
        EXPECT_EQ(r["status"], "ok");
        EXPECT_EQ(r["time_source"], "osd");
        EXPECT_EQ(r["time_zone"], "Asia/Ho_Chi_Minh");
        const std::string start = r["start"];
        EXPECT_EQ(start.substr(0, 19), path.find("big_bold") != std::string::npos
                                           ? "2018-01-01T00:00:12"
                                           : "2020-11-03T14:00:00");
        EXPECT_EQ(start.substr(start.size() - 6), "+07:00");
        EXPECT_NEAR(r["osd"]["offset"].get<double>(), 0.0, 0.001);
    }
}

// `index --osd DIR` with neither --camera nor --start: files whose names say nothing take the
// camera from their folder and the start from their picture; two folders of one name under
// different parents stay two cameras.
TEST(OsdIndex, NamelessFilesTakeTheirCameraFromTheirFolder) {
    TempDir dir;
    fs::create_directories(dir / "drive" / "gate");
    fs::create_directories(dir / "drive" / "site2" / "gate");
    fs::copy_file(osd_clip("iso_dejavu_outline"), dir / "drive" / "gate" / "clip_0001.mp4");
    fs::copy_file(osd_clip("big_bold_960"), dir / "drive" / "site2" / "gate" / "clip_0001.mp4");
    std::string db = (dir / "t.db").string();
    RunResult run = run_footage(
        {"index", "--db", db, "--tz", "UTC", "-q", "--osd", (dir / "drive").string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    nlohmann::json recordings =
        run_footage({"recordings", "--db", db, "--tz", "UTC", "--json"}).json()["recordings"];
    ASSERT_EQ(recordings.size(), 2u);
    std::map<std::string, std::string> start_of;
    for (const nlohmann::json& r : recordings) {
        EXPECT_EQ(r["time_source"], "osd") << r.dump();
        start_of[r["camera"].get<std::string>()] = r["start"].get<std::string>().substr(0, 19);
    }
    EXPECT_EQ(start_of["gate"], "2020-11-03T14:00:00");
    EXPECT_EQ(start_of["site2/gate"], "2018-01-01T00:00:12");
}

// A camera watching a still scene, a box crossing it from 22 to 38 s, 2-s GOPs: 60 s of 640x360
// made in a second or two. No clock is burned in (a burned-in clock changes the keyframes, and
// then the still plan skips nothing): what is measured is what `--osd` decodes and where.
fs::path still_scene(const TempDir& dir) {
    fs::create_directories(dir / "in");
    fs::path clip = dir / "in" / "still_scene.mp4";
    const std::string graph =
        "[0:v]drawgrid=w=64:h=64:t=2:c=white@0.4[grid];"
        "color=c=white:s=48x48:r=10:d=60[box];"
        "[grid][box]overlay=x='592*(t-22)/16':y=150:enable='between(t,22,38)',"
        "noise=alls=4:allf=t:all_seed=9,format=yuv420p[out]";
    RunResult made = run_program("ffmpeg", {"-v",
                                            "error",
                                            "-y",
                                            "-f",
                                            "lavfi",
                                            "-i",
                                            "color=c=0x404850:s=640x360:r=10:d=60",
                                            "-filter_complex",
                                            graph,
                                            "-map",
                                            "[out]",
                                            "-c:v",
                                            "libx264",
                                            "-preset",
                                            "ultrafast",
                                            "-g",
                                            "20",
                                            "-keyint_min",
                                            "20",
                                            "-sc_threshold",
                                            "0",
                                            "-bf",
                                            "0",
                                            "-threads",
                                            "1",
                                            "-fflags",
                                            "+bitexact",
                                            "-flags:v",
                                            "+bitexact",
                                            clip.string()});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return clip;
}

int64_t frames_decoded(const RunResult& run) {
    EXPECT_EQ(run.exit_code, 0) << run.err;
    int64_t frames = 0;
    const nlohmann::json out = run.json();
    for (const nlohmann::json& file : out["files"]) {
        frames += file.value("frames_decoded", int64_t{0});
    }
    return frames;
}

TEST(OsdIndex, TheClockIsLearntWhereThePassDecodesAnyway) {
    TempDir dir;
    fs::path clip = still_scene(dir);
    auto index = [&](const std::string& db, const std::string& flag) {
        return run_footage({"index", "--db", (dir / db).string(), "--tz", "UTC", "--json",
                            "--camera", "gate", "--start", "2020-11-03 14:00:00", flag,
                            clip.string()});
    };
    const int64_t motion_only = frames_decoded(index("m.db", "--no-osd"));
    const int64_t with_osd = frames_decoded(index("o.db", "--osd"));
    ASSERT_GT(motion_only, 0);
    ASSERT_LT(motion_only, 600) << "the still plan skipped nothing: the test proves nothing";
    // The last GOP (2 s, the end burst's length) is decoded anyway: looking for the clock
    // decodes nothing more than motion does.
    EXPECT_EQ(with_osd, motion_only);

    // The frames it read: inside what motion decodes around the box's crossing (GOPs either
    // side of 22-38 s) and the last 2 s; none from the still start.
    catalog::Catalog catalog =
        catalog::Catalog::open(dir / "o.db", catalog::Database::Mode::read_only);
    std::optional<indexers::osd::OsdRecord> record = indexers::osd::load_osd(catalog, 1, true);
    ASSERT_TRUE(record.has_value());
    ASSERT_GT(record->frames.size(), 40u);
    for (int64_t at : record->frames) {
        EXPECT_TRUE((at >= 16'000'000 && at < 44'000'000) || at >= 58'000'000)
            << "a frame read at " << at << " us";
    }
}

// Where the bursts go, given what the pass decodes anyway (seconds in, seconds out).
using Stretches = std::vector<std::pair<double, double>>;
Stretches bursts_s(double length_s, const Stretches& decoded) {
    std::vector<media::Span> spans;
    for (const auto& [from, to] : decoded) {
        spans.push_back({static_cast<int64_t>(from * 1e6), static_cast<int64_t>(to * 1e6)});
    }
    Stretches out;
    const int64_t length_us = static_cast<int64_t>(length_s * 1e6);
    for (const media::Span& s : indexers::osd::osd_bursts(length_us, spans)) {
        out.emplace_back(static_cast<double>(s.start_us) / 1e6,
                         static_cast<double>(s.end_us) / 1e6);
    }
    return out;
}

TEST(OsdIndex, BurstsGoWhereThePassDecodesAnyway) {
    using Bursts = Stretches;
    const double open_end = 1e12;
    // Everything decoded: the first 15 s (the reader's whole learning window), 1.5 s at each
    // 5-minute mark, the last 2 s.
    EXPECT_EQ(bursts_s(700, {{0, open_end}}),
              (Bursts{{0, 15}, {300, 301.5}, {600, 601.5}, {698, 700}}));
    // A still scene with motion at 85-95 s (the 3-min bench file): learnt in the motion, over
    // 15 s of it, the end burst in the last GOP, nothing decoded on top.
    EXPECT_EQ(bursts_s(180, {{0, 2}, {82, 98}, {178, open_end}}), (Bursts{{82, 97}, {178, 180}}));
    // A stretch of motion 13 s long: learnt over its 13 s, not one second decoded for it alone.
    EXPECT_EQ(bursts_s(180, {{0, 2}, {82, 95}, {178, open_end}}), (Bursts{{82, 95}, {178, 180}}));
    // The start is nearly all decoded anyway (4 s missing at most): learnt there, the reference,
    // on to 15 s where the pass decodes anyway.
    EXPECT_EQ(bursts_s(24, {{0, 4.2}, {8, open_end}}), (Bursts{{0, 15}, {22, 24}}));
    // ...but not lengthened past 12 s where the pass would decode it for the OSD alone.
    EXPECT_EQ(bursts_s(24, {{0, 4.2}, {8, 12}, {22, open_end}}), (Bursts{{0, 12}, {22, 24}}));
    // A recording hardly longer than the learning: learnt over 15 s, its last second read too.
    EXPECT_EQ(bursts_s(16, {{0, open_end}}), (Bursts{{0, 15}, {15, 16}}));
    // Nothing long enough: the longest stretch in the first 5 minutes lengthened (from its
    // keyframe); later bursts in the decoded stretch nearest each mark, else at the mark.
    EXPECT_EQ(bursts_s(900, {{0, 2}, {40, 48}, {342, 358}, {898, open_end}}),
              (Bursts{{40, 52}, {342, 343.5}, {600, 601.5}, {898, 900}}));
    // The only long stretch starts after 5 minutes: learnt at the start (nothing before the
    // learning stretch is read, so not later than the first period).
    EXPECT_EQ(bursts_s(900, {{0, 2}, {400, 420}, {898, open_end}}),
              (Bursts{{0, 12}, {400, 401.5}, {600, 601.5}, {898, 900}}));
    // A last GOP shorter than 1.5 s: the last 2 s decoded on top.
    EXPECT_EQ(bursts_s(180, {{0, 2}, {82, 98}, {179, open_end}}), (Bursts{{82, 97}, {178, 180}}));
}

// The frames kept of the bursts a pass hands over at `fps` (seconds).
std::vector<double> kept_s(const Stretches& bursts, double length_s, double fps) {
    std::vector<media::Span> spans;
    for (const auto& [from, to] : bursts) {
        spans.push_back({static_cast<int64_t>(from * 1e6), static_cast<int64_t>(to * 1e6)});
    }
    indexers::osd::OsdFrameChoice choice(spans);
    std::vector<double> kept;
    for (int i = 0; i < static_cast<int>(length_s * fps); ++i) {
        const auto pts = static_cast<int64_t>(std::llround(i * 1e6 / fps));
        if (choice.wanted(pts)) {
            choice.taken(pts);
            kept.push_back(static_cast<double>(pts) / 1e6);
        }
    }
    return kept;
}

TEST(OsdIndex, TheLearningStretchKeepsWhatTheReaderLearnsFrom) {
    const Stretches bursts{{0, 15}, {178, 180}};
    // --osd alone (4 a second): all 15 s, 60 frames, then the end 0.5 s apart.
    std::vector<double> four = kept_s(bursts, 180, 4.0);
    ASSERT_EQ(four.size(), 64u);
    EXPECT_DOUBLE_EQ(four[59], 14.75);
    EXPECT_DOUBLE_EQ(four[60], 178.0);
    EXPECT_DOUBLE_EQ(four[61], 178.5);
    // With motion (5 a second): all 15 s too, 75 frames (the reader spreads its 64 over them:
    // a clock legible only now and then needs ~14 s).
    std::vector<double> five = kept_s(bursts, 180, 5.0);
    ASSERT_EQ(five.size(), 79u);
    EXPECT_NEAR(five[74], 14.8, 1e-9);
    EXPECT_DOUBLE_EQ(five[75], 178.0);
}

TEST(OsdIndex, AJumpingClockIsKeptAndFlagged) {
    TempDir dir;
    ASSERT_EQ(
        index_clip(dir, "jump_forward", "door", "2020-11-03 14:00:00", {"--osd"}).exit_code, 0);
    nlohmann::json door = recording_of(dir, "door");
    ASSERT_TRUE(door["osd"].is_object()) << door.dump();
    EXPECT_NEAR(door["osd"]["offset"].get<double>(), 0.0, 1.0);
    bool jump = false;
    for (const auto& flag : door["osd"]["flags"]) {
        jump = jump || flag == "jump";
    }
    EXPECT_TRUE(jump) << door["osd"].dump();
    EXPECT_GT(door["osd"]["outliers"].get<int>(), 2);

    // merge carries the OSD tables: the merged catalog says the same of the recording's clock
    // (readings, outliers, flags, offset), and cameras the same measured offset.
    std::string merged = (dir / "merged.db").string();
    RunResult merge = run_footage({"merge", (dir / "t.db").string(), "--into", merged});
    ASSERT_EQ(merge.exit_code, 0) << merge.err;
    RunResult listed = run_footage(
        {"recordings", "--db", merged, "--tz", "UTC", "--camera", "door", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    ASSERT_EQ(listed.json()["recordings"].size(), 1u) << listed.out;
    EXPECT_EQ(listed.json()["recordings"][0]["osd"], door["osd"]);
    nlohmann::json source_camera =
        run_footage({"cameras", "--db", (dir / "t.db").string(), "--json"}).json()["cameras"][0];
    nlohmann::json merged_camera =
        run_footage({"cameras", "--db", merged, "--json"}).json()["cameras"][0];
    EXPECT_EQ(merged_camera["osd_offset"], source_camera["osd_offset"]);
    EXPECT_EQ(merged_camera["osd_recordings"], 1);
}

}  // namespace
}  // namespace footage::test
