// footage repair (issue 19 item 2): an MP4 cut by a power failure (moov never written) rebuilt
// from its mdat with a healthy file's codec parameters. A healthy recording with its moov at the
// end is cut at several points; each repaired file must open, hold the pictures up to the cut and
// give the motion hits the healthy original gives over the part that was recorded.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <fstream>

#include "lib/evidence/sha256.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";
const char* kName = "ch01_20201103140000.mp4";

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

uint64_t be32(const std::string& bytes, size_t at) {
    uint64_t value = 0;
    for (size_t i = 0; i < 4; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    }
    return value;
}

// Where the mdat's payload starts, and where it ends, in a healthy file.
std::pair<uint64_t, uint64_t> mdat_of(const fs::path& file) {
    const std::string bytes = read_file(file);
    size_t pos = 0;
    while (pos + 8 <= bytes.size()) {
        const uint64_t size = be32(bytes, pos);
        if (bytes.compare(pos + 4, 4, "mdat") == 0) {
            return {pos + 8, pos + size};
        }
        if (size < 8) {
            break;
        }
        pos += size;
    }
    ADD_FAILURE() << file << ": no mdat";
    return {0, 0};
}

fs::path cut_copy(const fs::path& from, const fs::path& to, uint64_t length) {
    fs::create_directories(to.parent_path());
    const std::string bytes = read_file(from);
    std::ofstream(to, std::ios::binary) << bytes.substr(0, length);
    return to;
}

class Repair : public ::testing::Test {
  protected:
    // 12 s at 10 fps, 160x120, H.264 with B-frames, moov at the end (no +faststart): a grey
    // picture in which a red square crosses from 2 to 4 s and from 7 to 9 s. The healthy file
    // of the same camera is an earlier 3 s recording with the same settings.
    // Made once per test run (tests/support/shared_fixture) and only read by the tests.
    static void SetUpTestSuite() {
        const nlohmann::json shared = shared_fixture("repair", [](const fs::path& dir) {
            nlohmann::json made = {{"dir", dir.string()}};
            const std::string scene =
                "color=gray:size=160x120:rate=10:duration=12[bg];"
                "color=red:size=24x24:rate=10:duration=12[box];"
                "[bg][box]overlay=x='if(between(t,2,4),(t-2)*60,if(between(t,7,9),(t-7)*60,-40))'"
                ":y=48";
            for (const auto& [name, seconds] : std::vector<std::pair<std::string, std::string>>{
                     {kName, "12"}, {"ch01_20201103130000.mp4", "3"}}) {
                made["runs"].push_back(to_json(
                    run_program("ffmpeg", {"-v", "error", "-y", "-filter_complex", scene, "-t",
                                           seconds, "-c:v", "libx264", "-g", "20", "-bf", "2",
                                           "-pix_fmt", "yuv420p", (dir / name).string()})));
            }
            made["runs"].push_back(to_json(run_program(
                "ffmpeg",
                {"-v", "error", "-y", "-f", "lavfi", "-i",
                 "testsrc=size=160x120:rate=10:duration=2", "-c:v", "libx265", "-x265-params",
                 "log-level=error", "-pix_fmt", "yuv420p", (dir / "hevc.mp4").string()})));
            // The healthy original's hits, indexed once.
            const std::string db = (dir / "healthy.db").string();
            made["runs"].push_back(to_json(
                run_footage({"index", "--db", db, "--tz", kZone, "-q", (dir / kName).string()})));
            RunResult hits = run_footage({"search", "--db", db, "--json"});
            made["runs"].push_back(to_json(hits));
            made["hits"] = hits.exit_code == 0 ? hits.json()["hits"] : nlohmann::json::array();
            return made;
        });
        for (const nlohmann::json& run : shared["runs"]) {
            ASSERT_EQ(run_result(run).exit_code, 0) << run_result(run).err;
        }
        s_shared = new fs::path(shared["dir"].get<std::string>());
        s_healthy_hits = new nlohmann::json(shared["hits"]);
        ASSERT_EQ(s_healthy_hits->size(), 2u) << shared["hits"].dump();
    }
    static void TearDownTestSuite() {
        delete s_healthy_hits;
        delete s_shared;
        s_shared = nullptr;
    }
    static fs::path healthy() { return *s_shared / kName; }
    static fs::path like() { return *s_shared / "ch01_20201103130000.mp4"; }

