// A tracked object's appearance (search --like): pictures whose answer is known (a person in a
// red top and blue trousers), the stored blob, and the migration that makes old catalogs'
// object indexes be done again.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "indexers/index_tables.hpp"
#include "indexers/objects/appearance.hpp"
#include "indexers/objects/appearance_store.hpp"
#include "indexers/objects/object_indexer.hpp"
#include "lib/catalog/catalog.hpp"
#include "tests/support/run_footage.hpp"

namespace footage::indexers::objects {
namespace {

// A 416 x 416 grey frame with a "person" at `box` (fractions): `top` over `bottom`.
cv::Mat person_picture(const media::Box& box, const cv::Scalar& top, const cv::Scalar& bottom) {
    cv::Mat frame(416, 416, CV_8UC3, cv::Scalar(128, 128, 128));
    const cv::Rect rect(static_cast<int>(box.x * 416), static_cast<int>(box.y * 416),
                        static_cast<int>(box.w * 416), static_cast<int>(box.h * 416));
    frame(cv::Rect(rect.x, rect.y, rect.width, rect.height / 2)).setTo(top);
    frame(cv::Rect(rect.x, rect.y + rect.height / 2, rect.width, rect.height - rect.height / 2))
        .setTo(bottom);
    return frame;
}

const cv::Scalar kRed(30, 30, 210);
const cv::Scalar kBlue(200, 60, 20);

Appearance seen(const cv::Scalar& top, const cv::Scalar& bottom) {
    AppearanceAccumulator accumulator;
    const media::Box box{0.4, 0.3, 0.1, 0.4};
    for (int frame = 0; frame < 3; ++frame) {
        accumulator.add(7, person_picture(box, top, bottom), box, 0.8f);
    }
    std::optional<Appearance> appearance = accumulator.appearance(7);
    EXPECT_TRUE(appearance.has_value());
    return appearance.value_or(Appearance{});
}

TEST(Appearance, NamesTheColoursOfAPersonsUpperAndLowerHalves) {
    Appearance a = seen(kRed, kBlue);
    EXPECT_EQ(a.upper_color, "red");
    EXPECT_EQ(a.lower_color, "blue");
}

TEST(Appearance, SameClothesAreMoreAlikeThanSwappedOnes) {
    Appearance red_blue = seen(kRed, kBlue);
    Appearance again = seen(kRed, kBlue);
    Appearance blue_red = seen(kBlue, kRed);
    EXPECT_GT(appearance_similarity(red_blue, again), 0.95);
    EXPECT_LT(appearance_similarity(red_blue, blue_red), 0.5);
}

TEST(Appearance, SameClothesInTheShadeStayAlike) {
    // The same red top and blue trousers at half the light (another camera, a cloud), against
    // someone in the same light dressed in red over green.
    Appearance sunny = seen(kRed, kBlue);
    Appearance shade = seen(kRed * 0.5, kBlue * 0.5);
    Appearance other = seen(kRed, cv::Scalar(40, 160, 40));
    EXPECT_GT(appearance_similarity(sunny, shade), 0.9);
    EXPECT_GT(appearance_similarity(sunny, shade), appearance_similarity(sunny, other));
}

TEST(Appearance, StripesTellTheTopFromTheMiddle) {
    // Red over blue split at the middle, against blue from a third down: both red over blue by
    // their halves' colours; the middle stripe tells them apart.
    cv::Mat frame(416, 416, CV_8UC3, cv::Scalar(128, 128, 128));
    const cv::Rect rect(160, 100, 60, 180);
    frame(rect).setTo(kBlue);
    frame(cv::Rect(rect.x, rect.y, rect.width, rect.height / 3)).setTo(kRed);
    const std::array<ColorHistogram, kStripes> stripes = stripe_histograms(frame, rect);
    Appearance short_top;
    short_top.stripes = stripes;
    Appearance long_top = seen(kRed, kBlue);
    EXPECT_GT(appearance_similarity(long_top, short_top), 0.5);
    EXPECT_LT(appearance_similarity(long_top, short_top), 0.92);  // same clothes: above 0.95
}

TEST(Appearance, StoresIn32BytesAndReadsBackTheSameLook) {
    Appearance a = seen(kRed, kBlue);
    const std::vector<uint8_t> blob = encode_appearance(a);
    EXPECT_LE(blob.size(), 32u);
    std::optional<Appearance> back = decode_appearance(blob);
    ASSERT_TRUE(back.has_value());
    EXPECT_GT(appearance_similarity(a, *back), 0.99);
    EXPECT_EQ(back->upper_color, "red");
    EXPECT_EQ(back->lower_color, "blue");
    // Version 1 (network features and halves, 183 bytes) is not compared with this one.
    std::vector<uint8_t> older(183, 0);
    older[0] = 1;
    EXPECT_FALSE(decode_appearance(older).has_value());
    std::vector<uint8_t> newer = blob;
    newer[0] = 3;
    EXPECT_FALSE(decode_appearance(newer).has_value());
}

TEST(Appearance, PeopleAndVehiclesKeepALook) {
    EXPECT_TRUE(keeps_look("person"));
    EXPECT_TRUE(keeps_look("car"));
    EXPECT_TRUE(keeps_look("truck"));
    EXPECT_FALSE(keeps_look("kite"));
    EXPECT_FALSE(keeps_look("airplane"));
}

// A one-minute recording of camera ch01 at `path`, starting `minute` minutes in, done by
// `indexers`.
int64_t put_minute(catalog::Catalog& catalog, const std::string& path, int64_t minute,
                   const std::string& indexers) {
    catalog.upsert_camera({"ch01", 1, "", 0});
    catalog::RecordingRow row;
    row.path = path;
    row.camera_id = "ch01";
    row.size = 100;
    row.mtime_ns = 1;
    row.sha256 = std::string(64, 'a');
    row.start_recorder_us = minute * 60'000'000;
    row.duration_us = 60'000'000;
    row.time_source = "declared";
    row.indexed_at_us = 1;
    const int64_t id = catalog.put_recording(row);
    catalog.set_recording_indexers(id, indexers);
    return id;
}

TEST(Appearance, AnOldCatalogsObjectIndexesAreToBeDoneAgain) {
    test::TempDir dir;
    catalog::Catalog catalog =
        catalog::Catalog::open(dir / "c.db", catalog::Database::Mode::read_write_create);
    const int64_t id = put_minute(catalog, "/d/a.mp4", 0, "motion,objects");
    const int64_t motion_only = put_minute(catalog, "/d/b.mp4", 1, "motion");
    migrate_tables(catalog, object_indexer_info());
    std::map<int64_t, std::string> indexers;
    for (const catalog::RecordingRow& r : catalog.recordings()) {
        indexers[r.id] = r.indexers;
    }
    EXPECT_EQ(indexers[id], "motion");
    EXPECT_EQ(indexers[motion_only], "motion");
    EXPECT_TRUE(has_table(catalog, "object_appearance"));
}

TEST(Appearance, RecordingsWithVersionOneDescriptorsAreIndexedAgain) {
    test::TempDir dir;
    catalog::Catalog catalog =
        catalog::Catalog::open(dir / "c.db", catalog::Database::Mode::read_write_create);
    const int64_t old_look = put_minute(catalog, "/d/a.mp4", 0, "motion,objects");
    const int64_t no_tracks = put_minute(catalog, "/d/b.mp4", 1, "motion,objects");
    // The catalog as the footage of version 1 descriptors left it.
    catalog.db().exec(std::string(appearance_migrations()[0]));
    catalog.set_setting("schema.objects", "1");
    catalog.set_recording_indexers(old_look, "motion,objects");
    catalog.set_recording_indexers(no_tracks, "motion,objects");
    catalog.db()
        .prepare("INSERT INTO object_appearance VALUES(?, 1, 'red', 'blue', zeroblob(183))")
        .bind(1, old_look)
        .run();
    migrate_tables(catalog, object_indexer_info());
    std::map<int64_t, std::string> indexers;
    for (const catalog::RecordingRow& r : catalog.recordings()) {
        indexers[r.id] = r.indexers;
    }
    EXPECT_EQ(indexers[old_look], "motion");
    EXPECT_EQ(indexers[no_tracks], "motion,objects");
}

}  // namespace
}  // namespace footage::indexers::objects
