// End to end: the tracks of vtest.avi's object index, as `search --object person` shows them.
// The clip's three traffic cones are taken for people (17-28 px, confidence 0.30-0.41); a hit
// whose boxes hop between a cone and a person would show the cone as its thumbnail, give it a
// look half cone and half person, and last as long as the cone stands.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/media/box.hpp"
#include "tests/support/run_footage.hpp"
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

// Who is who in two stretches of the clip, every 0.4 s, named by looking at the frames
// (tests/data/vtest_tracks.json; bench/tracking_score.py scores the same way). Each point goes to
// the person track whose box holds it at that time; a track holding two people is a hit whose
// thumbnail, times and look mix them. Measured: in the stretch the tracker was tuned on, 0 such
// tracks (3 before it kept neighbours' boxes apart); in the held-out one, 1 (3 before).
struct StretchScore {
    int points = 0;
    int mapped = 0;
    int switches = 0;                           // an identity's consecutive points on two tracks
    std::map<int64_t, std::set<std::string>> holds;  // track: the identities it holds
    int swaps() const {
        int n = 0;
        for (const auto& [track, names] : holds) {
            n += names.size() > 1 ? 1 : 0;
        }
        return n;
    }
};

StretchScore score_stretch(catalog::Catalog& catalog, const nlohmann::json& stretch) {
    StretchScore score;
    for (const nlohmann::json& identity : stretch["identities"]) {
        const std::string name = identity["name"].get<std::string>();
        int64_t previous = -1;
        for (const nlohmann::json& point : identity["points"]) {
            ++score.points;
            const int64_t pts_us = std::llround(point["t"].get<double>() * 10) * 100'000;
            const double x = point["x"].get<double>();
            const double y = point["y"].get<double>();
            catalog::Statement query = catalog.db().prepare(
                "SELECT d.track FROM object_detections d JOIN object_tracks t USING "
                "(recording_id, track) WHERE t.label = 'person' AND d.pts_us = ? AND ? BETWEEN "
                "d.box_x AND d.box_x + d.box_w AND ? BETWEEN d.box_y AND d.box_y + d.box_h ORDER "
                "BY max(abs(? - d.box_x - d.box_w / 2) / d.box_w, abs(? - d.box_y - d.box_h / 2) "
                "/ d.box_h) LIMIT 1");
            query.bind(1, pts_us).bind(2, x).bind(3, y).bind(4, x).bind(5, y);
            if (!query.step()) {
                continue;
            }
            ++score.mapped;
            const int64_t track = query.column_int(0);
            if (previous >= 0 && previous != track) {
                ++score.switches;
            }
            previous = track;
            score.holds[track].insert(name);
        }
    }
    return score;
}

TEST_F(VtestTracks, PeopleWalkingTogetherOrCrossingAreNotOneHit) {
    catalog::Catalog catalog = catalog::Catalog::open(s_db, catalog::Database::Mode::read_only);
    std::ifstream file(source_dir() / "tests/data/vtest_tracks.json");
    const nlohmann::json annotation = nlohmann::json::parse(file);
    ASSERT_EQ(annotation["stretches"].size(), 2u);
    for (const nlohmann::json& stretch : annotation["stretches"]) {
        const std::string role = stretch["role"].get<std::string>();
        const StretchScore score = score_stretch(catalog, stretch);
        // The detector boxes nearly every annotated person (the points are its boxes' centres).
        EXPECT_GE(score.mapped, score.points * 9 / 10) << role;
        for (const auto& [track, names] : score.holds) {
            if (names.size() > 1) {
                std::string all;
                for (const std::string& n : names) {
                    all += " | " + n;
                }
                std::cout << role << ": person track " << track << " holds" << all << "\n";
            }
        }
        const int allowed = role == "tune" ? 0 : 1;
        EXPECT_LE(score.swaps(), allowed) << role << ": tracks holding two people";
        EXPECT_LE(score.switches, role == "tune" ? 1 : 3) << role << ": identity switches";
    }
}

}  // namespace
}  // namespace footage::test
