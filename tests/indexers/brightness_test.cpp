// The test-only indexer (tests/indexers/brightness) through every stage an indexer takes part
// in: index, merge, search as its own hit kind with its own filter, and the report. Nothing of
// footage was changed for it: it is found through the registry only.
#include <gtest/gtest.h>

#include <filesystem>

#include "lib/catalog/catalog.hpp"
#include "lib/ingest/ingest.hpp"
#include "lib/ingest/merge.hpp"
#include "lib/report/report_writer.hpp"
#include "lib/search/hit_json.hpp"
#include "lib/search/query_json.hpp"
#include "lib/search/search.hpp"
#include "lib/timecode/zone.hpp"
#include "lib/util/error.hpp"
#include "tests/indexers/test_registry.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

int64_t count_rows(catalog::Catalog& catalog, const std::string& table) {
    catalog::Statement query = catalog.db().prepare("SELECT COUNT(*) FROM " + table);
    query.step();
    return query.column_int(0);
}

TEST(TestIndexer, IndexesMergesSearchesAndReportsAsItsOwnHitKind) {
    register_test_indexers();
    TempDir dir;
    const timecode::Zone zone = timecode::Zone::parse("Asia/Ho_Chi_Minh");
    const fs::path nvr = generated_drive() / "NVR";
    const std::vector<fs::path> files = {nvr / "ch01_20201103140000_20201103140030.mp4",
                                         nvr / "ch01_20201103140030_20201103140100.mp4"};

    // Index: each file into a shard of its own, with the test indexer only.
    int64_t samples = 0;
    std::vector<fs::path> shards;
    for (size_t i = 0; i < files.size(); ++i) {
        shards.push_back(dir / ("shard" + std::to_string(i) + ".db"));
        catalog::Catalog shard =
            catalog::Catalog::open(shards.back(), catalog::Database::Mode::read_write_create);
        ingest::IngestOptions options;
        options.inputs = {files[i]};
        options.zone = zone;
        options.indexers = {"brightness"};
        options.operator_name = "test";
        ingest::IngestReport report = ingest::ingest(shard, options);
        ASSERT_EQ(report.count(ingest::Outcome::added), 1) << report.files.at(0).reason;
        EXPECT_GT(report.files[0].frames_decoded, 0);
        samples += count_rows(shard, "brightness_samples");
        // Indexing again for the same indexer does nothing.
        EXPECT_EQ(ingest::ingest(shard, options).count(ingest::Outcome::unchanged), 1);
    }
    EXPECT_GT(samples, 2 * 20);

    // Merge: its table travels with the recordings.
    catalog::Catalog merged =
        catalog::Catalog::open(dir / "merged.db", catalog::Database::Mode::read_write_create);
    ingest::merge_shards(merged, shards, "test", 0);
    EXPECT_EQ(count_rows(merged, "brightness_samples"), samples);
    for (const catalog::RecordingRow& row : merged.recordings()) {
        EXPECT_EQ(row.indexers, "brightness") << row.path;
    }

    // Search: its filter selects its kind; each recording is one "bright" hit.
    search::Query query;
    query.filters["min-brightness"] = 1.0;
    search::SearchResult found = search::search(merged, query);
    ASSERT_EQ(found.hits.size(), 2u);
    EXPECT_EQ(found.recordings_searched, 2);
    for (const search::Hit& hit : found.hits) {
        EXPECT_EQ(hit.kind, "bright");
        EXPECT_TRUE(hit.id.ends_with("#bright")) << hit.id;
        nlohmann::json json = search::hit_json(hit, zone);
        EXPECT_GT(json["brightness"].get<double>(), 1.0) << json.dump();
        EXPECT_LE(json["brightness"].get<double>(), 255.0);
    }
    EXPECT_EQ(found.hits[1].start_utc_us - found.hits[0].start_utc_us, 30'000'000);
    nlohmann::json asked = search::query_json(query, zone);
    EXPECT_EQ(asked["kind"], "bright");
    EXPECT_EQ(asked["min_brightness"], 1.0);
    EXPECT_EQ(asked["sensitivity"], 5);  // the other kinds' keys stay, at their defaults
    query.filters["min-brightness"] = 255.0;
    EXPECT_TRUE(search::search(merged, query).hits.empty());
    query.filters["min-brightness"] = 300.0;
    EXPECT_THROW(search::search(merged, query), UsageError);
    // The built-in kinds are untouched: nothing here has a motion index.
    search::SearchResult motion = search::search(merged, search::Query{});
    EXPECT_TRUE(motion.hits.empty());
    EXPECT_EQ(motion.not_indexed.size(), 2u);

    // Report: its hits, filter and rows are in report.json and index.html.
    report::ReportRequest request;
    request.query.filters["min-brightness"] = 1.0;
    request.operator_name = "test";
    report::ReportResult written = report::write_report(merged, request, dir / "report", zone);
    EXPECT_EQ(written.hits, 2);
    nlohmann::json report = read_json(dir / "report" / "report.json");
    EXPECT_EQ(report["filters"]["kind"], "bright");
    EXPECT_EQ(report["filters"]["min_brightness"], 1.0);
    ASSERT_EQ(report["hits"].size(), 2u);
    EXPECT_EQ(report["hits"][0]["kind"], "bright");
    EXPECT_EQ(report["hits"][0]["id"], found.hits[0].id);
    EXPECT_TRUE(report["hits"][0].contains("brightness"));
    const std::string html = read_file(dir / "report" / "index.html");
    EXPECT_NE(html.find("<th>Brightness</th>"), std::string::npos);
    EXPECT_NE(html.find("Where (the whole frame)"), std::string::npos);
}

}  // namespace
}  // namespace footage::test
