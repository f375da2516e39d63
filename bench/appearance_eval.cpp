// How well `search --like` finds a person again, on a catalog of vtest.avi and the identities
// annotated by hand in tests/data/vtest_identities.json: for every annotated person track with
// another sighting of the same identity, the other annotated tracks ranked by the stored
// appearance (as search --like ranks them), by its colours alone (the baseline) and by the
// network's features alone; rank-1, rank-5 and mean average precision of each.
// Usage: footage_appearance_eval CATALOG IDENTITIES.json
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "indexers/objects/appearance.hpp"
#include "indexers/objects/appearance_store.hpp"
#include "lib/catalog/catalog.hpp"

namespace {

using footage::indexers::objects::Appearance;

struct Annotated {
    int32_t track = 0;
    std::string identity;
    Appearance appearance;
};

// The person track seen at `seconds` (within half a second) with its box around the point.
std::optional<int32_t> track_at(footage::catalog::Catalog& catalog, double seconds, double x,
                                double y) {
    footage::catalog::Statement query = catalog.db().prepare(
        "SELECT d.track FROM object_detections d JOIN object_tracks t USING (recording_id, track) "
        "WHERE t.label = 'person' AND abs(d.pts_us - ?) <= 500000 AND ? BETWEEN d.box_x AND "
        "d.box_x + d.box_w AND ? BETWEEN d.box_y AND d.box_y + d.box_h "
        "ORDER BY abs(d.pts_us - ?), abs(d.box_x + d.box_w / 2 - ?) + abs(d.box_y + d.box_h / 2 "
        "- ?) LIMIT 1");
    const auto us = static_cast<int64_t>(seconds * 1e6);
    query.bind(1, us).bind(2, x).bind(3, y).bind(4, us).bind(5, x).bind(6, y);
    if (!query.step()) {
        return std::nullopt;
    }
    return static_cast<int32_t>(query.column_int(0));
}

struct Score {
    double rank1 = 0;
    double rank5 = 0;
    double map = 0;
};

Score evaluate(const std::vector<Annotated>& tracks,
               const std::function<double(const Appearance&, const Appearance&)>& similarity,
               int& queries) {
    Score score;
    queries = 0;
    for (const Annotated& query : tracks) {
        std::vector<std::pair<double, bool>> ranked;
        for (const Annotated& other : tracks) {
            if (&other != &query) {
                ranked.emplace_back(similarity(query.appearance, other.appearance),
                                    other.identity == query.identity);
            }
        }
        const auto positives = std::count_if(ranked.begin(), ranked.end(),
                                             [](const auto& r) { return r.second; });
        if (positives == 0) {
            continue;
        }
        ++queries;
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        score.rank1 += ranked[0].second ? 1 : 0;
        score.rank5 += std::any_of(ranked.begin(), ranked.begin() + std::min<size_t>(5, ranked.size()),
                                   [](const auto& r) { return r.second; })
                           ? 1
                           : 0;
        double hits = 0;
        double precision_sum = 0;
        for (size_t i = 0; i < ranked.size(); ++i) {
            if (ranked[i].second) {
                hits += 1;
                precision_sum += hits / static_cast<double>(i + 1);
            }
        }
        score.map += precision_sum / static_cast<double>(positives);
    }
    if (queries > 0) {
        score.rank1 /= queries;
        score.rank5 /= queries;
        score.map /= queries;
    }
    return score;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: footage_appearance_eval CATALOG IDENTITIES.json\n");
        return 2;
    }
    footage::catalog::Catalog catalog =
        footage::catalog::Catalog::open(argv[1], footage::catalog::Database::Mode::read_only);
    footage::catalog::Statement recording =
        catalog.db().prepare("SELECT id FROM recordings ORDER BY id LIMIT 1");
    if (!recording.step()) {
        std::fprintf(stderr, "%s: no recording\n", argv[1]);
        return 2;
    }
    const int64_t recording_id = recording.column_int(0);
    std::ifstream file(argv[2]);
    const nlohmann::json annotation = nlohmann::json::parse(file);
    std::vector<Annotated> tracks;
    std::set<int32_t> seen;
    int32_t unmatched = 0;
    for (const nlohmann::json& identity : annotation["identities"]) {
        for (const nlohmann::json& sighting : identity["sightings"]) {
            std::optional<int32_t> track = track_at(catalog, sighting["t"].get<double>(),
                                                    sighting["x"].get<double>(),
                                                    sighting["y"].get<double>());
            if (!track) {
                ++unmatched;
                continue;
            }
            if (!seen.insert(*track).second) {
                continue;  // two sightings the tracker had already linked
            }
            std::optional<Appearance> appearance =
                footage::indexers::objects::load_appearance(catalog, recording_id, *track);
            if (appearance) {
                tracks.push_back({*track, identity["name"].get<std::string>(), *appearance});
            }
        }
    }
    int queries = 0;
    const Score combined =
        evaluate(tracks, footage::indexers::objects::appearance_similarity, queries);
    const Score colour = evaluate(tracks, footage::indexers::objects::color_similarity, queries);
    const Score features =
        evaluate(tracks, footage::indexers::objects::feature_similarity, queries);
    std::printf("annotated tracks %zu (sightings without a track: %d), queries %d\n", tracks.size(),
                unmatched, queries);
    std::printf("%-28s %7s %7s %7s\n", "ranking", "rank-1", "rank-5", "mAP");
    for (const auto& [name, s] : std::vector<std::pair<const char*, Score>>{
             {"appearance (search --like)", combined},
             {"colour only (baseline)", colour},
             {"network features only", features}}) {
        std::printf("%-28s %7.3f %7.3f %7.3f\n", name, s.rank1, s.rank5, s.map);
    }
    // The features with the mean of the gallery taken away (what every person shares).
    std::vector<Annotated> centred = tracks;
    std::array<double, footage::indexers::objects::kFeatureChannels> mean{};
    for (const Annotated& t : tracks) {
        for (size_t i = 0; i < mean.size(); ++i) {
            mean[i] += t.appearance.features[i] / static_cast<double>(tracks.size());
        }
    }
    for (Annotated& t : centred) {
        double length = 0;
        for (size_t i = 0; i < mean.size(); ++i) {
            t.appearance.features[i] -= static_cast<float>(mean[i]);
            length += t.appearance.features[i] * t.appearance.features[i];
        }
        for (float& v : t.appearance.features) {
            v = static_cast<float>(v / std::sqrt(std::max(length, 1e-12)));
        }
    }
    for (double weight : {1.0, 0.1, 0.2, 0.3, 0.5}) {
        const Score s = evaluate(
            centred,
            [weight](const Appearance& a, const Appearance& b) {
                return weight * footage::indexers::objects::feature_similarity(a, b) +
                       (1.0 - weight) * footage::indexers::objects::color_similarity(a, b);
            },
            queries);
        std::printf("  centred features, weight %-10.2f %7.3f %7.3f %7.3f\n", weight, s.rank1,
                    s.rank5, s.map);
    }
    // How the blend would do with another weight of the features (chosen on these same queries,
    // so the best of these is an optimistic figure).
    std::printf("features weight in the blend (search --like uses %.2f):\n",
                footage::indexers::objects::kFeatureWeight);
    for (double weight : {0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7}) {
        const Score s = evaluate(
            tracks,
            [weight](const Appearance& a, const Appearance& b) {
                return weight * footage::indexers::objects::feature_similarity(a, b) +
                       (1.0 - weight) * footage::indexers::objects::color_similarity(a, b);
            },
            queries);
        std::printf("  %-26.2f %7.3f %7.3f %7.3f\n", weight, s.rank1, s.rank5, s.map);
    }
    return 0;
}
