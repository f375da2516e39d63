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

Appearance seen(const cv::Scalar& top, const cv::Scalar& bottom, const cv::Mat& features = {}) {
    AppearanceAccumulator accumulator;
    const media::Box box{0.4, 0.3, 0.1, 0.4};
    for (int frame = 0; frame < 3; ++frame) {
        accumulator.add(7, person_picture(box, top, bottom), features, box, 0.8f);
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
    EXPECT_GT(color_similarity(red_blue, again), 0.95);
    EXPECT_LT(color_similarity(red_blue, blue_red), 0.2);
    EXPECT_GT(appearance_similarity(red_blue, again), appearance_similarity(red_blue, blue_red));
}

TEST(Appearance, PoolsTheFeaturesInsideTheBoxOnly) {
    // A [1, 128, 52, 52] map: channel 3 lit inside the box, channel 9 everywhere else.
    const int sizes[] = {1, static_cast<int>(kFeatureChannels), 52, 52};
    cv::Mat map(4, sizes, CV_32F, cv::Scalar(0));
    auto* data = reinterpret_cast<float*>(map.data);
    const media::Box box{0.25, 0.25, 0.5, 0.5};
    for (int y = 0; y < 52; ++y) {
        for (int x = 0; x < 52; ++x) {
            const bool inside = x >= 13 && x < 39 && y >= 13 && y < 39;
            data[(inside ? 3 : 9) * 52 * 52 + y * 52 + x] = 1.0f;
        }
    }
    std::array<float, kFeatureChannels> pooled = pooled_features(map, box);
    EXPECT_NEAR(pooled[3], 1.0f, 1e-5);
    EXPECT_NEAR(pooled[9], 0.0f, 1e-5);
}

TEST(Appearance, StoresInAFewHundredBytesAndReadsBackTheSameLook) {
    Appearance a = seen(kRed, kBlue);
    a.features[5] = 0.6f;
    a.features[100] = -0.8f;
    const std::vector<uint8_t> blob = encode_appearance(a);
    EXPECT_LE(blob.size(), 200u);
    std::optional<Appearance> back = decode_appearance(blob);
    ASSERT_TRUE(back.has_value());
    EXPECT_GT(color_similarity(a, *back), 0.99);
    EXPECT_NEAR(back->features[5], 0.6f, 0.01f);
    EXPECT_NEAR(back->features[100], -0.8f, 0.01f);
    std::vector<uint8_t> newer = blob;
    newer[0] = 2;
    EXPECT_FALSE(decode_appearance(newer).has_value());
}

TEST(Appearance, AnOldCatalogsObjectIndexesAreToBeDoneAgain) {
    test::TempDir dir;
    catalog::Catalog catalog =
        catalog::Catalog::open(dir / "c.db", catalog::Database::Mode::read_write_create);
    catalog.upsert_camera({"ch01", 1, "", 0});
    catalog::RecordingRow row;
    row.path = "/d/a.mp4";
    row.camera_id = "ch01";
    row.size = 100;
    row.mtime_ns = 1;
    row.sha256 = std::string(64, 'a');
    row.start_recorder_us = 0;
    row.duration_us = 60'000'000;
    row.time_source = "declared";
    row.indexed_at_us = 1;
    const int64_t id = catalog.put_recording(row);
    catalog.set_recording_indexers(id, "motion,objects");
    row.path = "/d/b.mp4";
    row.start_recorder_us = 60'000'000;
    const int64_t motion_only = catalog.put_recording(row);
    catalog.set_recording_indexers(motion_only, "motion");
    migrate_tables(catalog, object_indexer_info());
    std::map<int64_t, std::string> indexers;
    for (const catalog::RecordingRow& r : catalog.recordings()) {
        indexers[r.id] = r.indexers;
    }
    EXPECT_EQ(indexers[id], "motion");
    EXPECT_EQ(indexers[motion_only], "motion");
    EXPECT_TRUE(has_table(catalog, "object_appearance"));
}

}  // namespace
}  // namespace footage::indexers::objects
