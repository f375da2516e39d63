// End to end: index the generated drive, then ask `footage search` what the ground truth knows.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <regex>

#include "lib/timecode/time.hpp"
#include "lib/timecode/zone.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"

namespace footage::test {
namespace {

const char* kZone = "Asia/Ho_Chi_Minh";

double seconds_of(const std::string& iso) {
    return static_cast<double>(timecode::parse_time(iso, timecode::Zone::utc())) / 1e6;
}

class SearchDrive : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<TempDir>();
        std::filesystem::path drive = generated_drive();
        s_truth = read_json(drive / "ground_truth.json");
        IndexedDrive indexed = indexed_drive();
        ASSERT_EQ(indexed.run.exit_code, 1) << indexed.run.err;  // the drive holds broken files
        // The nameless export is declared, as an investigator would (once per test run too).
        nlohmann::json shared = shared_fixture("search-drive", [&](const std::filesystem::path& dir) {
            const std::string catalog = (dir / "footage.db").string();
            copy_catalog(indexed.catalog, catalog);
            RunResult declared = run_footage({"index", "--db", catalog, "--camera", "cam09",
                                              (drive / "export/clip_0001.mp4").string()});
            return nlohmann::json{{"catalog", catalog}, {"declared", to_json(declared)}};
        });
        RunResult declared = run_result(shared["declared"]);
        ASSERT_EQ(declared.exit_code, 0) << declared.err;
        copy_catalog(shared["catalog"].get<std::string>(), db());
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static std::string db() { return (s_dir->path() / "footage.db").string(); }

    static RunResult search(std::vector<std::string> args) {
        args.insert(args.begin(), {"search", "--db", db()});
        return run_footage(args);
    }

    static nlohmann::json hits(std::vector<std::string> args) {
        args.push_back("--json");
        RunResult run = search(args);
        EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
        nlohmann::json result = run.json();
        EXPECT_EQ(run.exit_code, result["hits"].empty() ? 1 : 0);
        return result["hits"];
    }

    static std::string camera_of(const nlohmann::json& event) {
        return event["camera"].is_null() ? "cam09" : event["camera"].get<std::string>();
    }

    // The hits on the event's camera that overlap it in time.
    static std::vector<nlohmann::json> matching(const nlohmann::json& found,
                                                const nlohmann::json& event) {
        std::vector<nlohmann::json> out;
        for (const nlohmann::json& hit : found) {
            if (hit["camera"] == camera_of(event) &&
                seconds_of(hit["start"]) < seconds_of(event["end"]) &&
                seconds_of(hit["end"]) > seconds_of(event["start"])) {
                out.push_back(hit);
            }
        }
        return out;
    }

