// End to end: a drive indexed in shards (`index --shard K/N`) and merged (`footage merge`)
// answers exactly as a single index of it does, including an event that crosses a file
// boundary whose two files landed in different shards; merging is idempotent and refuses
// conflicts.
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "lib/catalog/catalog.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";
const char* kFirst = "ch01_20201103140000_20201103140030.mp4";
const char* kSecond = "ch01_20201103140030_20201103140100.mp4";

std::set<std::string> paths_in(const std::string& db) {
    RunResult listed = run_footage({"recordings", "--db", db, "--json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    std::set<std::string> paths;
    const nlohmann::json result = listed.json();  // range-for would not keep a temporary alive
    for (const nlohmann::json& recording : result["recordings"]) {
        paths.insert(recording["path"].get<std::string>());
    }
    return paths;
}

// What a user sees of a catalog: every recording (without internal IDs and indexing times),
// every motion hit, every camera.
std::string answers(const std::string& db) {
    nlohmann::json recordings =
        run_footage({"recordings", "--db", db, "--json"}).json()["recordings"];
    for (nlohmann::json& recording : recordings) {
        recording.erase("id");
        recording.erase("indexed_at");
    }
    std::sort(
        recordings.begin(), recordings.end(),
        [](const nlohmann::json& a, const nlohmann::json& b) { return a["path"] < b["path"]; });
    nlohmann::json hits = run_footage({"search", "--db", db, "--json"}).json()["hits"];
    nlohmann::json cameras = run_footage({"cameras", "--db", db, "--json"}).json();
    return nlohmann::json{{"recordings", recordings}, {"hits", hits}, {"cameras", cameras}}.dump(1);
}

class Merge : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        // The single index and the shards are made once per test run and only read here.
        IndexedDrive indexed = indexed_drive();
        nlohmann::json shared = shared_fixture("merge", [&](const fs::path& dir) {
            s_shared = dir;
            fs::path drive = generated_drive();
            copy_catalog(indexed.catalog, db("single"));
            // The smallest N that puts the two halves of the boundary-crossing event apart.
            nlohmann::json made = nlohmann::json::object();
            for (s_count = 2; s_count <= 6; ++s_count) {
                s_shards.clear();
                for (int k = 0; k < s_count; ++k) {
                    std::string shard =
                        db("shard" + std::to_string(k) + "of" + std::to_string(s_count));
                    RunResult run = run_footage(
                        {"index", "--db", shard, "--tz", kZone, "-q", "--shard",
                         std::to_string(k) + "/" + std::to_string(s_count), drive.string()});
                    made["runs"].push_back(to_json(run));
                    s_shards.push_back(shard);
                }
                if (shard_of(kFirst) != shard_of(kSecond)) {
                    break;
                }
            }
            made["dir"] = dir.string();
            made["count"] = s_count;
            made["shards"] = s_shards;
            return made;
        });
        s_shared = shared["dir"].get<std::string>();
        for (const nlohmann::json& run : shared["runs"]) {
            ASSERT_NE(run["exit_code"], 2) << run["err"];
        }
        s_count = shared["count"];
        s_shards = shared["shards"].get<std::vector<std::string>>();
        ASSERT_LE(s_count, 6) << "no shard count split the two files";
    }

    // The shared single index and shards (read, never written).
    static std::string db(const std::string& name) {
        return (s_shared / (name + ".db")).string();
    }

    static int shard_of(const std::string& file) {
        for (size_t k = 0; k < s_shards.size(); ++k) {
            for (const std::string& path : paths_in(s_shards[k])) {
                if (fs::path(path).filename() == file) {
                    return static_cast<int>(k);
                }
            }
        }
        return -1;
    }

    static RunResult merge(const std::string& into, std::vector<std::string> shards) {
        shards.insert(shards.begin(), "merge");
        shards.insert(shards.end(), {"--into", into});
        return run_footage(shards);
    }

    static inline fs::path s_shared;
    static std::vector<std::string> s_shards;
    static int s_count;
    TempDir m_dir;
};

std::vector<std::string> Merge::s_shards;
int Merge::s_count = 0;

TEST_F(Merge, ShardsTakeEveryFileOnceWhateverTheOrderOfTheRuns) {
    std::set<std::string> all = paths_in(db("single"));
    std::set<std::string> seen;
    for (const std::string& shard : s_shards) {
        for (const std::string& path : paths_in(shard)) {
            EXPECT_TRUE(seen.insert(path).second) << path << " is in two shards";
        }
    }
    EXPECT_EQ(seen, all);
    // The same worker takes the same share on a re-run.
    std::string again = (m_dir / "again.db").string();
    run_footage({"index", "--db", again, "--tz", kZone, "-q", "--shard",
                 "0/" + std::to_string(s_count), generated_drive().string()});
    EXPECT_EQ(paths_in(again), paths_in(s_shards[0]));
}

