#include "indexers/objects/object_store.hpp"

#include "indexers/objects/coco_labels.hpp"

namespace footage::indexers::objects {

namespace {

std::string label_name(int32_t label) {
    std::span<const std::string_view> labels = coco_labels();
    return label >= 0 && static_cast<size_t>(label) < labels.size()
               ? std::string(labels[static_cast<size_t>(label)])
               : "class " + std::to_string(label);
}

}  // namespace

void store_objects(catalog::Catalog& catalog, int64_t recording_id, const ObjectMeta& meta,
                   const std::vector<Track>& tracks) {
    catalog::Database& db = catalog.db();
    db.prepare(
          "INSERT INTO object_meta(recording_id, model, model_sha256, min_confidence, "
          "frames_examined) VALUES(?, ?, ?, ?, ?)")
        .bind(1, recording_id)
        .bind(2, meta.model)
        .bind(3, meta.model_sha256)
        .bind(4, meta.min_confidence)
        .bind(5, meta.frames_examined)
        .run();
    catalog::Statement track_insert = db.prepare(
        "INSERT INTO object_tracks(recording_id, track, label, color, first_us, last_us, best_us, "
        "confidence, box_x, box_y, box_w, box_h, sightings) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    catalog::Statement detection_insert = db.prepare(
        "INSERT INTO object_detections(recording_id, track, pts_us, confidence, box_x, box_y, "
        "box_w, box_h, color) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const Track& track : tracks) {
        const media::Box& box = track.best.detection.box;
        track_insert.bind(1, recording_id)
            .bind(2, track.id)
            .bind(3, label_name(track.label))
            .bind(4, track.color)
            .bind(5, track.first_us)
            .bind(6, track.last_us)
            .bind(7, track.best.pts_us)
            .bind(8, static_cast<double>(track.best.detection.confidence))
            .bind(9, box.x)
            .bind(10, box.y)
            .bind(11, box.w)
            .bind(12, box.h)
            .bind(13, static_cast<int64_t>(track.sightings.size()));
        track_insert.run();
        track_insert.reset();
        for (const Sighting& s : track.sightings) {
            detection_insert.bind(1, recording_id)
                .bind(2, track.id)
                .bind(3, s.pts_us)
                .bind(4, static_cast<double>(s.detection.confidence))
                .bind(5, s.detection.box.x)
                .bind(6, s.detection.box.y)
                .bind(7, s.detection.box.w)
                .bind(8, s.detection.box.h)
                .bind(9, s.color);
            detection_insert.run();
            detection_insert.reset();
        }
    }
}

std::optional<ObjectMeta> load_object_meta(catalog::Catalog& catalog, int64_t recording_id) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT model, model_sha256, min_confidence, frames_examined FROM object_meta "
        "WHERE recording_id = ?");
    query.bind(1, recording_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return ObjectMeta{query.column_text(0), query.column_text(1), query.column_double(2),
                      query.column_int(3)};
}

std::vector<StoredTrack> load_tracks(catalog::Catalog& catalog, int64_t recording_id,
                                     const std::string& label, double min_confidence) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT track, label, color, first_us, last_us, best_us, confidence, box_x, box_y, box_w, "
        "box_h, sightings FROM object_tracks WHERE recording_id = ? AND (? = '' OR label = ?) "
        "AND confidence >= ? ORDER BY first_us, track");
    query.bind(1, recording_id).bind(2, label).bind(3, label).bind(4, min_confidence);
    std::vector<StoredTrack> tracks;
    while (query.step()) {
        StoredTrack t;
        t.recording_id = recording_id;
        t.track = static_cast<int32_t>(query.column_int(0));
        t.label = query.column_text(1);
        t.color = query.column_text(2);
        t.first_us = query.column_int(3);
        t.last_us = query.column_int(4);
        t.best_us = query.column_int(5);
        t.confidence = query.column_double(6);
        t.box = media::Box{query.column_double(7), query.column_double(8), query.column_double(9),
                           query.column_double(10)};
        t.sightings = static_cast<int32_t>(query.column_int(11));
        tracks.push_back(std::move(t));
    }
    return tracks;
}

}  // namespace footage::indexers::objects
