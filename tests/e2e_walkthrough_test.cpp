// End to end: the mistakes a new investigator makes in the README's walk-through (issue 18), on
// small clips made here, so each test costs seconds and needs no generated drive.
#include <gtest/gtest.h>

#include <regex>

#include <cstdlib>
#include <string>
#include <vector>

#include "tests/support/object_model.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

// A clip of `seconds` with motion all through (FFmpeg's moving test pattern). Its title is its
// name, so that no two clips are the same file (one file at two paths is one recording).
std::filesystem::path make_clip(const std::filesystem::path& path, int seconds,
                                const std::string& size = "160x90") {
    RunResult made = run_program(
        "ffmpeg", {"-v", "error", "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=10", "-t",
                   std::to_string(seconds), "-pix_fmt", "yuv420p", "-metadata",
                   "title=" + path.filename().string(), path.string()});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return path;
}

nlohmann::json custody(const std::string& db) {
    RunResult log = run_footage({"log", "--db", db, "--json"});
    EXPECT_EQ(log.exit_code, 0) << log.err;
    return log.json()["entries"];
}

std::vector<nlohmann::json> entries_of(const nlohmann::json& entries, const std::string& action,
                                       const std::string& field = "") {
    std::vector<nlohmann::json> found;
    for (const nlohmann::json& entry : entries) {
        if (entry["action"] == action && (field.empty() || entry["details"]["field"] == field)) {
            found.push_back(entry);
        }
    }
    return found;
}

// Item 1 and 2: a file declared after it failed is acquired; re-declaring is an amendment.
TEST(Walkthrough, DeclaringAFailedFileAcquiresItAndEveryRedeclarationIsLogged) {
    TempDir dir;
    std::string db = (dir / "footage.db").string();
    std::string clip = make_clip(dir / "clip_0001.mp4", 2).string();
    EXPECT_EQ(run_footage({"index", "--db", db, "--tz", "UTC", clip}).exit_code, 1);
    RunResult declared = run_footage(
        {"index", "--db", db, "--camera", "lobby", "--start", "2020-11-03 14:00", clip});
    ASSERT_EQ(declared.exit_code, 0) << declared.err;
    std::vector<nlohmann::json> acquired = entries_of(custody(db), "acquire");
    ASSERT_EQ(acquired.size(), 1u);
    EXPECT_EQ(acquired[0]["details"]["path"], clip);
    EXPECT_EQ(acquired[0]["details"]["camera"], "lobby");
    // How the camera and the start were learnt, for the expert who asks.
    EXPECT_EQ(acquired[0]["details"]["camera_source"], "declared");
    EXPECT_EQ(acquired[0]["details"]["time_source"], "declared");
    // Nothing acquired is replaced: the failed file was never acquired.
    EXPECT_EQ(acquired[0]["details"]["replaces_sha256"], "");

    // Declaring the camera again keeps the start declared before.
    RunResult camera = run_footage({"index", "--db", db, "--camera", "lobby2", clip, "--json"});
    ASSERT_EQ(camera.exit_code, 0) << camera.err;
    EXPECT_EQ(camera.json()["files"][0]["start"], "2020-11-03T14:00:00+00:00");
    ASSERT_EQ(run_footage({"index", "--db", db, "--camera", "lobby2", "--start",
                           "2020-11-03 14:02:30", clip})
                  .exit_code,
              0);
    nlohmann::json entries = custody(db);
    std::vector<nlohmann::json> cameras = entries_of(entries, "amend", "camera");
    ASSERT_EQ(cameras.size(), 1u) << entries.dump(2);
    EXPECT_EQ(cameras[0]["details"]["old"], "lobby");
    EXPECT_EQ(cameras[0]["details"]["new"], "lobby2");
    EXPECT_EQ(cameras[0]["details"]["path"], clip);
    EXPECT_EQ(cameras[0]["details"]["sha256"], acquired[0]["details"]["sha256"]);
    EXPECT_FALSE(cameras[0]["operator"].get<std::string>().empty());
    std::vector<nlohmann::json> starts = entries_of(entries, "amend", "start");
    ASSERT_EQ(starts.size(), 1u) << entries.dump(2);
    EXPECT_EQ(starts[0]["details"]["old"], "2020-11-03T14:00:00+00:00");
    EXPECT_EQ(starts[0]["details"]["new"], "2020-11-03T14:02:30+00:00");
    EXPECT_EQ(entries_of(entries, "acquire").size(), 1u);  // the same file: no new acquisition
    EXPECT_EQ(run_footage({"log", "--db", db, "--verify"}).exit_code, 0);
}