    RunResult repair(const fs::path& broken, const fs::path& out,
                     const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = {"repair", broken.string(), "--like", like().string(),
                                         "--out",  out.string(),    "--tz",   kZone};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_footage(args);
    }

    static fs::path* s_shared;
    static nlohmann::json* s_healthy_hits;
    TempDir m_dir;
};

fs::path* Repair::s_shared = nullptr;
nlohmann::json* Repair::s_healthy_hits = nullptr;

int decoded_frames(const fs::path& file) {
    RunResult counted = run_program(
        "ffprobe", {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                    "stream=nb_read_frames", "-of", "csv=p=0", file.string()});
    EXPECT_EQ(counted.exit_code, 0) << file << ": " << counted.err;
    return std::atoi(counted.out.c_str());
}

double seconds_of(const std::string& iso) {  // "2020-11-03T14:00:02.300+07:00" -> 2.3
    return std::stod(iso.substr(17, 6));
}

// Cut at 30 %, 60 % and 90 % of the mdat: each repaired file opens, holds the pictures up to the
// cut, is timed from the broken file's name, and gives the healthy original's hits over what
// was recorded; the broken file is untouched and the custody log names all three files.
TEST_F(Repair, FilesCutAtSeveralPointsGiveTheHealthyHitsUpToTheCut) {
    const auto [mdat_start, mdat_end] = mdat_of(healthy());
    const std::string db = (m_dir / "case.db").string();
    for (const double share : {0.3, 0.6, 0.9}) {
        SCOPED_TRACE(share);
        const auto length = static_cast<uint64_t>(
            static_cast<double>(mdat_start) + share * static_cast<double>(mdat_end - mdat_start));
        const std::string tag = std::to_string(static_cast<int>(share * 100));
        const fs::path broken = cut_copy(healthy(), m_dir / ("broken" + tag) / kName, length);
        EXPECT_NE(run_footage({"index", "--db", (m_dir / "refused.db").string(), "--tz", kZone,
                               broken.string()})
                      .exit_code,
                  0);  // as it is, the file is bad
        const std::string broken_sha = evidence::sha256_file(broken);
        const fs::path out = m_dir / ("repaired" + tag) / kName;
        fs::create_directories(out.parent_path());
        RunResult repaired = repair(broken, out, {"--db", db, "--json"});
        ASSERT_EQ(repaired.exit_code, 0) << repaired.err;
        const nlohmann::json result = repaired.json();
        EXPECT_EQ(evidence::sha256_file(broken), broken_sha) << "the broken file was changed";
        EXPECT_EQ(result["broken"]["sha256"], broken_sha);
        EXPECT_EQ(result["repaired"]["sha256"], evidence::sha256_file(out));
        EXPECT_EQ(result["codec"], "h264");
        EXPECT_EQ(result["start"], "2020-11-03T14:00:00+07:00") << repaired.out;
        const int frames = result["frames"].get<int>();
        EXPECT_EQ(decoded_frames(out), frames);
        // Frames up to the cut: about the share of the 120 frames (sizes vary with motion).
        EXPECT_GT(frames, static_cast<int>(120 * share) - 25) << repaired.out;
        EXPECT_LE(frames, static_cast<int>(120 * share) + 25) << repaired.out;
        EXPECT_TRUE(has(result["stopped"].get<std::string>(), "cut short")) << repaired.out;

        const std::string own_db = (m_dir / ("repaired" + tag + ".db")).string();
        RunResult indexed = run_footage(
            {"index", "--db", own_db, "--tz", kZone, "--json", out.parent_path().string()});
        ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
        const nlohmann::json file = indexed.json()["files"][0];
        EXPECT_EQ(file["camera"], "ch01");
        EXPECT_EQ(file["start"], "2020-11-03T14:00:00+07:00");
        EXPECT_NEAR(file["duration"].get<double>(), frames / 10.0, 0.11) << indexed.out;

        // Every healthy hit that ended half a second before the cut is found again, alike.
        const double recorded = frames / 10.0;
        RunResult hits = run_footage({"search", "--db", own_db, "--json"});
        const nlohmann::json found =
            hits.exit_code == 0 ? hits.json()["hits"] : nlohmann::json::array();
        size_t expected = 0;
        for (const nlohmann::json& hit : *s_healthy_hits) {
            if (seconds_of(hit["end"]) > recorded - 0.5) {
                continue;
            }
            ++expected;
            bool matched = false;
            for (const nlohmann::json& other : found) {
                matched = matched ||
                          (std::abs(seconds_of(other["start"]) - seconds_of(hit["start"])) < 0.05 &&
                           std::abs(seconds_of(other["end"]) - seconds_of(hit["end"])) < 0.05 &&
                           other["box"] == hit["box"]);
            }
            EXPECT_TRUE(matched) << "healthy hit " << hit.dump() << " not in " << found.dump();
        }
        EXPECT_GE(found.size(), expected) << found.dump();
        EXPECT_LE(found.size(), expected + 1) << found.dump();  // + one cut short at the end
    }
    EXPECT_EQ(run_footage({"search", "--db", (m_dir / "repaired90.db").string()}).exit_code, 0);

    // The custody log holds one repair entry per file, naming both inputs and the output.
    RunResult log = run_footage({"log", "--db", db, "--json", "--verify"});
    EXPECT_EQ(log.exit_code, 0) << log.out;
    int repairs = 0;
    const nlohmann::json entries = log.json()["entries"];
    for (const nlohmann::json& entry : entries) {
        if (entry["action"] != "repair") {
            continue;
        }
        ++repairs;
        EXPECT_EQ(entry["details"]["like"]["sha256"], evidence::sha256_file(like()));
        EXPECT_EQ(entry["details"]["repaired"]["sha256"],
                  evidence::sha256_file(entry["details"]["repaired"]["path"].get<std::string>()));
        EXPECT_EQ(entry["details"]["broken"]["sha256"],
                  evidence::sha256_file(entry["details"]["broken"]["path"].get<std::string>()));
    }
    EXPECT_EQ(repairs, 3);
}

