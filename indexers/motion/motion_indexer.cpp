#include "indexers/motion/motion_indexer.hpp"

#include <algorithm>
#include <optional>

#include "indexers/motion/events.hpp"
#include "indexers/motion/grid_codec.hpp"
#include "indexers/motion/motion_model.hpp"
#include "indexers/motion/motion_search.hpp"
#include "indexers/motion/motion_store.hpp"

namespace footage::indexers::motion {

namespace {

constexpr double kSampleFps = 5.0;
constexpr int64_t kSampleUs = 200'000;
constexpr int64_t kChunkUs = 20'000'000;
// Cells changed below this share (1.2%) are noise at every sensitivity and are not stored.
constexpr uint8_t kStoreFloor = 3;

class MotionIndexer : public Indexer {
  public:
    FrameNeeds needs() const override { return FrameNeeds{kSampleFps, 320}; }

    void begin(const RecordingContext& recording) override {
        m_model = MotionModel(m_params);
        if (recording.clock_line) {
            m_model.assume_clock(*recording.clock_line);
        }
        m_events_threshold = cell_threshold(kDefaultSensitivity);
        m_events.emplace(EventRules{m_events_threshold});
        m_chunks.clear();
        m_pending.clear();
        m_chunk_start_us = -1;
        m_skipped_us = 0;
    }

    void on_frame(const media::LumaFrame& frame, FrameNotes& notes) override {
        m_model.update(frame, m_emit);
        if (m_model.judged_pts_us() == frame.pts_us) {  // the model judged this frame already
            int32_t moving_cells = 0;
            for (uint8_t cell : m_model.judged_grid()) {
                moving_cells += cell >= m_events_threshold ? 1 : 0;
            }
            notes.put(kMovingShare, static_cast<double>(moving_cells) /
                                        static_cast<double>(m_model.judged_grid().size()));
        }
        if (std::optional<media::Box> line = clock_line()) {
            notes.put(kClockLine, *line);
        }
    }

    void on_still(const media::Span& span) override { m_skipped_us += span.end_us - span.start_us; }

    void finish(catalog::Catalog& catalog, const RecordingContext& recording) override {
        m_model.flush(m_emit);
        close_chunk();
        MotionMeta meta;
        meta.cols = m_params.cols;
        meta.rows = m_params.rows;
        meta.sample_us = kSampleUs;
        meta.skipped_us = m_skipped_us;
        meta.decoded_us = std::max<int64_t>(0, recording.duration_us - m_skipped_us);
        meta.clock_line = clock_line();
        store_motion(catalog, recording.recording_id, meta, m_chunks, m_events->finish());
    }

  private:
    // The burned-in clock's line the model ignores, in fractions of the frame, once known.
    std::optional<media::Box> clock_line() const {
        const std::optional<media::ClockLine>& clock = m_model.clock();
        if (!clock) {
            return std::nullopt;
        }
        return clock->line_fraction();
    }

    void on_grid(int64_t pts_us, const std::vector<uint8_t>& grid) {
        GridFrame stored{pts_us, grid};
        bool active = false;
        for (uint8_t& cell : stored.cells) {
            if (cell < kStoreFloor) {
                cell = 0;
            }
            active = active || cell != 0;
        }
        m_events->add(timecode::OffsetInstant{pts_us}, kSampleUs, stored.cells, m_whole_frame);
        if (!active) {
            return;
        }
        int64_t chunk_start_us = pts_us - pts_us % kChunkUs;
        if (chunk_start_us != m_chunk_start_us) {
            close_chunk();
            m_chunk_start_us = chunk_start_us;
        }
        m_pending.push_back(std::move(stored));
    }

    void close_chunk() {
        if (m_pending.empty()) {
            return;
        }
        MotionChunk chunk;
        chunk.start_offset_us = m_chunk_start_us;
        chunk.end_offset_us = m_chunk_start_us + kChunkUs;
        chunk.peak.assign(m_pending.front().cells.size(), 0);
        for (const GridFrame& frame : m_pending) {
            for (size_t i = 0; i < frame.cells.size(); ++i) {
                chunk.peak[i] = std::max(chunk.peak[i], frame.cells[i]);
            }
        }
        chunk.frames =
            encode_frames(m_pending, m_params.cols, m_params.rows, chunk.start_offset_us);
        m_chunks.push_back(std::move(chunk));
        m_pending.clear();
    }

    ModelParams m_params;
    MotionModel m_model{m_params};
    MotionModel::GridCallback m_emit = [this](int64_t pts_us, const std::vector<uint8_t>& grid) {
        on_grid(pts_us, grid);
    };
    CellMask m_whole_frame{m_params.cols, m_params.rows};
    std::optional<EventBuilder<timecode::OffsetClock>> m_events;
    std::vector<MotionChunk> m_chunks;
    std::vector<GridFrame> m_pending;
    int64_t m_chunk_start_us = -1;
    int64_t m_skipped_us = 0;
    uint8_t m_events_threshold = 0;  // a cell moves at the default sensitivity from this share
};

constexpr std::string_view kTables[] = {"motion_meta", "motion_chunks", "motion_events",
                                        "motion_ignored"};

// Where the stored index saw motion: its events at the default sensitivity.
void recall(catalog::Catalog& catalog, int64_t recording_id, Notes& notes) {
    std::vector<media::Span> spans;
    for (const RecordingEvent& event : load_events(catalog, recording_id)) {
        spans.push_back({event.start.us, event.end.us});
    }
    notes.put(kMotionSpans, std::move(spans));
}

}  // namespace

std::unique_ptr<Indexer> make_motion_indexer() { return std::make_unique<MotionIndexer>(); }

const IndexerInfo& motion_indexer_info() {
    static const IndexerInfo info = {
        .name = "motion",
        .description = "coarse motion grid and motion events (for search --motion)",
        .on_by_default = true,
        .make = &make_motion_indexer,
        .tables = kTables,
        .migrations = kMotionMigrations,
        .recall = &recall,
        .search = &kMotionSearch,
    };
    return info;
}

}  // namespace footage::indexers::motion
