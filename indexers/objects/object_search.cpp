#include "indexers/objects/object_search.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "indexers/objects/appearance_store.hpp"
#include "indexers/objects/class_defaults.hpp"
#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/color_name.hpp"
#include "indexers/objects/greedy_match.hpp"
#include "indexers/objects/like_search.hpp"
#include "indexers/objects/object_store.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/util/error.hpp"
#include "lib/util/percent_text.hpp"

namespace footage::indexers::objects {

namespace {

using media::Box;
using search::Hit;
using search::HitKey;
using search::Query;
using search::SearchResult;

std::optional<std::string> text_filter(const Query& query, const char* name) {
    return search::filter<std::string>(query, name);
}
std::optional<double> min_confidence_filter(const Query& query) {
    return search::filter<double>(query, "min-confidence");
}

bool has_object_index(const catalog::RecordingRow& recording) {
    return recording.indexed_by("objects");
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
bool seen_in(catalog::Catalog& catalog, const StoredTrack& track, const std::vector<Box>& regions) {
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

// Recordings this close to the asked range are read too (as for motion hits).
constexpr int64_t kContextUs = 10LL * 60 * 1'000'000;
// Joining a track that leaves one file to one that starts the next: both within this of the
// boundary, the files at most this far apart, and the box where the tracker would accept it.
constexpr int64_t kBoundaryUs = 3'000'000;

// One recording's stored track, placed in true time.
struct Piece {
    size_t row = 0;  // index of the recording in time order
    catalog::TimeRange wall;
    std::string path;
    StoredTrack track;
    Box first_box;
    Box last_box;
};

Box edge_box(catalog::Catalog& catalog, const StoredTrack& track, bool last) {
    catalog::Statement query =
        catalog.db().prepare(std::string("SELECT box_x, box_y, box_w, box_h FROM object_detections "
                                         "WHERE recording_id = ? AND track = ? ORDER BY pts_us ") +
                             (last ? "DESC" : "ASC") + " LIMIT 1");
    query.bind(1, track.recording_id).bind(2, track.track);
    if (!query.step()) {
        return track.box;
    }
    return Box{query.column_double(0), query.column_double(1), query.column_double(2),
               query.column_double(3)};
}

// How well `b` continues `a` across the boundary: negative when it cannot.
double continues(const Piece& a, const Piece& b) {
    const int64_t a_end = a.wall.start_utc_us + a.track.last_us;
    const int64_t b_start = b.wall.start_utc_us + b.track.first_us;
    if (a.track.label != b.track.label || b.wall.start_utc_us - a.wall.end_utc_us > kBoundaryUs ||
        a.wall.end_utc_us - a_end > kBoundaryUs || b.track.first_us > kBoundaryUs ||
        b_start < a_end || b_start - a_end > 2 * kBoundaryUs) {
        return -1.0;
    }
    const Box& p = a.last_box;
    const Box& q = b.first_box;
    double size = std::max({p.w, p.h, q.w, q.h});
    double moved = std::hypot((p.x + p.w / 2) - (q.x + q.w / 2), (p.y + p.h / 2) - (q.y + q.h / 2));
    // The tracker's rule: a box size, plus two a second of the gap.
    double allowed = size * (1.0 + 2.0 * static_cast<double>(b_start - a_end) / 1e6);
    if (size <= 0.0 || moved > allowed) {
        return -1.0;
    }
    return 1.0 - moved / allowed;
}

// The pieces grouped into hits: each chain is one object followed from file to file (pieces
// of consecutive recordings, greedily by best continuation), in time order.
std::vector<std::vector<size_t>> join_across_files(const std::vector<Piece>& pieces,
                                                   size_t recordings) {
    std::vector<int64_t> next(pieces.size(), -1);
    std::vector<bool> has_previous(pieces.size(), false);
    std::vector<std::vector<size_t>> by_row(recordings);
    for (size_t i = 0; i < pieces.size(); ++i) {
        by_row[pieces[i].row].push_back(i);
    }
    for (size_t r = 0; r + 1 < recordings; ++r) {
        std::vector<ScoredPair> pairs;
        for (size_t a : by_row[r]) {
            for (size_t b : by_row[r + 1]) {
                double score = continues(pieces[a], pieces[b]);
                if (score >= 0.0) {
                    pairs.push_back({score, a, b});
                }
            }
        }
        const std::vector<int64_t> matched =
            greedy_match(std::move(pairs), pieces.size(), pieces.size());
        for (size_t a = 0; a < pieces.size(); ++a) {
            if (matched[a] >= 0) {
                next[a] = matched[a];
                has_previous[static_cast<size_t>(matched[a])] = true;
            }
        }
    }
    std::vector<std::vector<size_t>> chains;
    for (size_t i = 0; i < pieces.size(); ++i) {
        if (has_previous[i]) {
            continue;
        }
        std::vector<size_t> chain{i};
        while (next[chain.back()] >= 0) {
            chain.push_back(static_cast<size_t>(next[chain.back()]));
        }
        chains.push_back(std::move(chain));
    }
    return chains;
}

std::string tag_of(const std::string& label) {
    std::string tag = label;
    std::replace(tag.begin(), tag.end(), ' ', '-');
    return tag;
}

}  // namespace

std::string label_of_tag(std::string_view tag) {
    std::string label(tag.substr(0, tag.find('.')));
    std::replace(label.begin(), label.end(), '-', ' ');
    return label;
}

double min_confidence_of(const Query& query) {
    if (std::optional<double> given = min_confidence_filter(query)) {
        return *given;
    }
    double lowest = 1.0;
    for (const std::string& label : classes_of(text_filter(query, "object").value_or(""))) {
        lowest = std::min(lowest, default_min_confidence(label));
    }
    return lowest;
}

void check_object_query(const Query& query) {
    const std::optional<std::string> object = text_filter(query, "object");
    const std::optional<std::string> color = text_filter(query, "color");
    const std::optional<double> min_confidence = min_confidence_filter(query);
    if (object && classes_of(*object).empty()) {
        throw UsageError("--object: no class \"" + *object +
                         "\"; the detector knows \"vehicle\" (bicycle, car, motorcycle, bus, "
                         "truck) and the COCO classes: " +
                         joined(coco_labels()));
    }
    if (color && !is_color_name(*color)) {
        throw UsageError("--color: no colour \"" + *color +
                         "\"; the colours are: " + joined(color_names()));
    }
    if (color && !object && !query.filters.contains("like")) {
        throw UsageError("--color needs --object CLASS (colours are named for objects)");
    }
    if (min_confidence && (*min_confidence < 0.0 || *min_confidence > 1.0)) {
        throw UsageError("--min-confidence must be between 0 and 1");
    }
    check_like_query(query);
}

namespace {

// The camera's recordings near the asked range that have an object index, in time order.
// Every recording near the range is read, so that a track running across a file boundary at
// the range's edge is joined whole, with the same ID as in a wider search.
std::vector<const catalog::RecordingRow*> rows_near(
    const Query& query, const catalog::CameraRow& camera,
    const std::vector<catalog::RecordingRow>& recordings, SearchResult& result) {
    const int64_t from = query.from_utc_us.value_or(INT64_MIN / 2);
    const int64_t to = query.to_utc_us.value_or(INT64_MAX / 2);
    std::vector<const catalog::RecordingRow*> rows;
    for (const catalog::RecordingRow& row : recordings) {
        if (row.status != "ok" || !row.start_recorder_us) {
            continue;
        }
        catalog::TimeRange wall = catalog::wall_range(row, camera);
        if (wall.end_utc_us <= from - kContextUs || wall.start_utc_us >= to + kContextUs) {
            continue;
        }
        bool in_range = wall.end_utc_us > from && wall.start_utc_us < to;
        if (!has_object_index(row)) {
            if (in_range) {
                result.not_indexed.push_back(row.path);
            }
            continue;
        }
        result.recordings_searched += in_range ? 1 : 0;
        rows.push_back(&row);
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
        return catalog::wall_range(*a, camera).start_utc_us <
               catalog::wall_range(*b, camera).start_utc_us;
    });
    return rows;
}

// The stored tracks of the queried class in those recordings, placed in true time.
std::vector<Piece> pieces_of(catalog::Catalog& catalog, const Query& query,
                             const catalog::CameraRow& camera,
                             const std::vector<const catalog::RecordingRow*>& rows) {
    const std::string object = text_filter(query, "object").value_or("");
    const std::optional<double> min_confidence = min_confidence_filter(query);
    std::vector<Piece> pieces;
    for (size_t r = 0; r < rows.size(); ++r) {
        const catalog::RecordingRow& row = *rows[r];
        catalog::TimeRange wall = catalog::wall_range(row, camera);
        for (const std::string& label : classes_of(object)) {
            double floor = min_confidence.value_or(default_min_confidence(label));
            for (StoredTrack& track : load_tracks(catalog, row.id, label, floor)) {
                Piece piece;
                piece.row = r;
                piece.wall = wall;
                piece.path = row.path;
                // Only a piece at a file's edge may be joined to another (continues()): read
                // its edge boxes for that, and only then.
                piece.first_box =
                    track.first_us <= kBoundaryUs ? edge_box(catalog, track, false) : track.box;
                piece.last_box =
                    wall.end_utc_us - (wall.start_utc_us + track.last_us) <= kBoundaryUs
                        ? edge_box(catalog, track, true)
                        : track.box;
                piece.track = std::move(track);
                pieces.push_back(std::move(piece));
            }
        }
    }
    return pieces;
}

// One object followed from file to file as a hit, unless the query's filters drop it.
std::optional<Hit> chain_hit(catalog::Catalog& catalog, const Query& query,
                             const catalog::CameraRow& camera, const std::vector<Piece>& pieces,
                             const std::vector<size_t>& chain) {
    const Piece& head = pieces[chain.front()];
    const Piece& tail = pieces[chain.back()];
    const Piece* best = &head;
    std::map<std::string, int32_t> color_votes;
    int32_t sightings = 0;
    bool in_region = query.regions.empty();
    for (size_t i : chain) {
        const Piece& p = pieces[i];
        if (p.track.confidence > best->track.confidence) {
            best = &p;
        }
        color_votes[p.track.color] += p.track.sightings;
        sightings += p.track.sightings;
        in_region = in_region || seen_in(catalog, p.track, query.regions);
    }
    std::string color = best->track.color;
    for (const auto& [name, votes] : color_votes) {
        if (votes > color_votes[color]) {
            color = name;
        }
    }
    const int64_t start = head.wall.start_utc_us + head.track.first_us;
    // A track seen once lasts one examined frame; give it that frame's time at least.
    const int64_t end =
        std::max(tail.wall.start_utc_us + tail.track.last_us, start + int64_t{1000});
    const std::optional<std::string> wanted_color = text_filter(query, "color");
    if (end <= query.from_utc_us.value_or(INT64_MIN / 2) ||
        start >= query.to_utc_us.value_or(INT64_MAX / 2) || end - start < query.min_duration_us ||
        (wanted_color && color != *wanted_color) || !in_region) {
        return std::nullopt;
    }
    Hit hit;
    hit.camera_id = camera.id;
    hit.kind = "object";
    hit.start_utc_us = start - query.pad_us;
    hit.end_utc_us = end + query.pad_us;
    hit.peak_utc_us = best->wall.start_utc_us + best->track.best_us;
    hit.score = best->track.confidence;
    hit.box = best->track.box;
    hit.fields = {{"label", head.track.label},
                  {"confidence", best->track.confidence},
                  {"color", color},
                  {"sightings", sightings}};
    hit.box_caption = head.track.label;
    hit.recording = head.path;
    hit.offset_s = static_cast<double>(head.track.first_us) / 1e6;
    hit.peak_recording = best->path;
    hit.peak_offset_us = best->track.best_us;
    hit.id = format_hit_id(HitKey{camera.id, start, end, tag_of(head.track.label)});
    return hit;
}

// Two tracks of one class with the same times would share an ID: number the later ones.
void number_twins(std::vector<ObjectHit>& hits) {
    std::map<std::string, int> seen;
    for (ObjectHit& found : hits) {
        int n = ++seen[found.hit.id];
        if (n > 1) {
            found.hit.id += "." + std::to_string(n);
        }
    }
}

// The look of an object followed from file to file: its pieces' appearances, weighted by their
// sightings; nullopt when a piece has none (indexed before appearances were stored).
// `looks` holds the appearances of the pieces' recordings, read once per recording.
std::optional<Appearance> chain_appearance(std::map<int64_t, std::map<int32_t, Appearance>>& looks,
                                           const std::vector<Piece>& pieces,
                                           const std::vector<size_t>& chain) {
    std::vector<std::pair<Appearance, double>> parts;
    for (size_t i : chain) {
        const auto recording = looks.find(pieces[i].track.recording_id);
        if (recording == looks.end()) {
            return std::nullopt;
        }
        const auto part = recording->second.find(pieces[i].track.track);
        if (part == recording->second.end()) {
            return std::nullopt;
        }
        if (chain.size() == 1) {
            return std::move(part->second);  // each piece is in one chain
        }
        parts.emplace_back(part->second, std::max(1, pieces[i].track.sightings));
    }
    return blend_appearances(parts);
}

}  // namespace

std::vector<ObjectHit> object_hits(catalog::Catalog& catalog, const Query& query,
                                   const catalog::CameraRow& camera,
                                   const std::vector<catalog::RecordingRow>& recordings,
                                   SearchResult& result, bool with_appearance) {
    const std::vector<const catalog::RecordingRow*> rows =
        rows_near(query, camera, recordings, result);
    const std::vector<Piece> pieces = pieces_of(catalog, query, camera, rows);
    std::map<int64_t, std::map<int32_t, Appearance>> looks;
    if (with_appearance) {
        std::map<int64_t, std::set<int32_t>> tracks;
        for (const Piece& piece : pieces) {
            tracks[piece.track.recording_id].insert(piece.track.track);
        }
        for (const auto& [recording_id, wanted] : tracks) {
            looks[recording_id] = load_appearances(catalog, recording_id, wanted);
        }
    }
    std::vector<ObjectHit> hits;
    for (const std::vector<size_t>& chain : join_across_files(pieces, rows.size())) {
        if (std::optional<Hit> hit = chain_hit(catalog, query, camera, pieces, chain)) {
            hits.push_back({std::move(*hit), with_appearance
                                                 ? chain_appearance(looks, pieces, chain)
                                                 : std::nullopt});
        }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const ObjectHit& a, const ObjectHit& b) {
        return a.hit.start_utc_us < b.hit.start_utc_us;
    });
    number_twins(hits);
    return hits;
}

void search_objects(catalog::Catalog& catalog, const Query& query, const catalog::CameraRow& camera,
                    const std::vector<catalog::RecordingRow>& recordings, SearchResult& result) {
    const Query asked = with_like_class(query);
    const bool looks = wants_appearance(asked);
    std::vector<ObjectHit> hits = object_hits(catalog, asked, camera, recordings, result, looks);
    if (looks) {
        keep_by_appearance(catalog, asked, hits);
    }
    for (ObjectHit& found : hits) {
        result.hits.push_back(std::move(found.hit));
    }
}

namespace {

void search_camera(catalog::Catalog& catalog, const Query& query, const catalog::CameraRow& camera,
                   const std::vector<catalog::RecordingRow>& recordings, SearchResult& result) {
    search_objects(catalog, query, camera, recordings, result);
}

nlohmann::json null_or(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

void query_json(const Query& query, nlohmann::json& out) {
    const bool asked = text_filter(query, "object").has_value();
    out["object"] = null_or(text_filter(query, "object"));
    out["min_confidence"] =
        asked ? nlohmann::json(min_confidence_of(query)) : nlohmann::json(nullptr);
    out["color"] = null_or(text_filter(query, "color"));
    out["like"] = null_or(text_filter(query, "like"));
    out["upper"] = null_or(text_filter(query, "upper"));
    out["lower"] = null_or(text_filter(query, "lower"));
}

std::string sought(const Query& query) {
    const Query asked = with_like_class(query);
    const std::optional<std::string> like = text_filter(query, "like");
    return text_filter(asked, "object").value_or("object") + (like ? " like " + *like : "");
}

std::string describe(const Hit& hit) {
    const std::string color = hit.fields.value("color", "");
    const std::string upper = hit.fields.value("upper", "");
    const std::string lower = hit.fields.value("lower", "");
    return hit.fields.value("label", "") + (color.empty() ? "" : ", " + color) +
           (upper.empty() ? "" : " (upper " + upper + ", lower " + lower + ")") + ", seen " +
           std::to_string(hit.fields.value("sightings", 0)) + " time(s)";
}

constexpr std::string_view kCsvColumns[] = {"label", "confidence", "color", "similarity"};

std::string three_decimals(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

std::vector<std::string> csv_values(const Hit& hit) {
    return {hit.fields.value("label", ""), three_decimals(hit.fields.value("confidence", 0.0)),
            hit.fields.value("color", ""),
            hit.fields.contains("similarity") ? three_decimals(hit.fields.value("similarity", 0.0))
                                              : std::string()};
}

std::vector<ReportRow> report_rows(const Hit& hit) {
    const std::string color = hit.fields.value("color", "");
    return {{"Object", hit.fields.value("label", "") + (color.empty() ? "" : ", " + color) +
                           ", seen on " + std::to_string(hit.fields.value("sightings", 0)) +
                           " examined frame(s); the detector was " +
                           percent_text(hit.fields.value("confidence", 0.0)) + " sure at best"}};
}

bool owns_tag(std::string_view tag) { return !tag.empty(); }


// Object IDs are numbered among the tracks a search kept, so try the usual confidence floor
// and then every track.
std::vector<Query> queries_for_tag(const Query& base, std::string_view tag) {
    Query query = base;
    query.kind = "object";
    query.filters["object"] = label_of_tag(tag);
    query.filters.erase("color");
    query.filters.erase("like");
    query.filters.erase("upper");
    query.filters.erase("lower");
    query.regions.clear();
    Query every = query;
    every.filters["min-confidence"] = 0.0;
    return {query, every};
}

constexpr FilterOption kFilters[] = {
    {.name = "object",
     .type_name = "CLASS",
     .help = "Objects of this COCO class instead of motion: person, car, motorcycle, bicycle, "
             "bus, truck, ... (needs index --objects)",
     .selects = true},
    {.name = "min-confidence",
     .type_name = "P",
     .help = "Only objects the detector was at least this sure of, 0..1; default per class: "
             "person and bus 0.4, other vehicles 0.3, others 0.5",
     .type = FilterOption::Type::number,
     .min = 0.0,
     .max = 1.0},
    {.name = "color",
     .type_name = "NAME",
     .help = "Only objects of this dominant colour: black, white, grey, red, orange, yellow, "
             "green, blue, purple, brown"},
    {.name = "like",
     .type_name = "HIT_ID",
     .help = "Objects of the class of this object hit, on any camera, ranked by how much they "
             "look like it, most similar first (needs index --objects of this version)",
     .selects = true},
    {.name = "upper",
     .type_name = "NAME",
     .help = "Only people whose upper half is mostly this colour (the palette of --color)"},
    {.name = "lower",
     .type_name = "NAME",
     .help = "Only people whose lower half is mostly this colour (the palette of --color)"},
};

}  // namespace

const SearchHook kObjectSearch = {
    .kind = "object",
    .what = "object",
    .filters = kFilters,
    .check = &check_object_query,
    .prepare = &prepare_like_query,
    .search_camera = &search_camera,
    .query_json = &query_json,
    .sought = &sought,
    .describe = &describe,
    .csv_columns = kCsvColumns,
    .csv_values = &csv_values,
    .report_rows = &report_rows,
    .box_heading = "Where in the picture",
    .owns_tag = &owns_tag,
    .queries_for_tag = &queries_for_tag,
};

}  // namespace footage::indexers::objects
