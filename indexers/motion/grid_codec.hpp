#pragma once
// Compact storage of the motion grid: per sampled frame, one activity byte per cell
// (0 = still, 255 = every pixel of the cell changed). Frames are grouped in chunks; only
// frames with some activity are stored, and a chunk also keeps the per-cell peak, so a region
// query can skip a chunk without decoding it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace footage::indexers::motion {

struct GridFrame {
    int64_t pts_offset_us = 0;   // from the start of the recording
    std::vector<uint8_t> cells;  // cols * rows, row-major
};

// One changed cell of a frame.
struct Cell {
    uint16_t index = 0;  // row * cols + col
    uint8_t activity = 0;
};

struct MotionChunk {
    int64_t start_offset_us = 0;  // [start, end) from the start of the recording
    int64_t end_offset_us = 0;
    std::vector<uint8_t> peak;  // cols * rows: max activity of each cell over the chunk
    std::string frames;         // encode_frames() of the chunk's active frames
};

// A chunk's peak as stored: the cells that moved, as (cell index, activity) triples after a
// marker byte, or the dense cols * rows bytes when that is no longer. A stored peak shorter than
// the grid is therefore sparse, one as long is dense (catalogs before schema 4 hold only those).
std::vector<uint8_t> encode_peak(const std::vector<uint8_t>& peak);
// Throws CatalogError on a malformed blob.
std::vector<uint8_t> decode_peak(const std::vector<uint8_t>& stored, size_t cells);

// Frames must be sorted by pts and lie in [chunk_start_offset_us, ...). Round-trips exactly.
std::string encode_frames(const std::vector<GridFrame>& frames, int32_t cols, int32_t rows,
                          int64_t chunk_start_offset_us);
// Throws CatalogError on a malformed blob (the catalog is damaged).
std::vector<GridFrame> decode_frames(const std::string& blob, int32_t cols, int32_t rows,
                                     int64_t chunk_start_offset_us);
// The same frames without expanding them: `visit(pts_offset_us, changed cells)` per frame, in
// order. What search uses: a frame holds a handful of changed cells out of hundreds.
void visit_frames(const std::string& blob, int32_t cols, int32_t rows,
                  int64_t chunk_start_offset_us,
                  const std::function<void(int64_t, const std::vector<Cell>&)>& visit);

}  // namespace footage::indexers::motion
