#include "lib/search/search.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "indexers/motion/motion_store.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/search/object_search.hpp"
#include "lib/util/error.hpp"

namespace footage::search {

namespace {

using indexers::motion::Box;
using indexers::motion::CellMask;
using indexers::motion::EventBuilder;
using indexers::motion::EventRules;
using indexers::motion::MotionChunk;
using indexers::motion::MotionEvent;
using indexers::motion::MotionMeta;

// Recordings this close to the asked range are read too, so that an event running across the
// range's edge or a file boundary is found whole, with the same ID as in a wider search.
constexpr int64_t kContextUs = 10LL * 60 * 1'000'000;

void check(const Query& query) {
    if (query.from_us && query.to_us && *query.from_us >= *query.to_us) {
        throw UsageError("--from must be before --to");
    }
    for (const Box& region : query.regions) {
        if (region.w <= 0.0 || region.h <= 0.0 || region.x < 0.0 || region.y < 0.0 ||
            region.x + region.w > 1.0 + 1e-9 || region.y + region.h > 1.0 + 1e-9) {
            throw UsageError("a region must lie inside the frame: x,y,w,h are fractions 0..1 " +
                             std::string("with x+w and y+h at most 1"));
        }
    }
    if (query.min_duration_us < 0 || query.pad_us < 0) {
        throw UsageError("--min-duration and --pad must not be negative");
    }
    if (query.limit && *query.limit < 1) {
        throw UsageError("--limit must be at least 1");
    }
    indexers::motion::cell_threshold(query.sensitivity);
    check_object_query(query);
}

bool has_motion_index(const catalog::RecordingRow& recording) {
    std::string list = "," + recording.indexers + ",";
    return list.find(",motion,") != std::string::npos;
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
        int64_t from = m_query.from_us.value_or(INT64_MIN / 2);
        int64_t to = m_query.to_us.value_or(INT64_MAX / 2);
        for (const catalog::RecordingRow& row : recordings) {
            if (row.status != "ok" || !row.start_us) {
                continue;
            }
            catalog::TimeRange wall = catalog::wall_range(row, m_camera);
            if (wall.end_us < from - kContextUs || wall.start_us > to + kContextUs) {
                continue;
            }
            bool in_range = wall.end_us > from && wall.start_us < to;
            std::optional<MotionMeta> meta;
            if (has_motion_index(row)) {
                meta = indexers::motion::load_meta(m_catalog, row.id);
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
            return a.wall.start_us < b.wall.start_us;
        });

        EventRules rules;
        rules.cell_threshold = indexers::motion::cell_threshold(m_query.sensitivity);
        rules.min_duration_us = m_query.min_duration_us;
        EventBuilder builder(rules);
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
                indexers::motion::visit_frames(
                    chunk.frames, placed.meta.cols, placed.meta.rows, chunk.start_us,
                    [&](int64_t pts_us, const std::vector<indexers::motion::Cell>& changed) {
                        builder.add(placed.wall.start_us + pts_us, placed.meta.sample_us, changed,
                                    mask);
                    });
            };
            indexers::motion::for_each_chunk(m_catalog, placed.row->id, 0, INT64_MAX / 2, wants,
                                             visit);
        }
        for (const MotionEvent& event : builder.finish()) {
            if (event.end_us <= from || event.start_us >= to) {
                continue;
            }
            result.hits.push_back(to_hit(event));
        }
    }

  private:
    static size_t mask_cells(const CellMask& mask) {
        return static_cast<size_t>(mask.cols()) * static_cast<size_t>(mask.rows());
    }

    const Placed* placed_at(int64_t time_us) const {
        const Placed* found = nullptr;
        for (const Placed& placed : m_placed) {
            if (placed.wall.start_us <= time_us) {
                found = &placed;
            }
        }
        return found != nullptr ? found : (m_placed.empty() ? nullptr : &m_placed.front());
    }

    Hit to_hit(const MotionEvent& event) const {
        Hit hit;
        hit.camera_id = m_camera.id;
        hit.id = format_hit_id(HitKey{m_camera.id, event.start_us, event.end_us, ""});
        hit.start_us = event.start_us - m_query.pad_us;
        hit.end_us = event.end_us + m_query.pad_us;
        hit.peak_us = event.peak_us;
        hit.score = event.score;
        hit.box = event.box;
        hit.peak_cells = event.peak_cells;
        if (const Placed* placed = placed_at(event.start_us)) {
            hit.recording = placed->row->path;
            hit.offset_s = static_cast<double>(event.start_us - placed->wall.start_us) / 1e6;
        }
        if (const Placed* placed = placed_at(event.peak_us)) {
            hit.peak_recording = placed->row->path;
            hit.peak_offset_us = event.peak_us - placed->wall.start_us;
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

}  // namespace

SearchResult search(catalog::Catalog& catalog, const Query& query) {
    check(query);
    SearchResult result;
    std::set<std::string> wanted(query.cameras.begin(), query.cameras.end());
    for (const catalog::CameraRow& camera : catalog.cameras()) {
        if (!wanted.empty() && wanted.count(camera.id) == 0) {
            continue;
        }
        std::vector<catalog::RecordingRow> recordings = catalog.recordings(camera.id);
        if (query.object) {
            search_objects(catalog, query, camera, recordings, result);
        } else {
            CameraSearch(catalog, query, camera).run(recordings, result);
        }
    }
    std::stable_sort(result.hits.begin(), result.hits.end(), [](const Hit& a, const Hit& b) {
        return a.start_us != b.start_us ? a.start_us < b.start_us : a.camera_id < b.camera_id;
    });
    result.total = static_cast<int64_t>(result.hits.size());
    if (query.limit && result.hits.size() > static_cast<size_t>(*query.limit)) {
        result.hits.resize(static_cast<size_t>(*query.limit));
    }
    return result;
}

}  // namespace footage::search
