// End to end: `search --like`, `--upper` and `--lower` on vtest.avi (Debian's opencv-doc:
// pedestrians walking in and out of view), on the catalog the object tests index once per run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "indexers/objects/appearance.hpp"
#include "indexers/objects/appearance_store.hpp"

#include "lib/catalog/catalog.hpp"
#include "lib/util/error.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"
#include "tests/support/vtest_objects.hpp"

namespace footage::test {
namespace {

class VtestAppearance : public VtestObjectIndex {
  protected:
    static nlohmann::json search(std::vector<std::string> args, int expected_exit = 0) {
        args.insert(args.begin(), {"search", "--db", s_db, "--json"});
        RunResult run = run_footage(args);
        EXPECT_EQ(run.exit_code, expected_exit) << run.err;
        return run.exit_code <= 1 ? run.json() : nlohmann::json::object();
    }

    // The person seen longest: a query with other sightings of people to rank.
    static std::string some_person() {
        nlohmann::json hits = search({"--object", "person"})["hits"];
        std::string id;
        int most = 0;
        for (const nlohmann::json& hit : hits) {
            if (hit["sightings"].get<int>() > most) {
                most = hit["sightings"].get<int>();
                id = hit["id"].get<std::string>();
            }
        }
        EXPECT_FALSE(id.empty());
        return id;
    }
};

// People and vehicles keep a look; the detector's stray "kites" and "airplanes" none (storage).
TEST_F(VtestAppearance, EveryPersonAndVehicleTrackHasAnAppearanceOf32Bytes) {
    catalog::Catalog catalog = catalog::Catalog::open(s_db, catalog::Database::Mode::read_only);
    catalog::Statement query = catalog.db().prepare(
        "SELECT t.label IN ('person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck') AS kept, "
        "count(*), count(a.track), max(length(a.descriptor)) FROM object_tracks t "
        "LEFT JOIN object_appearance a USING (recording_id, track) GROUP BY kept ORDER BY kept");
    ASSERT_TRUE(query.step());
    EXPECT_EQ(query.column_int(0), 0);
    EXPECT_EQ(query.column_int(2), 0);  // other classes
    ASSERT_TRUE(query.step());
    EXPECT_GT(query.column_int(1), 10);
    EXPECT_EQ(query.column_int(2), query.column_int(1));
    EXPECT_LE(query.column_int(3), 32);
}

TEST_F(VtestAppearance, LikeRanksOtherPeopleMostSimilarFirst) {
    const std::string id = some_person();
    nlohmann::json result = search({"--like", id});
    EXPECT_EQ(result["query"]["like"], id);
    const nlohmann::json& hits = result["hits"];
    ASSERT_GE(hits.size(), 5u);
    double previous = 1.0;
    for (const nlohmann::json& hit : hits) {
        EXPECT_EQ(hit["label"], "person");
        EXPECT_NE(hit["id"], id);
        const double similarity = hit["similarity"].get<double>();
        EXPECT_GE(similarity, 0.0);
        EXPECT_LE(similarity, previous);
        previous = similarity;
    }
    // The table shows the similarity in place of the detector's confidence.
    RunResult table = run_footage({"search", "--db", s_db, "--like", id, "--limit", "3"});
    EXPECT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("similarity 0."), std::string::npos) << table.out;
}

TEST_F(VtestAppearance, UpperAndLowerKeepPeopleDressedSo) {
    nlohmann::json ranked = search({"--like", some_person()})["hits"];
    ASSERT_FALSE(ranked.empty());
    const std::string upper = ranked[0]["upper"];
    const std::string lower = ranked[0]["lower"];
    nlohmann::json hits = search({"--object", "person", "--upper", upper, "--lower", lower})["hits"];
    ASSERT_FALSE(hits.empty());
    EXPECT_LT(hits.size(), search({"--object", "person"})["hits"].size());
    for (const nlohmann::json& hit : hits) {
        EXPECT_EQ(hit["upper"], upper);
        EXPECT_EQ(hit["lower"], lower);
    }
}

// The hand-annotated people of tests/data/vtest_identities.json (how: in the file), as
// bench/appearance_eval.cpp ranks them: for most people seen twice, the other sighting is among
// the five most similar (the bar; the bench also has the colour-only baseline).
TEST_F(VtestAppearance, TheOtherSightingOfAPersonIsInTheTopFiveForMostQueries) {
    catalog::Catalog catalog = catalog::Catalog::open(s_db, catalog::Database::Mode::read_only);
    std::ifstream file(source_dir() / "tests/data/vtest_identities.json");
    const nlohmann::json annotation = nlohmann::json::parse(file);
    struct Annotated {
        std::string identity;
        indexers::objects::Appearance appearance;
    };
    std::vector<Annotated> tracks;
    std::set<int64_t> seen;
    for (const nlohmann::json& identity : annotation["identities"]) {
        for (const nlohmann::json& sighting : identity["sightings"]) {
            catalog::Statement query = catalog.db().prepare(
                "SELECT d.recording_id, d.track FROM object_detections d JOIN object_tracks t "
                "USING (recording_id, track) WHERE t.label = 'person' AND abs(d.pts_us - ?) <= "
                "500000 AND ? BETWEEN d.box_x AND d.box_x + d.box_w AND ? BETWEEN d.box_y AND "
                "d.box_y + d.box_h ORDER BY abs(d.pts_us - ?), abs(d.box_x + d.box_w / 2 - ?) + "
                "abs(d.box_y + d.box_h / 2 - ?) LIMIT 1");
            const auto us = static_cast<int64_t>(sighting["t"].get<double>() * 1e6);
            const double x = sighting["x"].get<double>();
            const double y = sighting["y"].get<double>();
            query.bind(1, us).bind(2, x).bind(3, y).bind(4, us).bind(5, x).bind(6, y);
            if (!query.step() || !seen.insert(query.column_int(1)).second) {
                continue;
            }
            std::optional<indexers::objects::Appearance> appearance =
                indexers::objects::load_appearance(catalog, query.column_int(0),
                                                   static_cast<int32_t>(query.column_int(1)));
            ASSERT_TRUE(appearance.has_value());
            tracks.push_back({identity["name"].get<std::string>(), *appearance});
        }
    }
    int queries = 0;
    int found = 0;
    for (const Annotated& query : tracks) {
        std::vector<std::pair<double, bool>> ranked;
        for (const Annotated& other : tracks) {
            if (&other != &query) {
                ranked.emplace_back(
                    indexers::objects::appearance_similarity(query.appearance, other.appearance),
                    other.identity == query.identity);
            }
        }
        if (std::none_of(ranked.begin(), ranked.end(), [](const auto& r) { return r.second; })) {
            continue;
        }
        ++queries;
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        ranked.resize(std::min<size_t>(5, ranked.size()));
        found += std::any_of(ranked.begin(), ranked.end(), [](const auto& r) { return r.second; })
                     ? 1
                     : 0;
    }
    // Queries are annotated tracks with another track of the same person: the fewer tracks a
    // person's walk is split into (or swapped across), the fewer there are (8 before the tracker
    // kept the red-navy man on 4 tracks rather than 6).
    ASSERT_GE(queries, 6);
    EXPECT_GE(found, queries * 3 / 4) << found << " of " << queries << " queries";
}

TEST_F(VtestAppearance, RefusesWhatCannotBeAnswered) {
    EXPECT_EQ(run_footage({"search", "--db", s_db, "--object", "car", "--upper", "red"}).exit_code,
              2);
    EXPECT_EQ(run_footage({"search", "--db", s_db, "--object", "person", "--upper", "pink"})
                  .exit_code,
              2);
    EXPECT_EQ(run_footage({"search", "--db", s_db, "--like", "yard@20200101T100000.000Z+1000ms"})
                  .exit_code,
              2);  // a motion hit's ID
    RunResult unknown =
        run_footage({"search", "--db", s_db, "--like", "yard@20200101T100000.000Z+1000ms#person"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("no such object hit"), std::string::npos) << unknown.err;
    // A class that keeps no look (the detector's stray kites): said so, not "index again".
    nlohmann::json kites = search({"--object", "kite", "--min-confidence", "0.3"})["hits"];
    ASSERT_FALSE(kites.empty());
    for (const char* command : {"search", "trace"}) {
        std::vector<std::string> args = {command, "--db", s_db};
        if (std::string(command) == "search") {
            args.push_back("--like");
        }
        args.push_back(kites[0]["id"].get<std::string>());
        RunResult kite = run_footage(args);
        EXPECT_EQ(kite.exit_code, 2) << command;
        EXPECT_NE(kite.err.find("only people and vehicles"), std::string::npos) << kite.err;
        EXPECT_EQ(kite.err.find("index --objects again"), std::string::npos) << kite.err;
    }
}

TEST_F(VtestAppearance, AMergedCatalogKeepsTheAppearances) {
    const std::string merged = (*s_dir / "merged.db").string();
    RunResult merge = run_footage({"merge", s_db, "--into", merged});
    ASSERT_EQ(merge.exit_code, 0) << merge.err;
    const std::string id = some_person();
    RunResult like = run_footage({"search", "--db", merged, "--json", "--like", id});
    ASSERT_EQ(like.exit_code, 0) << like.err;
    EXPECT_EQ(like.json()["hits"], search({"--like", id})["hits"]);
}

// A shard indexed for objects by the footage before the version-2 look (objects schema 1) cannot
// have its rows copied as they are: its recordings come without that index, named as needing
// `index --objects` again, as opening such a catalog marks its own. A shard of a newer footage
// is refused before anything is written.
TEST_F(VtestAppearance, AShardOfAnOlderObjectIndexMergesWithoutItAndSaysSo) {
    const std::filesystem::path old_shard = *s_dir / "old-shard.db";
    copy_catalog(s_db, old_shard);
    {
        catalog::Catalog shard =
            catalog::Catalog::open(old_shard, catalog::Database::Mode::read_write_create);
        shard.db().exec("DROP TABLE object_appearance");
        shard.db().exec(std::string(indexers::objects::appearance_migrations()[0]));
        shard.db().exec(
            "INSERT INTO object_appearance SELECT id, 1, 'red', 'blue', zeroblob(183) "
            "FROM recordings");
        shard.set_setting("schema.objects", "1");
    }
    const std::string merged = (*s_dir / "merged-old.db").string();
    RunResult merge = run_footage({"merge", old_shard.string(), "--into", merged, "--json"});
    ASSERT_EQ(merge.exit_code, 0) << merge.err;
    const nlohmann::json merged_shard = merge.json()["shards"][0];
    EXPECT_EQ(merged_shard["recordings_added"], 1) << merge.out;
    EXPECT_EQ(merged_shard["outdated_indexes"], nlohmann::json::array({"objects"})) << merge.out;
    {
        catalog::Catalog catalog =
            catalog::Catalog::open(merged, catalog::Database::Mode::read_only);
        for (const catalog::RecordingRow& row : catalog.recordings()) {
            EXPECT_FALSE(row.indexed_by("objects")) << row.path << ": " << row.indexers;
            EXPECT_TRUE(row.indexed_by("motion")) << row.path << ": " << row.indexers;
        }
    }
    RunResult text = run_footage(
        {"merge", old_shard.string(), "--into", (*s_dir / "merged-old-text.db").string()});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("index --objects"), std::string::npos) << text.out;

    const std::filesystem::path new_shard = *s_dir / "new-shard.db";
    copy_catalog(s_db, new_shard);
    {
        catalog::Catalog shard =
            catalog::Catalog::open(new_shard, catalog::Database::Mode::read_write_create);
        shard.set_setting("schema.objects", "99");
    }
    const std::string untouched = (*s_dir / "merged-new.db").string();
    RunResult newer = run_footage({"merge", new_shard.string(), "--into", untouched});
    EXPECT_EQ(newer.exit_code, 2) << newer.err;
    EXPECT_NE(newer.err.find(new_shard.string()), std::string::npos) << newer.err;
    EXPECT_NE(newer.err.find("newer footage"), std::string::npos) << newer.err;
}

}  // namespace
}  // namespace footage::test