// Cut in the middle of a NAL unit: the picture it belongs to is dropped, the ones before kept.
TEST_F(Repair, ACutInsideANalUnitDropsOnlyThatPicture) {
    const auto [mdat_start, mdat_end] = mdat_of(healthy());
    const uint64_t half = mdat_start + (mdat_end - mdat_start) / 2;
    RunResult first =
        repair(cut_copy(healthy(), m_dir / "a" / kName, half), m_dir / "a.mp4", {"--json"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    // Whole pictures end at recovered_bytes; 6 bytes further is inside the next unit.
    const uint64_t boundary = mdat_start + first.json()["recovered_bytes"].get<uint64_t>();
    ASSERT_LT(boundary + 6, mdat_end);
    RunResult second =
        repair(cut_copy(healthy(), m_dir / "b" / kName, boundary + 6), m_dir / "b.mp4", {"--json"});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(second.json()["frames"], first.json()["frames"]);
    EXPECT_TRUE(has(second.json()["stopped"].get<std::string>(), "cut short")) << second.out;
    EXPECT_EQ(decoded_frames(m_dir / "b.mp4"), first.json()["frames"].get<int>());
    // Cut exactly after a picture: that picture is kept, nothing is said to be left over.
    RunResult exact =
        repair(cut_copy(healthy(), m_dir / "c" / kName, boundary), m_dir / "c.mp4", {"--json"});
    ASSERT_EQ(exact.exit_code, 0) << exact.err;
    EXPECT_EQ(exact.json()["frames"], first.json()["frames"]);
    EXPECT_EQ(exact.json()["stopped"], "") << exact.out;
}

// A camera that records sound interleaves audio chunks with the pictures: repair reads only the
// video's NAL units, so it stops at the first chunk, and says why (a known limit, man page).
TEST_F(Repair, AnInterleavedAudioTrackIsSaidToEndTheRecovery) {
    for (const auto& [name, seconds] :
         std::vector<std::pair<std::string, std::string>>{{"av.mp4", "6"}, {"av_like.mp4", "2"}}) {
        RunResult made = run_program("ffmpeg", {"-v",
                                                "error",
                                                "-y",
                                                "-f",
                                                "lavfi",
                                                "-i",
                                                "testsrc=size=160x120:rate=10:duration=" + seconds,
                                                "-f",
                                                "lavfi",
                                                "-i",
                                                "sine=frequency=440:duration=" + seconds,
                                                "-c:v",
                                                "libx264",
                                                "-g",
                                                "20",
                                                "-pix_fmt",
                                                "yuv420p",
                                                "-c:a",
                                                "aac",
                                                "-shortest",
                                                (m_dir / name).string()});
        ASSERT_EQ(made.exit_code, 0) << made.err;
    }
    const auto [mdat_start, mdat_end] = mdat_of(m_dir / "av.mp4");
    const fs::path broken =
        cut_copy(m_dir / "av.mp4", m_dir / "cut/av.mp4", mdat_start + (mdat_end - mdat_start) / 2);
    const std::vector<std::string> args = {"repair", broken.string(),
                                           "--like", (m_dir / "av_like.mp4").string(),
                                           "--out",  (m_dir / "fixed.mp4").string()};
    RunResult run = run_footage(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(has(run.out, "has an audio track")) << run.out;
    std::vector<std::string> json_args = args;
    json_args[5] = (m_dir / "fixed2.mp4").string();
    json_args.push_back("--json");
    RunResult json = run_footage(json_args);
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_EQ(json.json()["like_has_audio"], true);
    EXPECT_NE(json.json()["stopped"], "");
    EXPECT_LT(json.json()["frames"].get<int>(), 30) << json.out;
}

// Hostile or mistaken input: exit 2, the file named with the reason, nothing written.
TEST_F(Repair, WhatCannotBeRepairedIsAClearErrorNamingTheFile) {
    const auto [mdat_start, mdat_end] = mdat_of(healthy());
    const fs::path broken =
        cut_copy(healthy(), m_dir / "cut" / kName, mdat_start + (mdat_end - mdat_start) / 2);
    const fs::path text = m_dir / "notes.mp4";
    std::ofstream(text) << "not a video at all\n";
    const fs::path garbage = m_dir / "garbage.mp4";
    {
        std::string bytes = read_file(healthy()).substr(0, mdat_start);
        for (int i = 0; i < 5000; ++i) {
            bytes.push_back(static_cast<char>((i * 7919 + 13) % 251));
        }
        std::ofstream(garbage, std::ios::binary) << bytes;
    }
    const fs::path out = m_dir / "out.mp4";
    struct Case {
        fs::path broken;
        fs::path like;
        std::string says;
    };
    const std::vector<Case> cases = {
        {text, like(), text.string() + ": not an MP4"},
        {garbage, like(), garbage.string() + ": no H.264 picture at the start of its mdat"},
        {broken, *s_shared / "hevc.mp4", broken.string() + ": no H.265 picture"},
        {healthy(), like(), healthy().string() + ": has its sample table (moov box)"},
        {broken, text, text.string() + ": not a healthy MP4"},
        {m_dir / "missing.mp4", like(), (m_dir / "missing.mp4").string() + ": missing"},
        {m_dir.path(), like(), m_dir.path().string() + ": not a regular file"},
    };
    for (const Case& c : cases) {
        RunResult run = run_footage(
            {"repair", c.broken.string(), "--like", c.like.string(), "--out", out.string()});
        EXPECT_EQ(run.exit_code, 2) << c.broken << " like " << c.like << ": " << run.err;
        EXPECT_TRUE(has(run.err, c.says)) << run.err;
        EXPECT_FALSE(fs::exists(out)) << c.broken;
    }
    // No partial file is left in the output's folder, and an existing output is never replaced.
    for (const fs::directory_entry& entry : fs::directory_iterator(m_dir.path())) {
        EXPECT_FALSE(has(entry.path().filename().string(), ".partial")) << entry.path();
    }
    std::ofstream(out) << "mine\n";
    RunResult exists = repair(broken, out);
    EXPECT_EQ(exists.exit_code, 2);
    EXPECT_TRUE(has(exists.err, out.string() + ": already exists")) << exists.err;
    EXPECT_EQ(read_file(out), "mine\n");
}

}  // namespace
}  // namespace footage::test
