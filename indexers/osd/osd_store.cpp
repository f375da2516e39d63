#include "indexers/osd/osd_store.hpp"

#include <nlohmann/json.hpp>

#include "indexers/index_tables.hpp"

namespace footage::indexers::osd {

const std::string_view kOsdMigrations[1] = {R"sql(
    CREATE TABLE osd_meta (
        recording_id INTEGER PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
        found INTEGER NOT NULL,
        failure TEXT NOT NULL,
        format TEXT NOT NULL,
        alternative_format TEXT NOT NULL,
        region_x INTEGER NOT NULL, region_y INTEGER NOT NULL,
        region_w INTEGER NOT NULL, region_h INTEGER NOT NULL,
        osd_at_zero_us INTEGER NOT NULL,
        offset_us INTEGER,
        zone TEXT NOT NULL,
        rate REAL NOT NULL,
        flags TEXT NOT NULL,
        bursts TEXT NOT NULL,
        frames TEXT NOT NULL
    );
    CREATE TABLE osd_readings (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        pts_us INTEGER NOT NULL,
        osd_us INTEGER NOT NULL,
        confidence REAL NOT NULL,
        outlier INTEGER NOT NULL,
        PRIMARY KEY (recording_id, pts_us)
    ) WITHOUT ROWID;
    )sql"};

namespace {

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) {
        out += (out.empty() ? "" : ",") + w;
    }
    return out;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at < text.size()) {
        size_t comma = text.find(',', at);
        if (comma == std::string::npos) {
            comma = text.size();
        }
        if (comma > at) {
            out.push_back(text.substr(at, comma - at));
        }
        at = comma + 1;
    }
    return out;
}

}  // namespace

void store_osd(catalog::Catalog& catalog, int64_t recording_id, const OsdRecord& record) {
    catalog::Database& db = catalog.db();
    nlohmann::json bursts = nlohmann::json::array();
    for (const media::Span& s : record.bursts) {
        bursts.push_back({s.start_us, s.end_us});
    }
    nlohmann::json frames = record.frames;
    db.prepare(
          "INSERT INTO osd_meta(recording_id, found, failure, format, alternative_format, "
          "region_x, region_y, region_w, region_h, osd_at_zero_us, offset_us, zone, rate, flags, "
          "bursts, frames) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, recording_id)
        .bind(2, record.found ? 1 : 0)
        .bind(3, record.failure)
        .bind(4, record.format)
        .bind(5, record.alternative_format)
        .bind(6, record.region_x)
        .bind(7, record.region_y)
        .bind(8, record.region_w)
        .bind(9, record.region_h)
        .bind(10, record.osd_at_zero_us)
        .bind(11, record.offset_us)
        .bind(12, record.zone)
        .bind(13, record.rate)
        .bind(14, join(record.flags))
        .bind(15, bursts.dump())
        .bind(16, frames.dump())
        .run();
    catalog::Statement insert = db.prepare(
        "INSERT OR REPLACE INTO osd_readings(recording_id, pts_us, osd_us, confidence, outlier) "
        "VALUES(?, ?, ?, ?, ?)");
    for (const OsdReading& r : record.readings) {
        insert.bind(1, recording_id)
            .bind(2, r.pts_us)
            .bind(3, r.osd_us)
            .bind(4, r.confidence)
            .bind(5, r.outlier ? 1 : 0);
        insert.run();
        insert.reset();
    }
}

std::optional<OsdRecord> load_osd(catalog::Catalog& catalog, int64_t recording_id,
                                  bool with_readings) {
    if (!has_table(catalog, "osd_meta")) {
        return std::nullopt;
    }
    catalog::Statement query = catalog.db().prepare(
        "SELECT found, failure, format, alternative_format, region_x, region_y, region_w, "
        "region_h, osd_at_zero_us, offset_us, zone, rate, flags, bursts, frames FROM osd_meta "
        "WHERE recording_id = ?");
    query.bind(1, recording_id);
    if (!query.step()) {
        return std::nullopt;
    }
    OsdRecord r;
    r.found = query.column_int(0) != 0;
    r.failure = query.column_text(1);
    r.format = query.column_text(2);
    r.alternative_format = query.column_text(3);
    r.region_x = static_cast<int32_t>(query.column_int(4));
    r.region_y = static_cast<int32_t>(query.column_int(5));
    r.region_w = static_cast<int32_t>(query.column_int(6));
    r.region_h = static_cast<int32_t>(query.column_int(7));
    r.osd_at_zero_us = query.column_int(8);
    r.offset_us = query.column_optional_int(9);
    r.zone = query.column_text(10);
    r.rate = query.column_double(11);
    r.flags = split(query.column_text(12));
    for (const nlohmann::json& s : nlohmann::json::parse(query.column_text(13))) {
        r.bursts.push_back({s.at(0).get<int64_t>(), s.at(1).get<int64_t>()});
    }
    if (!with_readings) {
        return r;
    }
    r.frames = nlohmann::json::parse(query.column_text(14)).get<std::vector<int64_t>>();
    catalog::Statement readings = catalog.db().prepare(
        "SELECT pts_us, osd_us, confidence, outlier FROM osd_readings WHERE recording_id = ? "
        "ORDER BY pts_us");
    readings.bind(1, recording_id);
    while (readings.step()) {
        r.readings.push_back(OsdReading{readings.column_int(0), readings.column_int(1),
                                        readings.column_double(2), readings.column_int(3) != 0});
    }
    return r;
}

}  // namespace footage::indexers::osd