    static std::unique_ptr<TempDir> s_dir;
    static nlohmann::json s_truth;
};

std::unique_ptr<TempDir> SearchDrive::s_dir;
nlohmann::json SearchDrive::s_truth;

TEST_F(SearchDrive, FindsEveryEventWithinHalfASecondAndNothingElse) {
    nlohmann::json found = hits({});
    const nlohmann::json events = s_truth["events"];
    for (const nlohmann::json& event : events) {
        std::vector<nlohmann::json> hit = matching(found, event);
        ASSERT_EQ(hit.size(), 1u) << "expected one hit for " << event.dump();
        EXPECT_NEAR(seconds_of(hit[0]["start"]), seconds_of(event["start"]), 0.5) << event.dump();
        EXPECT_NEAR(seconds_of(hit[0]["end"]), seconds_of(event["end"]), 0.5) << event.dump();
        EXPECT_EQ(hit[0]["kind"], "motion");
        EXPECT_GT(hit[0]["score"].get<double>(), 0.0);
    }
    EXPECT_EQ(found.size(), events.size()) << found.dump(2);
}

TEST_F(SearchDrive, AnEventAcrossAFileBoundaryIsOneHitFromTheFirstFile) {
    nlohmann::json found = hits({"--camera", "1"});
    const nlohmann::json events = s_truth["events"];
    for (const nlohmann::json& event : events) {
        if (!event["crosses_file_boundary"].get<bool>()) {
            continue;
        }
        std::vector<nlohmann::json> hit = matching(found, event);
        ASSERT_EQ(hit.size(), 1u);
        std::string recording = hit[0]["recording"];
        EXPECT_NE(recording.find("ch01_20201103140000_20201103140030.mp4"), std::string::npos);
        EXPECT_NEAR(hit[0]["offset"].get<double>(), 27.0, 0.5);
    }
}

TEST_F(SearchDrive, NoiseAndASlowLightingSwellGiveNoHit) {
    const nlohmann::json still = s_truth["no_motion_cameras"];
    ASSERT_FALSE(still.empty());
    for (const nlohmann::json& camera : still) {
        RunResult run = search({"--camera", camera.get<std::string>(), "--json"});
        EXPECT_EQ(run.exit_code, 1) << camera << run.out;
        EXPECT_TRUE(run.json()["hits"].empty()) << camera;
    }
}

TEST_F(SearchDrive, RegionQueriesReturnOnlyEventsInTheRegion) {
    const nlohmann::json events = s_truth["events"];
    for (const nlohmann::json& event : events) {
        // The event's path, less one grid cell (1/32 x 1/18) on each side: the grid is coarse.
        std::vector<double> r = event["region"];
        double x = std::min(r[0] + 1.0 / 32, 0.99), y = r[1] + 1.0 / 18;
        double w = std::max(r[2] - 2.0 / 32, 0.01), h = std::max(r[3] - 2.0 / 18, 0.01);
        std::string region = std::to_string(x) + "," + std::to_string(y) + "," + std::to_string(w) +
                             "," + std::to_string(h);
        nlohmann::json found = hits({"--camera", camera_of(event), "--region", region});
        ASSERT_EQ(found.size(), 1u) << event.dump() << " region " << region << found.dump(2);
        EXPECT_EQ(matching(found, event).size(), 1u) << event.dump();
    }
    // The lower quarter of the frame holds no event on ch01.
    EXPECT_TRUE(hits({"--camera", "ch01", "--region", "0,0.75,1,0.25"}).empty());
}

TEST_F(SearchDrive, HitIdsAreStableAcrossQueries) {
    nlohmann::json all = hits({"--camera", "1"});
    ASSERT_EQ(all.size(), 2u);
    // A window inside the first event, a limit, a pad: the same event keeps its ID.
    nlohmann::json narrow = hits({"--camera", "ch01", "--from", "2020-11-03 14:00:12", "--to",
                                  "2020-11-03 14:00:13", "--tz", kZone});
    ASSERT_EQ(narrow.size(), 1u);
    EXPECT_EQ(narrow[0]["id"], all[0]["id"]);
    nlohmann::json limited = hits({"--camera", "01", "--limit", "1"});
    ASSERT_EQ(limited.size(), 1u);
    EXPECT_EQ(limited[0]["id"], all[0]["id"]);
    nlohmann::json padded = hits({"--camera", "ch01", "--pad", "2s"});
    ASSERT_EQ(padded.size(), 2u);
    EXPECT_EQ(padded[0]["id"], all[0]["id"]);
    EXPECT_NEAR(seconds_of(padded[0]["start"]), seconds_of(all[0]["start"]) - 2.0, 1e-3);
    EXPECT_NEAR(seconds_of(padded[0]["end"]), seconds_of(all[0]["end"]) + 2.0, 1e-3);
}

TEST_F(SearchDrive, MinDurationDropsShortEvents) {
    EXPECT_EQ(hits({"--camera", "2"}).size(), 1u);  // the 1-second small box
    EXPECT_TRUE(hits({"--camera", "2", "--min-duration", "2s"}).empty());
}

TEST_F(SearchDrive, TimesAreWallClockInTheCatalogZone) {
    nlohmann::json found = hits({"--camera", "ch02"});
    ASSERT_EQ(found.size(), 1u);
    std::string start = found[0]["start"];
    EXPECT_EQ(start.substr(0, 19), "2020-11-03T14:00:20") << start;
    EXPECT_EQ(start.substr(start.size() - 6), "+07:00") << start;
    EXPECT_NEAR(found[0]["offset"].get<double>(), 20.0, 0.5);
}

TEST_F(SearchDrive, CsvAndTableListTheSameHits) {
    RunResult csv = search({"--csv"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    size_t lines = static_cast<size_t>(std::count(csv.out.begin(), csv.out.end(), '\n'));
    EXPECT_EQ(lines, s_truth["events"].size() + 1);  // header + one line per hit
    EXPECT_EQ(csv.out.rfind("id,camera,kind,start,end,", 0), 0u);
    // The columns are the ones the README and the man page name, in their order.
    const std::string header = csv.out.substr(0, csv.out.find('\n'));
    std::smatch documented;
    const std::string readme = read_file(source_dir() / "README.md");
    ASSERT_TRUE(
        std::regex_search(readme, documented, std::regex("`search --csv` prints\\s+`([a-z_,]+)`")));
    EXPECT_EQ(documented[1].str(), header) << "README.md";
    EXPECT_NE(read_file(source_dir() / "man/footage-search.1").find(header), std::string::npos)
        << "man/footage-search.1 does not name the columns " << header;
    RunResult table = search({});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    for (const nlohmann::json& hit : hits({})) {
        EXPECT_NE(table.out.find(hit["id"].get<std::string>()), std::string::npos);
        EXPECT_NE(csv.out.find(hit["id"].get<std::string>()), std::string::npos);
    }
}

TEST_F(SearchDrive, ThumbnailsAreJpegsOfThePeak) {
    TempDir out;
    nlohmann::json found = hits({"--camera", "ch01", "--thumbnails", (out / "thumbs").string()});
    ASSERT_EQ(found.size(), 2u);
    for (const nlohmann::json& hit : found) {
        std::string path = hit["thumbnail"];
        std::ifstream file(path, std::ios::binary);
        ASSERT_TRUE(file) << path;
        unsigned char magic[3] = {};
        file.read(reinterpret_cast<char*>(magic), 3);
        EXPECT_EQ(magic[0], 0xFF);
        EXPECT_EQ(magic[1], 0xD8);
        EXPECT_EQ(magic[2], 0xFF);
    }
}

TEST_F(SearchDrive, BadQueriesAreUsageErrorsThatSayWhy) {
    RunResult region = search({"--region", "0.5,0.5,0.6,0.2"});
    EXPECT_EQ(region.exit_code, 2);
    EXPECT_NE(region.err.find("region"), std::string::npos) << region.err;
    RunResult order = search({"--from", "2020-11-03 15:00", "--to", "2020-11-03 14:00"});
    EXPECT_EQ(order.exit_code, 2);
    EXPECT_NE(order.err.find("--from"), std::string::npos) << order.err;
    RunResult camera = search({"--camera", "ch42"});
    EXPECT_EQ(camera.exit_code, 2);
    EXPECT_NE(camera.err.find("ch42"), std::string::npos) << camera.err;
    RunResult sensitivity = search({"--sensitivity", "11"});
    EXPECT_EQ(sensitivity.exit_code, 2);
    TempDir empty;
    RunResult missing = run_footage({"search", "--db", (empty / "none.db").string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("none.db"), std::string::npos) << missing.err;
}

TEST_F(SearchDrive, RecordingsIndexedWithoutMotionAreNamedNotSilentlySkipped) {
    TempDir dir;
    std::string other_db = (dir / "footage.db").string();
    std::filesystem::path file =
        generated_drive() / "NVR_ch2_main_20201103140000_20201103140030.mp4";
    ASSERT_EQ(run_footage({"index", "--db", other_db, "--no-motion", file.string()}).exit_code, 0);
    RunResult run = run_footage({"search", "--db", other_db, "--json"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.json()["not_indexed"][0], file.string());
    EXPECT_NE(run.err.find("no motion index"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace footage::test
