#include "indexers/motion/motion_search.hpp"

#include <algorithm>
#include <map>

#include "indexers/motion/events.hpp"
#include "indexers/motion/motion_store.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/timecode/units.hpp"
#include "lib/util/percent_text.hpp"

namespace footage::indexers::motion {

namespace {

using search::format_hit_id;
using search::Hit;
using search::HitKey;
using search::Query;
using search::SearchResult;

// Recordings this close to the asked range are read too, so that an event running across the
// range's edge or a file boundary is found whole, with the same ID as in a wider search.
constexpr int64_t kContextUs = 600 * timecode::kMicrosPerSecond;

int32_t sensitivity_of(const Query& query) {
    return query.filters.value("sensitivity", kDefaultSensitivity);
}

bool has_motion_index(const catalog::RecordingRow& recording) {
    return recording.indexed_by("motion");
}

struct Placed {
    const catalog::RecordingRow* row = nullptr;
    catalog::TimeRange wall;  // true time
    MotionMeta meta;
};

// One camera's recordings in time order, turned into events for the query.
class CameraSearch {
  public:
    CameraSearch(catalog::Catalog& catalog, const Query& query, const catalog::CameraRow& camera)
        : m_catalog(catalog), m_query(query), m_camera(camera) {}

    void run(const std::vector<catalog::RecordingRow>& recordings, SearchResult& result) {
        int64_t from_utc_us = m_query.from_utc_us.value_or(INT64_MIN / 2);
        int64_t to_utc_us = m_query.to_utc_us.value_or(INT64_MAX / 2);
        for (const catalog::RecordingRow& row : recordings) {
            if (row.status != "ok" || !row.start_recorder_us) {
                continue;
            }
            catalog::TimeRange wall = catalog::wall_range(row, m_camera);
            if (wall.end_utc_us < from_utc_us - kContextUs ||
                wall.start_utc_us > to_utc_us + kContextUs) {
                continue;
            }
            bool in_range = wall.end_utc_us > from_utc_us && wall.start_utc_us < to_utc_us;
            std::optional<MotionMeta> meta;
            if (has_motion_index(row)) {
                meta = load_meta(m_catalog, row.id);
            }
            if (!meta) {
                if (in_range) {
                    result.not_indexed.push_back(row.path);
                }
                continue;
            }
            m_placed.push_back(Placed{&row, wall, *meta});
            result.recordings_searched += in_range ? 1 : 0;
        }
        std::stable_sort(m_placed.begin(), m_placed.end(), [](const Placed& a, const Placed& b) {
            return a.wall.start_utc_us < b.wall.start_utc_us;
        });

        EventRules rules;
        rules.cell_threshold = cell_threshold(sensitivity_of(m_query));
        rules.min_duration_us = m_query.min_duration_us;
        EventBuilder<timecode::UtcClock> builder(rules);
        std::map<std::pair<int32_t, int32_t>, CellMask> masks;
        for (const Placed& placed : m_placed) {
            std::pair<int32_t, int32_t> size{placed.meta.cols, placed.meta.rows};
            auto it = masks.find(size);
            if (it == masks.end()) {
                it = masks.emplace(size, CellMask(size.first, size.second, m_query.regions)).first;
            }
            const CellMask& mask = it->second;
            auto wants = [&](const std::vector<uint8_t>& peak) {
                for (size_t cell = 0; cell < peak.size() && cell < mask_cells(mask); ++cell) {
                    if (mask.contains(cell) && peak[cell] >= rules.cell_threshold &&
                        peak[cell] > 0) {
                        return true;
                    }
                }
                return false;
            };
            auto visit = [&](const MotionChunk& chunk) {
                visit_frames(
                    chunk.frames, placed.meta.cols, placed.meta.rows, chunk.start_offset_us,
                    [&](int64_t pts_offset_us, const std::vector<Cell>& changed) {
                        builder.add(timecode::UtcInstant{placed.wall.start_utc_us + pts_offset_us},
                                    placed.meta.sample_us, changed, mask);
                    });
            };
            for_each_chunk(m_catalog, placed.row->id, 0, INT64_MAX / 2, wants, visit);
        }
        for (const CameraEvent& event : builder.finish()) {
            if (event.end.us <= from_utc_us || event.start.us >= to_utc_us) {
                continue;
            }
            result.hits.push_back(to_hit(event));
        }
    }

  private:
    static size_t mask_cells(const CellMask& mask) {
        return static_cast<size_t>(mask.cols()) * static_cast<size_t>(mask.rows());
    }

    const Placed* placed_at(timecode::UtcInstant time) const {
        const Placed* found = nullptr;
        for (const Placed& placed : m_placed) {
            if (placed.wall.start_utc_us <= time.us) {
                found = &placed;
            }
        }
        return found != nullptr ? found : (m_placed.empty() ? nullptr : &m_placed.front());
    }

    Hit to_hit(const CameraEvent& event) const {
        Hit hit;
        hit.camera_id = m_camera.id;
        hit.id = format_hit_id(HitKey{m_camera.id, event.start.us, event.end.us, ""});
        hit.start_utc_us = event.start.us - m_query.pad_us;
        hit.end_utc_us = event.end.us + m_query.pad_us;
        hit.peak_utc_us = event.peak.us;
        hit.score = event.score;
        hit.box = event.box;
        hit.peak_cells = event.peak_cells;
        if (const Placed* placed = placed_at(event.start)) {
            hit.recording = placed->row->path;
            hit.offset_s = static_cast<double>(event.start.us - placed->wall.start_utc_us) / 1e6;
        }
        if (const Placed* placed = placed_at(event.peak)) {
            hit.peak_recording = placed->row->path;
            hit.peak_offset_us = event.peak.us - placed->wall.start_utc_us;
            hit.grid_cols = placed->meta.cols;
            hit.grid_rows = placed->meta.rows;
        }
        return hit;
    }

    catalog::Catalog& m_catalog;
    const Query& m_query;
    const catalog::CameraRow& m_camera;
    std::vector<Placed> m_placed;
};

void check(const Query& query) { cell_threshold(sensitivity_of(query)); }

void search_camera(catalog::Catalog& catalog, const Query& query, const catalog::CameraRow& camera,
                   const std::vector<catalog::RecordingRow>& recordings, SearchResult& result) {
    CameraSearch(catalog, query, camera).run(recordings, result);
}

void query_json(const Query& query, nlohmann::json& out) {
    out["sensitivity"] = sensitivity_of(query);
}

std::string query_words(const Query& query) {
    return "sensitivity " + std::to_string(sensitivity_of(query));
}

std::vector<ReportRow> report_rows(const Hit& hit) {
    return {{"How much moved",
             percent_text(hit.score) + " of the searched area at the busiest moment"}};
}

constexpr FilterOption kFilters[] = {
    {.name = "motion",
     .help = "Search the motion index (the default)",
     .type = FilterOption::Type::flag,
     .search_only = true,
     .selects = true},
    {.name = "sensitivity",
     .type_name = "N",
     .help = "1 (only large, clear changes) .. 10 (a few pixels); default 5",
     .type = FilterOption::Type::integer,
     .min = 1,
     .max = 10,
     .search_only = true},
};

}  // namespace

const SearchHook kMotionSearch = {
    .kind = "motion",
    .what = "motion",
    .filters = kFilters,
    .check = &check,
    .search_camera = &search_camera,
    .query_json = &query_json,
    .query_words = &query_words,
    .report_rows = &report_rows,
    .box_heading = "Where it moved (whole hit)",
};

}  // namespace footage::indexers::motion
