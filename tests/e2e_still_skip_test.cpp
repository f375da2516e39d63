// End to end: the default index pass skips GOPs it can prove still, and finds exactly the
// events the `--exhaustive` pass finds: on footage with small, one-second objects and sensor
// noise (where most of the savings are), on the generated drive, and on real clips.
#include <gtest/gtest.h>

#include "indexers/motion/motion_store.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

std::filesystem::path testdata(const std::string& name) {
    const char* env = std::getenv("FOOTAGE_TESTDATA");
    return std::filesystem::path(env != nullptr ? env : FOOTAGE_TESTDATA_DEFAULT) / name;
}

class StillSkipping : public ::testing::Test {
  protected:
    // Indexes `args` twice, default and exhaustive, and returns both searches' hits.
    std::pair<nlohmann::json, nlohmann::json> both(std::vector<std::string> args) {
        nlohmann::json found[2];
        for (int exhaustive = 0; exhaustive < 2; ++exhaustive) {
            std::string db = db_path(exhaustive == 1);
            std::vector<std::string> index = {"index", "--db", db, "--tz", "UTC"};
            if (exhaustive == 1) {
                index.push_back("--exhaustive");
            }
            index.insert(index.end(), args.begin(), args.end());
            RunResult indexed = run_footage(index);
            EXPECT_NE(indexed.exit_code, 2) << indexed.err;
            RunResult searched = run_footage({"search", "--db", db, "--motion", "--json"});
            EXPECT_TRUE(searched.exit_code == 0 || searched.exit_code == 1) << searched.err;
            found[exhaustive] = searched.json()["hits"];
        }
        return {found[0], found[1]};
    }

    std::string db_path(bool exhaustive) const {
        return (m_dir / (exhaustive ? "exhaustive.db" : "default.db")).string();
    }

    // Seconds the default pass recorded as still without decoding.
    double skipped_seconds() {
        catalog::Catalog catalog =
            catalog::Catalog::open(db_path(false), catalog::Database::Mode::read_only);
        double total = 0.0;
        for (const catalog::RecordingRow& recording : catalog.recordings()) {
            auto meta = indexers::motion::load_meta(catalog, recording.id);
            if (meta) {
                total += static_cast<double>(meta->skipped_us) / 1e6;
            }
        }
        return total;
    }

    static void expect_same_hits(const nlohmann::json& fast, const nlohmann::json& exhaustive) {
        ASSERT_EQ(fast.size(), exhaustive.size()) << "default:\n"
                                                  << fast.dump(1) << "\nexhaustive:\n"
                                                  << exhaustive.dump(1);
        for (size_t i = 0; i < fast.size(); ++i) {
            EXPECT_EQ(fast[i]["id"], exhaustive[i]["id"]);
            EXPECT_EQ(fast[i]["start"], exhaustive[i]["start"]);
            EXPECT_EQ(fast[i]["end"], exhaustive[i]["end"]);
        }
    }

    TempDir m_dir;
};

TEST_F(StillSkipping, SmallShortObjectsInNoiseAreAllFoundWhileStillGopsAreSkipped) {
    std::filesystem::path still = testdata("still");
    if (!std::filesystem::exists(still / "ground_truth.json")) {
        GTEST_SKIP() << still << " was not generated";
    }
    nlohmann::json truth = read_json(still / "ground_truth.json");
    auto [fast, exhaustive] = both({still.string()});
    expect_same_hits(fast, exhaustive);
    EXPECT_EQ(fast.size(), truth["events"].size());
    // A tenth of the time holds motion; a good part of the rest must not have been decoded.
    EXPECT_GT(skipped_seconds(), 0.15 * truth["files"][0]["duration"].get<double>());
}

