#include "tests/indexers/brightness/brightness_indexer.hpp"

#include <algorithm>
#include <cstdio>

#include "lib/catalog/coverage.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/util/error.hpp"

namespace footage::test::brightness {

namespace {

using indexers::FilterOption;
using search::Hit;
using search::Query;
using search::SearchResult;

constexpr int64_t kSampleUs = 200'000;  // 5 frames a second

// --- Indexing: one row per sampled frame. -----------------------------------------------------

class BrightnessIndexer : public indexers::Indexer {
  public:
    indexers::FrameNeeds needs() const override { return {5.0, 160}; }

    void begin(const indexers::RecordingContext& recording) override {
        (void)recording;
        m_samples.clear();
    }

    void on_frame(const media::LumaFrame& frame, indexers::FrameNotes& notes) override {
        (void)notes;
        uint64_t sum = 0;
        for (int32_t y = 0; y < frame.height; ++y) {
            const uint8_t* row = frame.data + static_cast<ptrdiff_t>(y) * frame.stride;
            for (int32_t x = 0; x < frame.width; ++x) {
                sum += row[x];
            }
        }
        const double pixels = static_cast<double>(frame.width) * frame.height;
        m_samples.push_back({frame.pts_us, pixels > 0 ? static_cast<double>(sum) / pixels : 0.0});
    }

    void finish(catalog::Catalog& catalog, const indexers::RecordingContext& recording) override {
        catalog::Statement put = catalog.db().prepare(
            "INSERT INTO brightness_samples(recording_id, pts_us, mean) VALUES(?, ?, ?)");
        for (const auto& [pts_us, mean] : m_samples) {
            put.bind(1, recording.recording_id).bind(2, pts_us).bind(3, mean);
            put.run();
            put.reset();
        }
    }

  private:
    std::vector<std::pair<int64_t, double>> m_samples;
};

constexpr std::string_view kTables[] = {"brightness_samples"};
constexpr std::string_view kMigrations[] = {R"sql(
    CREATE TABLE brightness_samples (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        pts_us INTEGER NOT NULL,
        mean REAL NOT NULL,
        PRIMARY KEY (recording_id, pts_us)
    ) WITHOUT ROWID;
    )sql"};

// --- Searching: one "bright" hit per recording whose brightest frame reaches the floor. --------

double min_brightness(const Query& query) { return query.filters.value("min-brightness", 0.0); }

void check(const Query& query) {
    if (min_brightness(query) < 0.0 || min_brightness(query) > 255.0) {
        throw UsageError("--min-brightness must be between 0 and 255");
    }
}

bool indexed(const catalog::RecordingRow& row) { return row.indexed_by("brightness"); }

void search_camera(catalog::Catalog& catalog, const Query& query, const catalog::CameraRow& camera,
                   const std::vector<catalog::RecordingRow>& recordings, SearchResult& result) {
    const int64_t from = query.from_utc_us.value_or(INT64_MIN / 2);
    const int64_t to = query.to_utc_us.value_or(INT64_MAX / 2);
    for (const catalog::RecordingRow& row : recordings) {
        if (row.status != "ok" || !row.start_recorder_us) {
            continue;
        }
        const catalog::TimeRange wall = catalog::wall_range(row, camera);
        if (wall.end_utc_us <= from || wall.start_utc_us >= to) {
            continue;
        }
        if (!indexed(row)) {
            result.not_indexed.push_back(row.path);
            continue;
        }
        ++result.recordings_searched;
        catalog::Statement samples = catalog.db().prepare(
            "SELECT pts_us, mean FROM brightness_samples WHERE recording_id = ? ORDER BY pts_us");
        samples.bind(1, row.id);
        int64_t first = -1, last = 0, peak = 0;
        double brightest = -1.0;
        while (samples.step()) {
            const int64_t pts = samples.column_int(0);
            const double mean = samples.column_double(1);
            first = first < 0 ? pts : first;
            last = pts;
            if (mean > brightest) {
                brightest = mean;
                peak = pts;
            }
        }
        if (first < 0 || brightest < min_brightness(query)) {
            continue;
        }
        Hit hit;
        hit.kind = "bright";
        hit.camera_id = camera.id;
        const int64_t start = wall.start_utc_us + first;
        const int64_t end = wall.start_utc_us + last + kSampleUs;
        hit.id = search::format_hit_id({camera.id, start, end, "bright"});
        hit.start_utc_us = start - query.pad_us;
        hit.end_utc_us = end + query.pad_us;
        hit.peak_utc_us = wall.start_utc_us + peak;
        hit.score = brightest / 255.0;
        hit.box = {0.0, 0.0, 1.0, 1.0};
        hit.fields = {{"brightness", brightest}};
        hit.recording = row.path;
        hit.offset_s = static_cast<double>(first) / 1e6;
        hit.peak_recording = row.path;
        hit.peak_offset_us = peak;
        hit.box_caption = "bright";
        result.hits.push_back(std::move(hit));
    }
}

void query_json(const Query& query, nlohmann::json& out) {
    out["min_brightness"] = min_brightness(query);
}

std::string brightness_text(const Hit& hit) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", hit.fields.value("brightness", 0.0));
    return text;
}

std::string describe(const Hit& hit) { return "mean brightness " + brightness_text(hit) + "/255"; }

constexpr std::string_view kCsvColumns[] = {"brightness"};

std::vector<std::string> csv_values(const Hit& hit) { return {brightness_text(hit)}; }

std::vector<indexers::ReportRow> report_rows(const Hit& hit) {
    return {{"Brightness", "the brightest frame's mean is " + brightness_text(hit) + " of 255"}};
}

bool owns_tag(std::string_view tag) { return tag == "bright"; }

constexpr FilterOption kFilters[] = {
    {.name = "min-brightness",
     .type_name = "L",
     .help = "Only recordings whose brightest frame's mean luma reaches L, 0..255 (test indexer)",
     .type = FilterOption::Type::number,
     .min = 0.0,
     .max = 255.0,
     .selects = true},
};

const indexers::SearchHook kSearch = {
    .kind = "bright",
    .what = "bright recording",
    .filters = kFilters,
    .check = &check,
    .search_camera = &search_camera,
    .query_json = &query_json,
    .describe = &describe,
    .csv_columns = kCsvColumns,
    .csv_values = &csv_values,
    .report_rows = &report_rows,
    .box_heading = "Where (the whole frame)",
    .owns_tag = &owns_tag,
};

std::unique_ptr<indexers::Indexer> make() { return std::make_unique<BrightnessIndexer>(); }

}  // namespace

const indexers::IndexerInfo& brightness_indexer_info() {
    static const indexers::IndexerInfo info = {
        .name = "brightness",
        .description = "mean brightness of each sampled frame (test indexer)",
        .on_by_default = false,
        .make = &make,
        .tables = kTables,
        .migrations = kMigrations,
        .search = &kSearch,
    };
    return info;
}

}  // namespace footage::test::brightness
