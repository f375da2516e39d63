// How well `search --like` finds a person again, on a catalog and identities annotated by hand
// (tests/data/vtest_identities*.json) or known by construction (a generated drive): for every
// annotated track with another sighting of the same identity, the other annotated tracks ranked
// by the stored appearance (as search --like ranks them) and by the colour-only baseline
// (bench/appearance_baseline.py: the halves' colours, as footage stored them before version 2);
// rank-1, rank-5 and mean average precision of each, on the same queries.
// Usage: footage_appearance_eval CATALOG IDENTITIES.json BASELINE.json
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

using Halves = std::array<std::vector<double>, 2>;

struct Annotated {
    int64_t recording = 0;
    int32_t track = 0;
    std::string identity;
    Appearance appearance;
    Halves halves;
};

// The track of `label` seen at `seconds` of `recording` (within half a second) with its box
// around the point.
std::optional<int32_t> track_at(footage::catalog::Catalog& catalog, int64_t recording,
                                const std::string& label, double seconds, double x, double y) {
    footage::catalog::Statement query = catalog.db().prepare(
        "SELECT d.track FROM object_detections d JOIN object_tracks t USING (recording_id, track) "
        "WHERE d.recording_id = ? AND t.label = ? AND abs(d.pts_us - ?) <= 500000 AND ? BETWEEN "
        "d.box_x AND d.box_x + d.box_w AND ? BETWEEN d.box_y AND d.box_y + d.box_h "
        "ORDER BY abs(d.pts_us - ?), abs(d.box_x + d.box_w / 2 - ?) + abs(d.box_y + d.box_h / 2 "
        "- ?) LIMIT 1");
    const auto us = static_cast<int64_t>(seconds * 1e6);
    query.bind(1, recording).bind(2, label).bind(3, us).bind(4, x).bind(5, y).bind(6, us);
    query.bind(7, x).bind(8, y);
    if (!query.step()) {
        return std::nullopt;
    }
    return static_cast<int32_t>(query.column_int(0));
}

// The recording a sighting names by the file's name ("recording"), else the catalog's first.
std::optional<int64_t> recording_of(footage::catalog::Catalog& catalog,
                                    const nlohmann::json& sighting) {
    const std::string name = sighting.value("recording", std::string());
    footage::catalog::Statement query = catalog.db().prepare(
        "SELECT id FROM recordings WHERE ? = '' OR path LIKE '%/' || ? ORDER BY id LIMIT 1");
    query.bind(1, name).bind(2, name);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.column_int(0);
}

double overlap(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        sum += std::sqrt(a[i] * b[i]);
    }
    return sum;
}

struct Score {
    double rank1 = 0;
    double rank5 = 0;
    double map = 0;
};

Score evaluate(const std::vector<Annotated>& tracks,
               const std::function<double(const Annotated&, const Annotated&)>& similarity,
               int& queries) {
    Score score;
    queries = 0;
    for (const Annotated& query : tracks) {
        std::vector<std::pair<double, bool>> ranked;
        for (const Annotated& other : tracks) {
            if (&other != &query) {
                ranked.emplace_back(similarity(query, other), other.identity == query.identity);
            }
        }
        const auto positives =
            std::count_if(ranked.begin(), ranked.end(), [](const auto& r) { return r.second; });
        if (positives == 0) {
            continue;
        }
        ++queries;
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        score.rank1 += ranked[0].second ? 1 : 0;
        score.rank5 +=
            std::any_of(ranked.begin(), ranked.begin() + std::min<size_t>(5, ranked.size()),
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
    if (argc != 4) {
        std::fprintf(stderr,
                     "usage: footage_appearance_eval CATALOG IDENTITIES.json BASELINE.json\n");
        return 2;
    }
    footage::catalog::Catalog catalog =
        footage::catalog::Catalog::open(argv[1], footage::catalog::Database::Mode::read_only);
    std::ifstream file(argv[2]);
    const nlohmann::json annotation = nlohmann::json::parse(file);
    std::ifstream baseline_file(argv[3]);
    const nlohmann::json baseline = nlohmann::json::parse(baseline_file);
    const std::string label = annotation.value("label", std::string("person"));
    std::vector<Annotated> tracks;
    std::set<std::pair<int64_t, int32_t>> seen;
    int32_t unmatched = 0;
    for (const nlohmann::json& identity : annotation["identities"]) {
        for (const nlohmann::json& sighting : identity["sightings"]) {
            const std::optional<int64_t> recording = recording_of(catalog, sighting);
            std::optional<int32_t> track =
                recording ? track_at(catalog, *recording, label, sighting["t"].get<double>(),
                                     sighting["x"].get<double>(), sighting["y"].get<double>())
                          : std::nullopt;
            if (!track) {
                ++unmatched;
                continue;
            }
            if (!seen.insert({*recording, *track}).second) {
                continue;  // two sightings the tracker had already linked
            }
            std::optional<Appearance> appearance =
                footage::indexers::objects::load_appearance(catalog, *recording, *track);
            const std::string key = std::to_string(*recording) + ":" + std::to_string(*track);
            if (appearance && baseline.contains(key)) {
                tracks.push_back({*recording, *track, identity["name"].get<std::string>(),
                                  *appearance,
                                  Halves{baseline[key][0].get<std::vector<double>>(),
                                         baseline[key][1].get<std::vector<double>>()}});
            }
        }
    }
    int queries = 0;
    const Score like = evaluate(
        tracks,
        [](const Annotated& a, const Annotated& b) {
            return footage::indexers::objects::appearance_similarity(a.appearance, b.appearance);
        },
        queries);
    const Score colour = evaluate(
        tracks,
        [](const Annotated& a, const Annotated& b) {
            return (overlap(a.halves[0], b.halves[0]) + overlap(a.halves[1], b.halves[1])) / 2;
        },
        queries);
    std::printf("annotated tracks %zu (sightings without a track: %d), queries %d\n", tracks.size(),
                unmatched, queries);
    std::printf("%-34s %7s %7s %7s\n", "ranking", "rank-1", "rank-5", "mAP");
    for (const auto& [name, s] : std::vector<std::pair<const char*, Score>>{
             {"search --like (descriptor v2)", like}, {"colour halves (baseline)", colour}}) {
        std::printf("%-34s %7.3f %7.3f %7.3f\n", name, s.rank1, s.rank5, s.map);
    }
    return 0;
}
