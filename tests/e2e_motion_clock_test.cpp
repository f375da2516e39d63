// End to end: a clock burned into the picture (every real recorder's OSD) is no motion, and what
// crosses it is.
#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace footage::test
