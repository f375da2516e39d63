// End to end: the tracks of vtest.avi's object index, as `search --object person` shows them.
// The clip's three traffic cones are taken for people (17-28 px, confidence 0.30-0.41); a hit
// whose boxes hop between a cone and a person would show the cone as its thumbnail, give it a
// look half cone and half person, and last as long as the cone stands.
#include <gtest/gtest.h>

#include <map>

#include "lib/catalog/catalog.hpp"
#include "lib/media/box.hpp"
#include "tests/support/vtest_objects.hpp"

namespace footage::test {
namespace {

class VtestTracks : public VtestObjectIndex {};

// Where the cones stand, in pixels of the 768 x 576 frame (looked at in the frames).
const media::Box kCones[] = {{163, 187, 17, 20}, {163, 251, 28, 26}, {291, 187, 17, 24}};

bool on_a_cone(const media::Box& pixels) {
    for (const media::Box& cone : kCones) {
        const double dx = (pixels.x + pixels.w / 2) - (cone.x + cone.w / 2);
        const double dy = (pixels.y + pixels.h / 2) - (cone.y + cone.h / 2);
        if (std::abs(dx) < cone.w / 2 && std::abs(dy) < cone.h / 2 && pixels.h < 2 * cone.h) {
            return true;
        }
    }
    return false;
}

TEST_F(VtestTracks, NoPersonHitHopsBetweenAConeAndAPerson) {
    catalog::Catalog catalog = catalog::Catalog::open(s_db, catalog::Database::Mode::read_only);
    catalog::Statement query = catalog.db().prepare(
        "SELECT d.track, d.box_x, d.box_y, d.box_w, d.box_h FROM object_detections d JOIN "
        "object_tracks t USING (recording_id, track) WHERE t.label = 'person' AND "
        "t.confidence >= 0.4");
    std::map<int64_t, std::pair<int, int>> sightings;  // track: on a cone, elsewhere
    while (query.step()) {
        const media::Box pixels{query.column_double(1) * 768, query.column_double(2) * 576,
                                query.column_double(3) * 768, query.column_double(4) * 576};
        auto& [cone, elsewhere] = sightings[query.column_int(0)];
        (on_a_cone(pixels) ? cone : elsewhere) += 1;
    }
    ASSERT_GE(sightings.size(), 15u);
    int mixed = 0;
    for (const auto& [track, counts] : sightings) {
        if (counts.first > 0 && counts.second > 0) {
            ++mixed;
            ADD_FAILURE() << "person track " << track << ": " << counts.first
                          << " sightings on a cone, " << counts.second << " elsewhere";
        }
    }
    EXPECT_EQ(mixed, 0);
}

}  // namespace
}  // namespace footage::test
