#include "indexers/motion/motion_store.hpp"

#include "indexers/index_tables.hpp"
#include "lib/util/error.hpp"
#include "lib/util/zlib_codec.hpp"

namespace footage::indexers::motion {

const std::string_view kMotionMigrations[1] = {R"sql(
    CREATE TABLE motion_ignored (
        recording_id INTEGER PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
        what TEXT NOT NULL,
        box_x REAL NOT NULL, box_y REAL NOT NULL, box_w REAL NOT NULL, box_h REAL NOT NULL
    );
    )sql"};

void store_motion(catalog::Catalog& catalog, int64_t recording_id, const MotionMeta& meta,
                  const std::vector<MotionChunk>& chunks,
                  const std::vector<RecordingEvent>& events) {
    catalog::Database& db = catalog.db();
    db.prepare(
          "INSERT INTO motion_meta(recording_id, grid_cols, grid_rows, sample_us, decoded_us, "
          "skipped_us) VALUES(?, ?, ?, ?, ?, ?)")
        .bind(1, recording_id)
        .bind(2, meta.cols)
        .bind(3, meta.rows)
        .bind(4, meta.sample_us)
        .bind(5, meta.decoded_us)
        .bind(6, meta.skipped_us)
        .run();
    if (meta.clock_line) {
        db.prepare(
              "INSERT INTO motion_ignored(recording_id, what, box_x, box_y, box_w, box_h) "
              "VALUES(?, 'clock', ?, ?, ?, ?)")
            .bind(1, recording_id)
            .bind(2, meta.clock_line->x)
            .bind(3, meta.clock_line->y)
            .bind(4, meta.clock_line->w)
            .bind(5, meta.clock_line->h)
            .run();
    }
    catalog::Statement chunk_insert = db.prepare(
        "INSERT INTO motion_chunks(recording_id, start_us, end_us, peak, frames, codec) "
        "VALUES(?, ?, ?, ?, ?, 2)");
    for (const MotionChunk& chunk : chunks) {
        std::vector<uint8_t> peak = encode_peak(chunk.peak);
        std::string frames = deflate_bytes(chunk.frames);
        chunk_insert.bind(1, recording_id)
            .bind(2, chunk.start_offset_us)
            .bind(3, chunk.end_offset_us)
            .bind_blob(4, peak.data(), peak.size())
            .bind_blob(5, frames.data(), frames.size());
        chunk_insert.run();
        chunk_insert.reset();
    }
    catalog::Statement event_insert = db.prepare(
        "INSERT INTO motion_events(recording_id, start_us, end_us, peak_us, score, box_x, box_y, "
        "box_w, box_h) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const RecordingEvent& event : events) {
        event_insert.bind(1, recording_id)
            .bind(2, event.start.us)
            .bind(3, event.end.us)
            .bind(4, event.peak.us)
            .bind(5, event.score)
            .bind(6, event.box.x)
            .bind(7, event.box.y)
            .bind(8, event.box.w)
            .bind(9, event.box.h);
        event_insert.run();
        event_insert.reset();
    }
}

std::optional<MotionMeta> load_meta(catalog::Catalog& catalog, int64_t recording_id) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT grid_cols, grid_rows, sample_us, decoded_us, skipped_us FROM motion_meta "
        "WHERE recording_id = ?");
    query.bind(1, recording_id);
    if (!query.step()) {
        return std::nullopt;
    }
    MotionMeta meta;
    meta.cols = static_cast<int32_t>(query.column_int(0));
    meta.rows = static_cast<int32_t>(query.column_int(1));
    meta.sample_us = query.column_int(2);
    meta.decoded_us = query.column_int(3);
    meta.skipped_us = query.column_int(4);
    if (has_table(catalog, "motion_ignored")) {
        catalog::Statement ignored = catalog.db().prepare(
            "SELECT box_x, box_y, box_w, box_h FROM motion_ignored WHERE recording_id = ?");
        ignored.bind(1, recording_id);
        if (ignored.step()) {
            meta.clock_line = Box{ignored.column_double(0), ignored.column_double(1),
                                  ignored.column_double(2), ignored.column_double(3)};
        }
    }
    return meta;
}

void for_each_chunk(catalog::Catalog& catalog, int64_t recording_id, int64_t from_offset_us,
                    int64_t to_offset_us,
                    const std::function<bool(const std::vector<uint8_t>&)>& wants,
                    const std::function<void(const MotionChunk&)>& visit) {
    // The frames blob is the last column and is only read (with its overflow pages) on demand.
    catalog::Statement query = catalog.db().prepare(
        "SELECT start_us, end_us, peak, codec, frames FROM motion_chunks "
        "WHERE recording_id = ? AND end_us > ? AND start_us < ? ORDER BY start_us");
    query.bind(1, recording_id).bind(2, from_offset_us).bind(3, to_offset_us);
    std::optional<MotionMeta> meta = load_meta(catalog, recording_id);
    const size_t cells =
        meta ? static_cast<size_t>(meta->cols) * static_cast<size_t>(meta->rows) : 0;
    while (query.step()) {
        MotionChunk chunk;
        chunk.peak = decode_peak(query.column_blob(2), cells);
        if (!wants(chunk.peak)) {
            continue;
        }
        chunk.start_offset_us = query.column_int(0);
        chunk.end_offset_us = query.column_int(1);
        std::vector<uint8_t> stored = query.column_blob(4);
        std::string frames(stored.begin(), stored.end());
        if (query.column_int(3) == 2) {
            std::optional<std::string> inflated = inflate_bytes(frames);
            if (!inflated) {
                throw CatalogError(catalog.db().path().string() + ": the motion chunk at " +
                                   std::to_string(chunk.start_offset_us) + " us of recording " +
                                   std::to_string(recording_id) + " is damaged");
            }
            frames = std::move(*inflated);
        }
        chunk.frames = std::move(frames);
        visit(chunk);
    }
}

std::vector<RecordingEvent> load_events(catalog::Catalog& catalog, int64_t recording_id) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT start_us, end_us, peak_us, score, box_x, box_y, box_w, box_h FROM motion_events "
        "WHERE recording_id = ? ORDER BY start_us");
    query.bind(1, recording_id);
    std::vector<RecordingEvent> events;
    while (query.step()) {
        RecordingEvent event;
        event.start = timecode::OffsetInstant{query.column_int(0)};
        event.end = timecode::OffsetInstant{query.column_int(1)};
        event.peak = timecode::OffsetInstant{query.column_int(2)};
        event.score = query.column_double(3);
        event.box = Box{query.column_double(4), query.column_double(5), query.column_double(6),
                        query.column_double(7)};
        events.push_back(event);
    }
    return events;
}

}  // namespace footage::indexers::motion
