#include "lib/search/object_search.hpp"

#include <algorithm>
#include <map>

#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/color_name.hpp"
#include "indexers/objects/object_store.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/util/error.hpp"

namespace footage::search {

namespace {

using indexers::motion::Box;

bool has_object_index(const catalog::RecordingRow& recording) {
    std::string list = "," + recording.indexers + ",";
    return list.find(",objects,") != std::string::npos;
}

std::string joined(std::span<const std::string_view> names) {
    std::string out;
    for (std::string_view name : names) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

bool centre_in(const Box& box, const std::vector<Box>& regions) {
    double cx = box.x + box.w / 2;
    double cy = box.y + box.h / 2;
    return std::any_of(regions.begin(), regions.end(), [&](const Box& r) {
        return cx >= r.x && cx <= r.x + r.w && cy >= r.y && cy <= r.y + r.h;
    });
}

// Whether the track was ever seen with its box's centre inside one of the regions.
bool seen_in(catalog::Catalog& catalog, const indexers::objects::StoredTrack& track,
             const std::vector<Box>& regions) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT box_x, box_y, box_w, box_h FROM object_detections "
        "WHERE recording_id = ? AND track = ?");
    query.bind(1, track.recording_id).bind(2, track.track);
    while (query.step()) {
        Box box{query.column_double(0), query.column_double(1), query.column_double(2),
                query.column_double(3)};
        if (centre_in(box, regions)) {
            return true;
        }
    }
    return false;
}

std::string tag_of(const std::string& label) {
    std::string tag = label;
    std::replace(tag.begin(), tag.end(), ' ', '-');
    return tag;
}

}  // namespace

void check_object_query(const Query& query) {
    if (query.object && !indexers::objects::coco_label_index(*query.object)) {
        throw UsageError(
            "--object: no class \"" + *query.object +
            "\"; the detector knows the COCO classes: " + joined(indexers::objects::coco_labels()));
    }
    if (query.color && !indexers::objects::is_color_name(*query.color)) {
        throw UsageError("--color: no colour \"" + *query.color +
                         "\"; the colours are: " + joined(indexers::objects::color_names()));
    }
    if (query.color && !query.object) {
        throw UsageError("--color needs --object CLASS (colours are named for objects)");
    }
    if (query.min_confidence < 0.0 || query.min_confidence > 1.0) {
        throw UsageError("--min-confidence must be between 0 and 1");
    }
}

void search_objects(catalog::Catalog& catalog, const Query& query, const catalog::CameraRow& camera,
                    const std::vector<catalog::RecordingRow>& recordings, SearchResult& result) {
    const int64_t from = query.from_us.value_or(INT64_MIN / 2);
    const int64_t to = query.to_us.value_or(INT64_MAX / 2);
    std::vector<Hit> hits;
    for (const catalog::RecordingRow& row : recordings) {
        if (row.status != "ok" || !row.start_us) {
            continue;
        }
        catalog::TimeRange wall = catalog::wall_range(row, camera);
        if (wall.end_us <= from || wall.start_us >= to) {
            continue;
        }
        if (!has_object_index(row)) {
            result.not_indexed.push_back(row.path);
            continue;
        }
        ++result.recordings_searched;
        for (const indexers::objects::StoredTrack& track :
             indexers::objects::load_tracks(catalog, row.id, *query.object, query.min_confidence)) {
            const int64_t start = wall.start_us + track.first_us;
            // A track seen once lasts one examined frame; give it that frame's time at least.
            const int64_t end = wall.start_us + std::max(track.last_us, track.first_us + 1000);
            if (end <= from || start >= to || end - start < query.min_duration_us ||
                (query.color && track.color != *query.color) ||
                (!query.regions.empty() && !seen_in(catalog, track, query.regions))) {
                continue;
            }
            Hit hit;
            hit.camera_id = camera.id;
            hit.kind = "object";
            hit.start_us = start - query.pad_us;
            hit.end_us = end + query.pad_us;
            hit.peak_us = wall.start_us + track.best_us;
            hit.score = track.confidence;
            hit.confidence = track.confidence;
            hit.box = track.box;
            hit.label = track.label;
            hit.color = track.color;
            hit.sightings = track.sightings;
            hit.recording = row.path;
            hit.offset_s = static_cast<double>(track.first_us) / 1e6;
            hit.peak_recording = row.path;
            hit.peak_offset_us = track.best_us;
            hit.id = format_hit_id(HitKey{camera.id, start, end, tag_of(track.label)});
            hits.push_back(std::move(hit));
        }
    }
    // Two tracks of one class with the same times would share an ID: number the later ones.
    std::map<std::string, int> seen;
    for (Hit& hit : hits) {
        int n = ++seen[hit.id];
        if (n > 1) {
            hit.id += "." + std::to_string(n);
        }
    }
    result.hits.insert(result.hits.end(), std::make_move_iterator(hits.begin()),
                       std::make_move_iterator(hits.end()));
}

}  // namespace footage::search
