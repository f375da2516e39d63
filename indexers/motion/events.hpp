#pragma once
// Motion events from activity grids: a sampled frame moves when a cell of the region of
// interest reaches the sensitivity's threshold; moving frames less than a second apart form one
// event. The indexer stores events at the default sensitivity; search recomputes them for any
// region and sensitivity from the stored grids, so both agree by construction.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "indexers/motion/grid_codec.hpp"
#include "lib/media/box.hpp"
#include "lib/timecode/instant.hpp"

namespace footage::indexers::motion {

// Sensitivity 1 (only a cell that changes almost entirely) .. 10 (a few pixels of a cell).
constexpr int32_t kDefaultSensitivity = 5;
// The activity (0..255) a cell needs at `sensitivity`; throws UsageError outside 1..10.
uint8_t cell_threshold(int32_t sensitivity);

using Box = media::Box;

// Which cells of a cols x rows grid count; all of them when built without regions.
class CellMask {
  public:
    CellMask(int32_t cols, int32_t rows);
    // Cells covered by any of `regions` (fractions). A cell counts when the region covers at
    // least half of it, or when it holds a region too small to cover half of any cell.
    CellMask(int32_t cols, int32_t rows, const std::vector<Box>& regions);

    int32_t cols() const { return m_cols; }
    int32_t rows() const { return m_rows; }
    bool contains(size_t cell) const { return m_in[cell] != 0; }
    int32_t size() const { return m_count; }

  private:
    int32_t m_cols;
    int32_t m_rows;
    std::vector<uint8_t> m_in;
    int32_t m_count = 0;
};

struct EventRules {
    uint8_t cell_threshold = 0;
    int64_t join_gap_us = 1'000'000;  // moving frames at most this far apart are one event
    int32_t min_samples = 2;          // a single flickering frame is not an event
    int64_t min_duration_us = 0;
};

// An event's instants are on one clock, the builder's: the indexer builds events on the
// recording's offsets (RecordingEvent, what the catalog stores), search on true UTC across the
// camera's recordings (CameraEvent), so events that run across files join.
template <typename Clock>
struct MotionEvent {
    using Time = timecode::Instant<Clock>;
    Time start;          // first moving frame
    Time end;            // last moving frame + one sample period
    Time peak;           // the frame with the largest moving area
    double score = 0.0;  // the peak share of the region's area that moved, 0..1
    Box box;             // bounding box of every moving cell of the event
    int32_t samples = 0;
    // The cells that moved at the peak (others 0); empty when loaded from the catalog.
    std::vector<uint8_t> peak_cells;
};

using RecordingEvent = MotionEvent<timecode::OffsetClock>;
using CameraEvent = MotionEvent<timecode::UtcClock>;

template <typename Clock>
class EventBuilder {
  public:
    using Time = timecode::Instant<Clock>;

    explicit EventBuilder(const EventRules& rules) : m_rules(rules) {}

    // Frames in time order; frames never given are still. `sample_us` is the sampling period
    // the frame stands for.
    void add(Time time, int64_t sample_us, const std::vector<uint8_t>& cells, const CellMask& mask);
    // The same with only the changed cells (what the catalog stores).
    void add(Time time, int64_t sample_us, const std::vector<Cell>& changed, const CellMask& mask);
    std::vector<MotionEvent<Clock>> finish();

  private:
    void close();

    EventRules m_rules;
    bool m_open = false;
    MotionEvent<Clock> m_event;
    Time m_last_moving;
    double m_x0 = 1.0, m_y0 = 1.0, m_x1 = 0.0, m_y1 = 0.0;
    std::vector<MotionEvent<Clock>> m_events;
    std::vector<Cell> m_changed;  // scratch for the dense add()
};

extern template class EventBuilder<timecode::OffsetClock>;
extern template class EventBuilder<timecode::UtcClock>;

}  // namespace footage::indexers::motion
