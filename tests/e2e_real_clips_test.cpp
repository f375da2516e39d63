// End to end on real footage the project did not make (fetched from Debian packages by
// scripts/fetch_real_clips.sh): motion is found where people and objects move, and not where
// nothing does.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

std::filesystem::path real_clip(const std::string& name) {
    const char* env = std::getenv("FOOTAGE_TESTDATA");
    std::filesystem::path dir =
        std::filesystem::path(env != nullptr ? env : FOOTAGE_TESTDATA_DEFAULT) / "real";
    return dir / name;
}

class RealClips : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const char* name : {"vtest.avi", "motion.mov"}) {
            if (!std::filesystem::exists(real_clip(name))) {
                GTEST_SKIP() << real_clip(name)
                             << " is missing (offline?): scripts/fetch_real_clips.sh fetches it";
            }
        }
        m_db = (m_dir / "footage.db").string();
        index("vtest.avi", "vtest", "2020-01-01 10:00:00");
        index("motion.mov", "pen", "2020-01-01 11:00:00");
    }

    void index(const std::string& clip, const std::string& camera, const std::string& start) {
        RunResult run = run_footage({"index", "--db", m_db, "--tz", "UTC", "--camera", camera,
                                     "--start", start, real_clip(clip).string()});
        ASSERT_EQ(run.exit_code, 0) << run.err;
    }

    nlohmann::json hits(std::vector<std::string> args) {
        args.insert(args.begin(), {"search", "--db", m_db, "--json"});
        RunResult run = run_footage(args);
        EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
        nlohmann::json result = run.json();
        return result["hits"];
    }

    TempDir m_dir;
    std::string m_db;
};

double covered_seconds(const nlohmann::json& found) {
    double total = 0.0;
    for (const nlohmann::json& hit : found) {
        total += hit["duration"].get<double>();
    }
    return total;
}

TEST_F(RealClips, PedestriansKeepTheWholeVtestSceneInMotion) {
    nlohmann::json found = hits({"--camera", "vtest"});
    ASSERT_FALSE(found.empty());
    // People cross the square for the whole 79.5 s.
    EXPECT_GT(covered_seconds(found), 0.9 * 79.5) << found.dump(2);
}

TEST_F(RealClips, NoMotionWhereNobodyWalks) {
    // The lawn's bottom-left corner and the building's top-left front stay still.
    EXPECT_TRUE(hits({"--camera", "vtest", "--region", "0,0.75,0.15,0.25"}).empty());
    EXPECT_TRUE(hits({"--camera", "vtest", "--region", "0,0,0.3,0.1"}).empty());
}

TEST_F(RealClips, ThePenIsFoundWhereAndWhenItEnters) {
    // The pen enters from the lower right after about a second and moves until the end.
    nlohmann::json found = hits({"--camera", "pen", "--region", "0.5,0.5,0.5,0.5"});
    ASSERT_EQ(found.size(), 1u) << found.dump(2);
    EXPECT_LT(found[0]["offset"].get<double>(), 2.0);
    EXPECT_GT(found[0]["offset"].get<double>() + found[0]["duration"].get<double>(), 6.0);
}

}  // namespace
}  // namespace footage::test