TEST_F(StillSkipping, ANightRecordingWithNoiseAndAShortEventGivesTheSameHitsWhileSkipping) {
    std::filesystem::path night = testdata("night");
    if (!std::filesystem::exists(night / "ground_truth.json")) {
        GTEST_SKIP() << night << " was not generated";
    }
    nlohmann::json truth = read_json(night / "ground_truth.json");
    auto [fast, exhaustive] = both({night.string()});
    expect_same_hits(fast, exhaustive);
    ASSERT_EQ(fast.size(), 1u) << fast.dump(1);
    // The hit starts within half a second of the object (the file starts at midnight UTC).
    const std::string start = fast[0]["start"].get<std::string>();
    const double start_s = std::stod(start.substr(17, 6));
    EXPECT_NEAR(start_s, truth["events"][0]["start_offset"].get<double>(), 0.5) << start;
    // Only the event's GOPs, their neighbours and the ends need decoding.
    EXPECT_GT(skipped_seconds(), 0.3 * truth["files"][0]["duration"].get<double>());
}

TEST_F(StillSkipping, AnIndoorRecordingWithALightingSwellGivesTheSameHitsWhileSkipping) {
    // Failed before: noise-level packet spikes marked most GOPs, so only GOPs standing out from
    // the others counted, and both crossings (between keyframes, each adding less to a packet
    // than the noise) were skipped: the default found nothing.
    std::filesystem::path indoor = testdata("indoor");
    if (!std::filesystem::exists(indoor / "ground_truth.json")) {
        GTEST_SKIP() << indoor << " was not generated";
    }
    nlohmann::json truth = read_json(indoor / "ground_truth.json");
    auto [fast, exhaustive] = both({indoor.string()});
    expect_same_hits(fast, exhaustive);
    ASSERT_EQ(fast.size(), truth["events"].size()) << fast.dump(1);
    for (size_t i = 0; i < fast.size(); ++i) {
        const std::string start = fast[i]["start"].get<std::string>();
        const double start_s = std::stod(start.substr(14, 2)) * 60 + std::stod(start.substr(17, 6));
        EXPECT_NEAR(start_s, truth["events"][i]["start_offset"].get<double>(), 0.5) << start;
    }
    EXPECT_GT(skipped_seconds(), 0.15 * truth["files"][0]["duration"].get<double>());
}

TEST_F(StillSkipping, ABurnedInClockDoesNotKeepStillGopsDecoded) {
    // Failed before: every keyframe shows another time, so every GOP was decoded (as in every
    // real recording, which carries the recorder's clock).
    std::filesystem::path clock = testdata("clock");
    if (!std::filesystem::exists(clock / "ground_truth.json")) {
        GTEST_SKIP() << clock << " was not generated";
    }
    nlohmann::json truth = read_json(clock / "ground_truth.json");
    auto [fast, exhaustive] = both({clock.string()});
    expect_same_hits(fast, exhaustive);
    EXPECT_EQ(fast.size(), truth["events"].size()) << fast.dump(1);
    EXPECT_GT(skipped_seconds(), 0.15 * truth["files"][0]["duration"].get<double>());
}

TEST_F(StillSkipping, TheGeneratedDriveGivesTheSameHitsEitherWay) {
    std::filesystem::path drive = generated_drive();
    auto [fast, exhaustive] =
        both({"--camera", "cam09", (drive / "export/clip_0001.mp4").string()});
    expect_same_hits(fast, exhaustive);
    auto [fast_all, exhaustive_all] = both({drive.string()});
    EXPECT_FALSE(fast_all.empty());
    expect_same_hits(fast_all, exhaustive_all);
}

TEST_F(StillSkipping, RealClipsGiveTheSameHitsEitherWay) {
    for (const char* name : {"vtest.avi", "motion.mov"}) {
        std::filesystem::path clip = testdata("real") / name;
        if (!std::filesystem::exists(clip)) {
            GTEST_SKIP() << clip
                         << " is missing (offline?): scripts/fetch_real_clips.sh fetches it";
        }
        auto [fast, exhaustive] =
            both({"--camera", name, "--start", "2020-01-01 10:00:00", clip.string()});
        expect_same_hits(fast, exhaustive);
    }
}

}  // namespace
}  // namespace footage::test
