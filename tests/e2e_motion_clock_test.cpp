// End to end: a clock burned into the picture (every real recorder's OSD) is no motion, and what
// crosses it is.
#include <gtest/gtest.h>

#include <cmath>

#include "lib/catalog/catalog.hpp"
#include "tests/support/object_model.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

std::filesystem::path testdata(const std::string& name) {
    const char* env = std::getenv("FOOTAGE_TESTDATA");
    return std::filesystem::path(env != nullptr ? env : FOOTAGE_TESTDATA_DEFAULT) / name;
}

// The generated drive's clock runs over the whole minute, across the path of three 4-s
// crossings: motion search finds the three crossings, each as one hit, and nothing else.
TEST(MotionBesideAClock, TheBurnedInClockIsNoMotionAndWhatCrossesItIs) {
    std::filesystem::path drive = testdata("clock");
    if (!std::filesystem::exists(drive / "ground_truth.json")) {
        GTEST_SKIP() << drive << " was not generated";
    }
    nlohmann::json truth = read_json(drive / "ground_truth.json");
    TempDir dir;
    std::string db = (dir / "catalog.db").string();
    RunResult indexed =
        run_footage({"index", "--db", db, "--tz", "Asia/Ho_Chi_Minh", "-q", drive.string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    RunResult searched = run_footage({"search", "--db", db, "--motion", "--json"});
    ASSERT_EQ(searched.exit_code, 0) << searched.err;
    nlohmann::json hits = searched.json()["hits"];
    ASSERT_EQ(hits.size(), truth["events"].size()) << hits.dump(1);
    for (size_t i = 0; i < hits.size(); ++i) {
        const nlohmann::json& event = truth["events"][i];
        double start = hits[i]["offset"].get<double>();
        double end = start + hits[i]["duration"].get<double>();
        EXPECT_LT(std::fabs(start - event["start_offset"].get<double>()), 1.0) << hits[i].dump();
        EXPECT_LT(std::fabs(end - event["end_offset"].get<double>()), 1.0) << hits[i].dump();
    }
    // The recording says which band motion ignores: the clock's line, drawn from x 4% to 37%
    // and y 36% to 40% of the frame, and little more.
    RunResult listed = run_footage({"recordings", "--db", db, "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    nlohmann::json ignored = listed.json()["recordings"][0]["motion_ignored"];
    ASSERT_TRUE(ignored.is_object()) << listed.out;
    EXPECT_EQ(ignored["what"], "clock");
    std::vector<double> box = ignored["box"].get<std::vector<double>>();
    ASSERT_EQ(box.size(), 4u);
    EXPECT_LE(box[0], 0.045);
    EXPECT_GE(box[0] + box[2], 0.36);
    EXPECT_LE(box[0] + box[2], 0.45);
    EXPECT_LE(box[1], 0.36);
    EXPECT_GE(box[1] + box[3], 0.40);
    EXPECT_LE(box[3], 0.1);
}

struct Indexed {
    int64_t frames_decoded = 0;
    nlohmann::json hits;
    nlohmann::json motion_ignored;
};

Indexed index_clock_drive(const std::filesystem::path& drive, const std::string& db,
                          std::vector<std::string> extra) {
    std::vector<std::string> args = {"index", "--db", db, "--tz", "Asia/Ho_Chi_Minh", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(drive.string());
    RunResult indexed = run_footage(args);
    EXPECT_EQ(indexed.exit_code, 0) << indexed.err;
    Indexed result;
    result.frames_decoded = indexed.json()["files"][0].value("frames_decoded", int64_t{0});
    RunResult searched = run_footage({"search", "--db", db, "--motion", "--json"});
    EXPECT_EQ(searched.exit_code, 0) << searched.err;
    result.hits = searched.json()["hits"];
    RunResult listed = run_footage({"recordings", "--db", db, "--json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    result.motion_ignored = listed.json()["recordings"][0]["motion_ignored"];
    return result;
}

// The still plan finds the clock (in the first 13.2 s, decoded once for it) and hands it to the
// pass: the motion model ignores the same band as when it finds the clock itself (an exhaustive
// pass, which has no plan), the hit is the same, and the still first seconds are not decoded
// again. The plan keeps 26 s of the 40 (the first two GOPs, the crossing at 18-22 s with a GOP
// either side, the last GOPs): 650 frames. Failed before: the pass decoded the first 13.2 s
// again so that the model found the clock itself (880 frames).
TEST(MotionBesideAClock, TheClockTheStillPlanFoundIsNotLookedForAgainInThePass) {
    std::filesystem::path drive = testdata("clock_still");
    if (!std::filesystem::exists(drive / "ground_truth.json")) {
        GTEST_SKIP() << drive << " was not generated";
    }
    TempDir dir;
    const Indexed planned = index_clock_drive(drive, (dir / "planned.db").string(), {});
    const Indexed exhaustive =
        index_clock_drive(drive, (dir / "exhaustive.db").string(), {"--exhaustive"});
    ASSERT_TRUE(planned.motion_ignored.is_object());
    EXPECT_EQ(planned.motion_ignored, exhaustive.motion_ignored);
    ASSERT_EQ(planned.hits.size(), 1u) << planned.hits.dump(1);
    ASSERT_EQ(exhaustive.hits.size(), 1u) << exhaustive.hits.dump(1);
    EXPECT_EQ(planned.hits[0]["id"], exhaustive.hits[0]["id"]);
    EXPECT_EQ(exhaustive.frames_decoded, 1000);  // 40 s at 25 fps
    EXPECT_LE(planned.frames_decoded, 700) << "of " << exhaustive.frames_decoded;
}

// The object indexer knows the clock from the first frame: before, the motion model's first 65
// samples (13 s) were judged with the clock's line, so its ticking was motion and the detector
// looked every 0.4 s at the still scene (46 frames examined in all; 18 now: the first second,
// before the motion model judges, the crossing at 18-22 s, and one look every 30 s).
TEST(MotionBesideAClock, TheObjectIndexDoesNotTakeTheClockForMotionInTheFirstSeconds) {
    std::filesystem::path drive = testdata("clock_still");
    if (!std::filesystem::exists(drive / "ground_truth.json")) {
        GTEST_SKIP() << drive << " was not generated";
    }
    if (std::string why = object_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    TempDir dir;
    const std::string db = (dir / "objects.db").string();
    index_clock_drive(drive, db, {"--objects"});
    catalog::Catalog catalog = catalog::Catalog::open(db, catalog::Database::Mode::read_only);
    catalog::Statement meta = catalog.db().prepare("SELECT frames_examined FROM object_meta");
    ASSERT_TRUE(meta.step());
    EXPECT_LE(meta.column_int(0), 25);
}

}  // namespace
}  // namespace footage::test
