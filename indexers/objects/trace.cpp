#include "indexers/objects/trace.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "indexers/objects/like_search.hpp"
#include "indexers/objects/object_search.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/units.hpp"
#include "lib/util/error.hpp"

namespace footage::indexers::objects {

namespace {

using search::Hit;

// Sightings are read from the catalog in blocks at least this long, so that a chain of many
// short steps does not search every camera once per step.
constexpr int64_t kBlockUs = 3600 * timecode::kMicrosPerSecond;

std::string similarity_text(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

// The class's sightings on the cameras asked, read block by block as the chain reaches them.
class Sightings {
  public:
    Sightings(catalog::Catalog& catalog, const search::TraceQuery& query, std::string label)
        : m_catalog(catalog), m_label(std::move(label)) {
        const std::set<std::string> wanted(query.cameras.begin(), query.cameras.end());
        for (const catalog::CameraRow& camera : catalog.cameras()) {
            if (wanted.empty() || wanted.count(camera.id) > 0) {
                m_cameras.push_back({camera, catalog.recordings(camera.id)});
            }
        }
    }

    // Every sighting that overlaps [from, to), with an appearance.
    const std::map<std::string, ObjectHit>& covering(int64_t from, int64_t to) {
        if (!m_loaded) {
            load(from - kBlockUs / 2, to + kBlockUs / 2);
            m_loaded = {from - kBlockUs / 2, to + kBlockUs / 2};
        }
        if (from < m_loaded->first) {
            const int64_t start = std::min(from, m_loaded->first - kBlockUs);
            load(start, m_loaded->first);
            m_loaded->first = start;
        }
        if (to > m_loaded->second) {
            const int64_t end = std::max(to, m_loaded->second + kBlockUs);
            load(m_loaded->second, end);
            m_loaded->second = end;
        }
        return m_hits;
    }

    std::vector<std::string> not_indexed() const {
        return {m_not_indexed.begin(), m_not_indexed.end()};
    }

  private:
    void load(int64_t from, int64_t to) {
        search::Query query;
        query.kind = "object";
        query.filters["object"] = m_label;
        query.from_utc_us = from;
        query.to_utc_us = to;
        for (const auto& [camera, recordings] : m_cameras) {
            search::SearchResult result;
            for (ObjectHit& found :
                 object_hits(m_catalog, query, camera, recordings, result, true)) {
                if (found.appearance) {
                    m_hits.emplace(found.hit.id, std::move(found));
                }
            }
            m_not_indexed.insert(result.not_indexed.begin(), result.not_indexed.end());
        }
    }

    catalog::Catalog& m_catalog;
    std::string m_label;
    std::vector<std::pair<catalog::CameraRow, std::vector<catalog::RecordingRow>>> m_cameras;
    std::optional<std::pair<int64_t, int64_t>> m_loaded;
    std::map<std::string, ObjectHit> m_hits;  // by ID: a sighting read twice is one
    std::set<std::string> m_not_indexed;
};

bool overlap(const Hit& a, const Hit& b) {
    return a.start_utc_us < b.end_utc_us && b.start_utc_us < a.end_utc_us;
}

// The steps of one direction from `start`, nearest first, each with "similarity"; and why the
// chain ends, in words.
struct Walk {
    std::vector<ObjectHit> steps;
    std::string stopped;
};

Walk walk(Sightings& sightings, const ObjectHit& start, const search::TraceQuery& query,
          bool forward, std::set<std::string>& used) {
    Walk result;
    const ObjectHit* current = &start;
    const std::string label = start.hit.fields.value("label", "object");
    const std::string within = timecode::format_duration(query.within_us);
    const std::string direction = forward ? "after" : "before";
    while (true) {
        if (static_cast<int32_t>(result.steps.size()) >= query.max_steps) {
            result.stopped = "stopped after " + std::to_string(query.max_steps) + " step(s) " +
                             (forward ? "forward" : "back") + " (--steps)";
            return result;
        }
        const Hit& at = current->hit;
        const int64_t from = forward ? at.start_utc_us : at.start_utc_us - query.within_us;
        const int64_t to = forward ? at.end_utc_us + query.within_us : at.end_utc_us;
        const ObjectHit* best = nullptr;
        double best_similarity = -1.0;
        for (const auto& [id, found] : sightings.covering(from, to)) {
            const Hit& hit = found.hit;
            const bool in_window = forward
                                       ? hit.start_utc_us > at.start_utc_us &&
                                             hit.start_utc_us <= at.end_utc_us + query.within_us
                                       : hit.end_utc_us < at.end_utc_us &&
                                             hit.end_utc_us >= at.start_utc_us - query.within_us;
            // Seen by the same camera at the same time, it is someone else.
            if (!in_window || used.count(id) > 0 ||
                (hit.camera_id == at.camera_id && overlap(hit, at))) {
                continue;
            }
            const double similarity = shown_similarity(*current->appearance, *found.appearance);
            if (best == nullptr || similarity > best_similarity ||
                (similarity == best_similarity &&
                 (forward ? hit.start_utc_us < best->hit.start_utc_us
                          : hit.end_utc_us > best->hit.end_utc_us))) {
                best = &found;
                best_similarity = similarity;
            }
        }
        if (best == nullptr) {
            result.stopped =
                "no other " + label + " seen within " + within + " " + direction + " " + at.id;
            return result;
        }
        if (best_similarity < query.min_similarity) {
            result.stopped = "the most similar " + label + " within " + within + " " + direction +
                             " " + at.id + ", " + best->hit.id + ", is only " +
                             similarity_text(best_similarity) + " alike, under the floor " +
                             similarity_text(query.min_similarity) + " (--min-similarity)";
            return result;
        }
        used.insert(best->hit.id);
        ObjectHit step = *best;
        step.hit.fields["similarity"] = best_similarity;
        result.steps.push_back(std::move(step));
        current = &result.steps.back();
    }
}

void check(const search::TraceQuery& query) {
    if (!(query.min_similarity >= 0.0 && query.min_similarity <= 1.0)) {
        throw UsageError("--min-similarity must be between 0 and 1");
    }
    if (query.within_us <= 0) {
        throw UsageError("--within must be longer than 0");
    }
    if (query.max_steps < 1) {
        throw UsageError("--steps must be at least 1");
    }
}

}  // namespace

search::Trace trace(catalog::Catalog& catalog, const search::TraceQuery& query) {
    check(query);
    const std::string asked_as = "trace " + query.start_id;
    ObjectHit start = find_object_hit(catalog, query.start_id, asked_as);
    const std::string label = label_of_tag(search::parse_hit_id(query.start_id).tag);
    Sightings sightings(catalog, query, label);
    std::set<std::string> used = {start.hit.id};
    search::Trace result;
    result.query = query;
    Walk forward = walk(sightings, start, query, true, used);
    Walk backward;
    if (query.backward) {
        backward = walk(sightings, start, query, false, used);
    }
    result.stopped_forward = forward.stopped;
    result.stopped_backward = backward.stopped;

    std::vector<Hit> steps;
    for (size_t i = backward.steps.size(); i-- > 0;) {
        Hit hit = std::move(backward.steps[i].hit);
        hit.fields["step"] = -static_cast<int64_t>(i + 1);
        hit.fields["similarity_to_start"] =
            shown_similarity(*start.appearance, *backward.steps[i].appearance);
        steps.push_back(std::move(hit));
    }
    Hit first = start.hit;
    first.fields["step"] = 0;
    first.fields["similarity"] = nullptr;
    first.fields["similarity_to_start"] = 1.0;
    steps.push_back(std::move(first));
    for (size_t i = 0; i < forward.steps.size(); ++i) {
        Hit hit = std::move(forward.steps[i].hit);
        hit.fields["step"] = static_cast<int64_t>(i + 1);
        hit.fields["similarity_to_start"] =
            shown_similarity(*start.appearance, *forward.steps[i].appearance);
        steps.push_back(std::move(hit));
    }
    for (size_t i = 0; i < steps.size(); ++i) {
        if (i == 0) {
            steps[i].fields["gap"] = nullptr;
        } else {
            const int64_t gap =
                std::max<int64_t>(0, steps[i].start_utc_us - steps[i - 1].end_utc_us);
            steps[i].fields["gap"] = static_cast<double>(gap) / 1e6;
        }
    }
    result.steps = std::move(steps);
    result.not_indexed = sightings.not_indexed();
    return result;
}

}  // namespace footage::indexers::objects