// Item 3: the zone assumed is said, and a later --tz reads the names again, on the record.
TEST(Walkthrough, TheZoneAssumedIsSaidAndChangingItRereadsTheNamesOnTheRecord) {
    TempDir dir;
    std::string db = (dir / "footage.db").string();
    std::string clip = make_clip(dir / "ch01_20201103141000.mp4", 2).string();
    ::setenv("TZ", "UTC", 1);
    RunResult first = run_footage({"index", "--db", db, clip});
    ::unsetenv("TZ");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.err.find("read as UTC"), std::string::npos) << first.err;
    EXPECT_NE(first.err.find("--tz"), std::string::npos) << first.err;

    RunResult again = run_footage({"index", "--db", db, "--tz", "+07:00", clip, "--json"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    nlohmann::json file = again.json()["files"][0];
    EXPECT_EQ(file["status"], "updated");
    EXPECT_EQ(file["start"], "2020-11-03T14:10:00+07:00");  // not 21:10+07:00
    nlohmann::json entries = custody(db);
    std::vector<nlohmann::json> zones = entries_of(entries, "amend", "zone");
    ASSERT_EQ(zones.size(), 1u) << entries.dump(2);
    EXPECT_EQ(zones[0]["details"]["old"], "UTC");
    EXPECT_EQ(zones[0]["details"]["new"], "+07:00");
    ASSERT_EQ(entries_of(entries, "amend", "start").size(), 1u);
    RunResult recordings = run_footage({"recordings", "--db", db, "--json"});
    EXPECT_EQ(recordings.json()["recordings"][0]["start"], "2020-11-03T14:10:00+07:00");
    // Nothing changes the third time.
    RunResult third = run_footage({"index", "--db", db, clip, "--json"});
    EXPECT_EQ(third.json()["files"][0]["status"], "unchanged");
}

// Item 4: times as people type them.
TEST(Walkthrough, DayMonthDatesNeedADateOrderAndAnUnquotedTimeIsExplained) {
    TempDir dir;
    std::string db = (dir / "footage.db").string();
    std::string clip = make_clip(dir / "ch01_20201103140000.mp4", 2).string();
    ASSERT_EQ(run_footage({"index", "--db", db, "--tz", "UTC", clip}).exit_code, 0);

    RunResult unordered = run_footage({"search", "--db", db, "--from", "3/11/2020 14:00"});
    EXPECT_EQ(unordered.exit_code, 2);
    EXPECT_NE(unordered.err.find("--date-order"), std::string::npos) << unordered.err;
    RunResult dmy = run_footage({"search", "--db", db, "--date-order", "dmy", "--from",
                                 "3/11/2020 2:00pm", "--json"});
    ASSERT_EQ(dmy.exit_code, 0) << dmy.err;
    EXPECT_EQ(dmy.json()["query"]["from"], "2020-11-03T14:00:00+00:00");
    RunResult twelve = run_footage(
        {"search", "--db", db, "--from", "2020-11-03 2:00pm", "--to", "2020-11-03 2:01 PM"});
    EXPECT_EQ(twelve.exit_code, 0) << twelve.err;
    // index stores the order: later commands read day-first dates with it.
    ASSERT_EQ(run_footage({"index", "--db", db, "--date-order", "mdy", clip}).exit_code, 0);
    RunResult mdy = run_footage({"search", "--db", db, "--from", "11/3/2020 14:00", "--json"});
    ASSERT_EQ(mdy.exit_code, 0) << mdy.err;
    EXPECT_EQ(mdy.json()["query"]["from"], "2020-11-03T14:00:00+00:00");

    RunResult unquoted = run_footage({"search", "--db", db, "--from", "2020-11-03", "14:00"});
    EXPECT_EQ(unquoted.exit_code, 2);
    EXPECT_NE(unquoted.err.find("--from \"2020-11-03 14:00\""), std::string::npos)
        << unquoted.err;
    RunResult start = run_footage(
        {"index", "--db", db, "--camera", "x", "--start", "2020-11-03", "14:00", clip});
    EXPECT_EQ(start.exit_code, 2);
    EXPECT_NE(start.err.find("quote"), std::string::npos) << start.err;
}

// Item 5: a mistyped hit ID is refused, naming the real hits; spaces around an ID are fine.
TEST(Walkthrough, ClipRefusesAnIdThatIsNotAHitAndNamesTheNearest) {
    TempDir dir;
    std::string db = (dir / "footage.db").string();
    std::string clip = make_clip(dir / "ch01_20201103140000.mp4", 3).string();
    ASSERT_EQ(run_footage({"index", "--db", db, "--tz", "UTC", clip}).exit_code, 0);
    RunResult found = run_footage({"search", "--db", db, "--json"});
    ASSERT_EQ(found.exit_code, 0) << found.err;
    std::string id = found.json()["hits"][0]["id"];
    std::string typo = id;
    size_t digit = typo.find("ms") - 1;  // the last digit of the duration
    typo[digit] = typo[digit] == '9' ? '8' : static_cast<char>(typo[digit] + 1);

    RunResult refused = run_footage(
        {"clip", "--db", db, "--hit", typo, "--out", (dir / "bags").string(), "--case", "c1"});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("not a hit"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find(id), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--from"), std::string::npos) << refused.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "bags")) << "a bag was cut";

    RunResult cut = run_footage({"clip", "--db", db, "--hit", "  " + id + " ", "--out",
                                 (dir / "bags").string(), "--case", "c1", "--json"});
    ASSERT_EQ(cut.exit_code, 0) << cut.err;
    // The manifest says which hit was cut (it said "hit": null when a typo cut another range).
    nlohmann::json manifest =
        read_json(std::filesystem::path(cut.json()["bag"].get<std::string>()) / "data/manifest.json");
    EXPECT_EQ(manifest["hit"], id);
}

// Item 2 across machines: a shard's changes reach the merged catalog's log, not only the
// values they changed (an offset declared on a worker was merged without any entry).
TEST(Walkthrough, MergingAShardCarriesItsAmendmentsAndClockOffsets) {
    TempDir dir;
    std::string shard = (dir / "shard.db").string();
    std::string clip = make_clip(dir / "ch01_20201103140000.mp4", 2).string();
    ASSERT_EQ(run_footage({"index", "--db", shard, "--tz", "UTC", clip}).exit_code, 0);
    ASSERT_EQ(run_footage({"index", "--db", shard, "--camera", "gate", clip}).exit_code, 0);
    ASSERT_EQ(run_footage({"cameras", "--db", shard, "--camera", "gate", "--clock-offset", "-90s",
                           "--operator", "Det. Ng"})
                  .exit_code,
              0);
    std::string merged = (dir / "case.db").string();
    RunResult merge = run_footage({"merge", shard, "--into", merged});
    ASSERT_EQ(merge.exit_code, 0) << merge.err;
    nlohmann::json entries = custody(merged);
    std::vector<nlohmann::json> amended = entries_of(entries, "amend", "camera");
    ASSERT_EQ(amended.size(), 1u) << entries.dump(2);
    EXPECT_EQ(amended[0]["details"]["new"], "gate");
    EXPECT_TRUE(amended[0]["details"].contains("shard_entry_sha256"));
    std::vector<nlohmann::json> offsets = entries_of(entries, "clock-offset");
    ASSERT_EQ(offsets.size(), 1u) << entries.dump(2);
    EXPECT_EQ(offsets[0]["details"]["camera"], "gate");
    EXPECT_EQ(offsets[0]["details"]["new_seconds"], -90.0);
    EXPECT_EQ(offsets[0]["operator"], "Det. Ng");
    EXPECT_EQ(run_footage({"log", "--db", merged, "--verify"}).exit_code, 0);
}

// Item 10: progress shows the phase and the media time inside a file; Ctrl-C says how to go on.
TEST(Walkthrough, ProgressShowsPhaseAndMediaTimeAndCtrlCSaysRerunResumes) {
    TempDir dir;
    std::filesystem::create_directories(dir / "drive");
    make_clip(dir / "drive/ch01_20201103135900.mp4", 20, "320x180");
    for (int i = 1; i < 12; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "ch01_2020110314%02d00.mp4", i);
        make_clip(dir / "drive" / name, 20, "320x180");
    }
    std::string db = (dir / "footage.db").string();
    std::string pty = (source_dir() / "tests/support/pty_run.py").string();
    RunResult interrupted =
        run_program("/usr/bin/python3", {pty, "--interrupt-on", "decoding", "--",
                                         footage_binary(), "index", "--db", db, "--tz", "UTC",
                                         (dir / "drive").string()});
    ASSERT_EQ(interrupted.exit_code, 0) << interrupted.err;
    const std::string& screen = interrupted.out;
    EXPECT_NE(screen.find("ETA"), std::string::npos) << screen;
    EXPECT_NE(screen.find("decoding (motion)"), std::string::npos) << screen;
    EXPECT_NE(screen.find("/0:20"), std::string::npos) << screen;  // media time of the file
    EXPECT_NE(screen.find("interrupted after"), std::string::npos) << screen;
    EXPECT_NE(screen.find("again to resume"), std::string::npos) << screen;
    EXPECT_NE(screen.find("status: signal 2"), std::string::npos) << screen;

    RunResult resumed = run_footage({"index", "--db", db, (dir / "drive").string(), "--json"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_EQ(resumed.json()["summary"]["bad"], 0);

    // A whole run on a terminal: bytes done never run past the total ("1.3 MB/661.5 KB" once
    // did: storing a file counted its bytes a second time).
    RunResult whole = run_program(
        "/usr/bin/python3", {pty, "--", footage_binary(), "index", "--db",
                             (dir / "whole.db").string(), "--tz", "UTC", (dir / "drive").string()});
    ASSERT_EQ(whole.exit_code, 0) << whole.err;
    const std::regex bytes(R"(([0-9.]+) (B|KB|MB|GB)/([0-9.]+) (B|KB|MB|GB))");
    auto in_bytes = [](const std::string& number, const std::string& unit) {
        return std::stod(number) *
               (unit == "GB" ? 1e9 : unit == "MB" ? 1e6 : unit == "KB" ? 1e3 : 1.0);
    };
    int pairs = 0;
    for (std::sregex_iterator it(whole.out.begin(), whole.out.end(), bytes), end; it != end;
         ++it) {
        ++pairs;
        EXPECT_LE(in_bytes((*it)[1], (*it)[2]), in_bytes((*it)[3], (*it)[4]) * 1.01)
            << it->str();
    }
    EXPECT_GT(pairs, 0) << whole.out;
    // Without a terminal there is no progress bar.
    EXPECT_EQ(resumed.err.find("ETA"), std::string::npos) << resumed.err;
}

// Item 11: the object index is remembered, and a search names what it could not search.
TEST(Walkthrough, TheObjectIndexIsStickyAndSearchNamesRecordingsWithoutIt) {
    if (std::string why = object_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    TempDir dir;
    std::string db = (dir / "footage.db").string();
    std::string plain = make_clip(dir / "ch01_20201103140000.mp4", 2).string();
    std::string with_objects = make_clip(dir / "ch01_20201103140500.mp4", 2).string();
    std::string later = make_clip(dir / "ch01_20201103141000.mp4", 2).string();
    ASSERT_EQ(run_footage({"index", "--db", db, "--tz", "UTC", plain}).exit_code, 0);
    ASSERT_EQ(run_footage({"index", "--db", db, "--objects", with_objects}).exit_code, 0);
    // A plain index later: the catalog remembers --objects.
    ASSERT_EQ(run_footage({"index", "--db", db, later}).exit_code, 0);
    RunResult recordings = run_footage({"recordings", "--db", db, "--json"});
    const nlohmann::json rows = recordings.json()["recordings"];  // kept: the loop reads it
    ASSERT_EQ(rows.size(), 3u) << recordings.out;
    for (const nlohmann::json& row : rows) {
        bool has_objects = row["indexers"].get<std::string>().find("objects") != std::string::npos;
        EXPECT_EQ(has_objects, row["path"] != plain) << row.dump();
    }
    RunResult searched = run_footage({"search", "--db", db, "--object", "person", "--json"});
    nlohmann::json not_indexed = searched.json()["not_indexed"];
    ASSERT_EQ(not_indexed.size(), 1u) << searched.out;
    EXPECT_EQ(not_indexed[0], plain);
    RunResult human = run_footage({"search", "--db", db, "--object", "person"});
    EXPECT_NE(human.err.find(plain), std::string::npos) << human.err;
    EXPECT_NE(human.out.find("have no object index"), std::string::npos) << human.out;
}

}  // namespace
}  // namespace footage::test