TEST_F(Merge, TheMergedCatalogAnswersLikeASingleIndex) {
    std::string merged = (m_dir / "merged.db").string();
    RunResult result = merge(merged, s_shards);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(answers(merged), answers(db("single")));
    // The boundary-crossing event is one hit from the first file, as in a single index.
    RunResult hits = run_footage({"search", "--db", merged, "--camera", "ch01", "--from",
                                  "2020-11-03 14:00:25", "--to", "2020-11-03 14:00:40", "--json"});
    ASSERT_EQ(hits.json()["hits"].size(), 1u);
    EXPECT_NE(hits.json()["hits"][0]["recording"].get<std::string>().find(kFirst),
              std::string::npos);
    RunResult log = run_footage({"log", "--db", merged, "--verify", "--json"});
    EXPECT_EQ(log.exit_code, 0) << log.out;
    int merges = 0;
    const nlohmann::json entries = log.json()["entries"];
    for (const nlohmann::json& entry : entries) {
        merges += entry["action"] == "merge" ? 1 : 0;
    }
    EXPECT_EQ(merges, s_count);
}

TEST_F(Merge, MergingTheSameShardTwiceChangesNothing) {
    std::string merged = (m_dir / "merged.db").string();
    ASSERT_EQ(merge(merged, s_shards).exit_code, 0);
    std::string before = answers(merged);
    std::string log_before = run_footage({"log", "--db", merged, "--json"}).out;
    RunResult again = merge(merged, s_shards);
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("already merged"), std::string::npos) << again.out;
    EXPECT_EQ(answers(merged), before);
    EXPECT_EQ(run_footage({"log", "--db", merged, "--json"}).out, log_before);
}

TEST_F(Merge, ConflictingHashesAndOtherSchemasAreRefusedBeforeAnythingIsWritten) {
    std::string merged = (m_dir / "merged.db").string();
    ASSERT_EQ(merge(merged, {s_shards[0]}).exit_code, 0);
    std::string before = answers(merged);
    // A shard that says the same path holds other bytes.
    fs::path forged = m_dir / "forged.db";
    fs::copy_file(s_shards[0], forged);
    {
        catalog::Database edit(forged, catalog::Database::Mode::read_write_create);
        edit.exec("UPDATE recordings SET sha256 = '" + std::string(64, 'a') + "'");
    }
    RunResult conflict = merge(merged, {forged.string()});
    EXPECT_EQ(conflict.exit_code, 2);
    EXPECT_NE(conflict.err.find("different recordings"), std::string::npos) << conflict.err;
    EXPECT_NE(conflict.err.find(forged.string()), std::string::npos) << conflict.err;
    EXPECT_EQ(answers(merged), before);
    // A shard from another schema version.
    fs::path newer = m_dir / "newer.db";
    fs::copy_file(s_shards[1], newer);
    {
        catalog::Database edit(newer, catalog::Database::Mode::read_write_create);
        edit.exec("PRAGMA user_version = 99");
    }
    RunResult schema = merge(merged, {newer.string()});
    EXPECT_EQ(schema.exit_code, 2);
    EXPECT_NE(schema.err.find("schema version"), std::string::npos) << schema.err;
    EXPECT_EQ(answers(merged), before);
    RunResult bad = run_footage({"index", "--db", merged, "--shard", "3/3", "x"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("0 <= K < N"), std::string::npos) << bad.err;
}

TEST_F(Merge, ASlurmArrayJobAndAMergeJobGiveTheSameCatalogAsOneMachine) {
    // A real single-node Slurm on localhost runs examples/slurm: one index task per shard, then
    // the merge once they all succeeded.
    std::string case_db = (m_dir / "case.db").string();
    RunResult run = run_program((source_dir() / "tests/slurm/local_slurm.sh").string(),
                                {(m_dir / "cluster").string(), "env", "FOOTAGE=" + footage_binary(),
                                 (source_dir() / "examples/slurm/run-case.sh").string(), "--wait",
                                 generated_drive().string(), case_db, "3", "--tz", kZone, "-q"});
    if (run.exit_code == 77) {
        GTEST_SKIP() << "no local Slurm cluster: " << run.err;
    }
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(answers(case_db), answers(db("single")));
    RunResult log = run_footage({"log", "--db", case_db, "--verify"});
    EXPECT_EQ(log.exit_code, 0) << log.out;
}

}  // namespace
}  // namespace footage::test
