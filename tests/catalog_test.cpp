#include <gtest/gtest.h>

#include <filesystem>

#include "lib/catalog/camera_select.hpp"
#include "lib/catalog/catalog.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/catalog/schema.hpp"
#include "lib/util/error.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::catalog {
namespace {

using test::TempDir;

RecordingRow recording(const std::string& path, const std::string& camera, int64_t start_s,
                       int64_t duration_s) {
    RecordingRow row;
    row.path = path;
    row.camera_id = camera;
    row.size = 100;
    row.mtime_ns = 1;
    row.sha256 = std::string(64, 'a');
    row.start_recorder_us = start_s * 1'000'000;
    row.duration_us = duration_s * 1'000'000;
    row.time_source = "declared";
    row.indexed_at_us = 1;
    return row;
}

TEST(Catalog, CreatesSchemaAtCurrentVersionInWalMode) {
    TempDir dir;
    Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
    EXPECT_EQ(schema_version(catalog.db()), current_schema_version());
    Statement journal = catalog.db().prepare("PRAGMA journal_mode");
    ASSERT_TRUE(journal.step());
    EXPECT_EQ(journal.column_text(0), "wal");
    Statement check = catalog.db().prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.column_text(0), "ok");
}

TEST(Catalog, ReadOnlyOpenOfMissingCatalogNamesThePath) {
    TempDir dir;
    try {
        Catalog::open(dir / "missing.db", Database::Mode::read_only);
        FAIL() << "expected CatalogError";
    } catch (const CatalogError& error) {
        EXPECT_NE(std::string(error.what()).find("missing.db"), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST(Catalog, RefusesANewerSchema) {
    TempDir dir;
    {
        Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
        catalog.db().exec("PRAGMA user_version = 999");
    }
    EXPECT_THROW(Catalog::open(dir / "c.db", Database::Mode::read_write_create), CatalogError);
}

TEST(Catalog, MigratesAVersion1CatalogForwardKeepingItsRecordings) {
    TempDir dir;
    {
        Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
        catalog.upsert_camera({"ch01", 1, "", 0});
        catalog.put_recording(recording("/d/a.mp4", "ch01", 100, 60));
        // Turn it back into what schema version 1 wrote: cameras and recordings only.
        catalog.db().exec(
            "DROP TABLE motion_meta; DROP TABLE motion_chunks; DROP TABLE motion_events;"
            "DROP TABLE custody; DROP TABLE clips; DROP TABLE object_meta;"
            "DROP TABLE object_tracks; DROP TABLE object_detections; PRAGMA user_version = 1;");
    }
    Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
    EXPECT_EQ(schema_version(catalog.db()), current_schema_version());
    ASSERT_EQ(catalog.recordings().size(), 1u);
    Statement tables = catalog.db().prepare(
        "SELECT count(*) FROM sqlite_master WHERE name IN ('motion_chunks', 'custody', "
        "'object_tracks')");
    ASSERT_TRUE(tables.step());
    EXPECT_EQ(tables.column_int(0), 3);
}

TEST(Catalog, MigratesVersion3MotionChunksIntoARowidTableKeepingThem) {
    TempDir dir;
    int64_t id = 0;
    {
        Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
        catalog.upsert_camera({"ch01", 1, "", 0});
        id = catalog.put_recording(recording("/d/a.mp4", "ch01", 100, 60));
        // What schema version 3 had: chunks in a WITHOUT ROWID table, peaks dense.
        catalog.db().exec(
            "DROP TABLE object_meta; DROP TABLE object_tracks; DROP TABLE object_detections;"
            "DROP TABLE motion_chunks; CREATE TABLE motion_chunks (recording_id INTEGER NOT NULL "
            "REFERENCES recordings(id) ON DELETE CASCADE, start_us INTEGER NOT NULL, end_us "
            "INTEGER NOT NULL, peak BLOB NOT NULL, frames BLOB NOT NULL, PRIMARY KEY "
            "(recording_id, start_us)) WITHOUT ROWID; PRAGMA user_version = 3;");
        catalog.db()
            .prepare("INSERT INTO motion_chunks VALUES(?, 0, 20000000, zeroblob(576), x'00')")
            .bind(1, id)
            .run();
    }
    Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
    EXPECT_EQ(schema_version(catalog.db()), current_schema_version());
    Statement chunks = catalog.db().prepare(
        "SELECT recording_id, end_us, length(peak) FROM motion_chunks WHERE start_us = 0");
    ASSERT_TRUE(chunks.step());
    EXPECT_EQ(chunks.column_int(0), id);
    EXPECT_EQ(chunks.column_int(1), 20000000);
    EXPECT_EQ(chunks.column_int(2), 576);
}

TEST(Catalog, ReplacingARecordingDropsItsOldRow) {
    TempDir dir;
    Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
    catalog.upsert_camera({"ch01", 1, "", 0});
    catalog.put_recording(recording("/d/a.mp4", "ch01", 100, 60));
    RecordingRow changed = recording("/d/a.mp4", "ch01", 100, 30);
    changed.sha256 = std::string(64, 'b');
    catalog.put_recording(changed);
    std::vector<RecordingRow> rows = catalog.recordings();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].sha256, std::string(64, 'b'));
    EXPECT_EQ(rows[0].duration_us, 30'000'000);
}

TEST(Catalog, UncommittedTransactionLeavesNothing) {
    TempDir dir;
    Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
    {
        Transaction transaction(catalog.db());
        catalog.upsert_camera({"ch01", 1, "", 0});
        catalog.put_recording(recording("/d/a.mp4", "ch01", 100, 60));
        // no commit: as if the process died here
    }
    EXPECT_TRUE(catalog.recordings().empty());
    EXPECT_TRUE(catalog.cameras().empty());
}

TEST(Catalog, ClockOffsetKeptAcrossCameraRefresh) {
    TempDir dir;
    Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
    catalog.upsert_camera({"ch01", 1, "", 0});
    catalog.set_clock_offset("ch01", -90'000'000);
    catalog.upsert_camera({"ch01", 1, "", 0});
    EXPECT_EQ(catalog.camera("ch01")->clock_offset_us, -90'000'000);
    EXPECT_THROW(catalog.set_clock_offset("nope", 1), UsageError);
}

TEST(Coverage, GapsBetweenRecordingsAndOffsetApplied) {
    TempDir dir;
    Catalog catalog = Catalog::open(dir / "c.db", Database::Mode::read_write_create);
    catalog.upsert_camera({"ch01", 1, "", 0});
    catalog.put_recording(recording("/d/1.mp4", "ch01", 0, 60));
    catalog.put_recording(recording("/d/2.mp4", "ch01", 61, 60));   // 1 s late: not a gap
    catalog.put_recording(recording("/d/3.mp4", "ch01", 300, 60));  // a real gap
    catalog.set_clock_offset("ch01", 10'000'000);
    std::vector<CameraCoverage> coverage = camera_coverage(catalog);
    ASSERT_EQ(coverage.size(), 1u);
    EXPECT_EQ(coverage[0].recordings, 3);
    EXPECT_EQ(coverage[0].first_us, 10'000'000);
    EXPECT_EQ(coverage[0].last_us, 370'000'000);
    EXPECT_EQ(coverage[0].covered_us, 180'000'000);
    ASSERT_EQ(coverage[0].gaps.size(), 1u);
    EXPECT_EQ(coverage[0].gaps[0].start_utc_us, 131'000'000);
    EXPECT_EQ(coverage[0].gaps[0].end_utc_us, 310'000'000);
}

TEST(CameraSelect, ChannelSpellingsSelectTheCamera) {
    std::vector<CameraRow> cameras = {
        {"ch03", 3, "", 0}, {"ch12", 12, "", 0}, {"cam04", {}, "", 0}};
    EXPECT_EQ(select_camera(cameras, "3"), "ch03");
    EXPECT_EQ(select_camera(cameras, "03"), "ch03");
    EXPECT_EQ(select_camera(cameras, "ch03"), "ch03");
    EXPECT_EQ(select_camera(cameras, "CH3"), "ch03");
    EXPECT_EQ(select_camera(cameras, "12"), "ch12");
    EXPECT_EQ(select_camera(cameras, "4"), "cam04");
    EXPECT_EQ(select_camera(cameras, "cam04"), "cam04");
    EXPECT_THROW(select_camera(cameras, "7"), UsageError);
}

TEST(CameraSelect, AmbiguousChannelListsTheChoices) {
    std::vector<CameraRow> cameras = {{"NVR01/ch03", 3, "NVR01", 0}, {"NVR02/ch03", 3, "NVR02", 0}};
    try {
        select_camera(cameras, "3");
        FAIL() << "expected an ambiguity error";
    } catch (const UsageError& error) {
        std::string message = error.what();
        EXPECT_NE(message.find("NVR01/ch03"), std::string::npos) << message;
        EXPECT_NE(message.find("NVR02/ch03"), std::string::npos) << message;
    }
    EXPECT_EQ(select_camera(cameras, "NVR02/3"), "NVR02/ch03");
    EXPECT_EQ(select_camera(cameras, "nvr01/ch03"), "NVR01/ch03");
}

}  // namespace
}  // namespace footage::catalog
