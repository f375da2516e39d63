#include "indexers/motion/grid_codec.hpp"

#include <stdexcept>

#include "lib/util/error.hpp"

namespace footage::indexers::motion {

namespace {

void put_varint(std::string& out, uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

class Reader {
  public:
    explicit Reader(const std::string& blob) : m_blob(blob) {}

    bool done() const { return m_pos == m_blob.size(); }

    uint64_t varint() {
        uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            uint8_t byte = next();
            value |= static_cast<uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) {
                return value;
            }
        }
        throw CatalogError("motion grid: varint too long");
    }

    uint8_t next() {
        if (m_pos >= m_blob.size()) {
            throw CatalogError("motion grid: truncated chunk");
        }
        return static_cast<uint8_t>(m_blob[m_pos++]);
    }

  private:
    const std::string& m_blob;
    size_t m_pos = 0;
};

}  // namespace

// Per frame: varint pts delta (from the previous frame, the first from the chunk start), varint
// count of non-zero cells, then per such cell a varint index delta and its activity byte. Still
// CCTV frames have a handful of active cells, so this stays far below one byte per cell.
std::string encode_frames(const std::vector<GridFrame>& frames, int32_t cols, int32_t rows,
                          int64_t chunk_start_offset_us) {
    const size_t cells = static_cast<size_t>(cols) * static_cast<size_t>(rows);
    std::string out;
    int64_t previous_us = chunk_start_offset_us;
    for (const GridFrame& frame : frames) {
        if (frame.cells.size() != cells || frame.pts_offset_us < previous_us) {
            throw std::invalid_argument("motion grid: frame out of order or of the wrong size");
        }
        put_varint(out, static_cast<uint64_t>(frame.pts_offset_us - previous_us));
        previous_us = frame.pts_offset_us;
        uint64_t active = 0;
        for (uint8_t value : frame.cells) {
            active += value != 0 ? 1 : 0;
        }
        put_varint(out, active);
        size_t previous_cell = 0;
        for (size_t i = 0; i < cells; ++i) {
            if (frame.cells[i] != 0) {
                put_varint(out, i - previous_cell);
                out.push_back(static_cast<char>(frame.cells[i]));
                previous_cell = i;
            }
        }
    }
    return out;
}

void visit_frames(const std::string& blob, int32_t cols, int32_t rows,
                  int64_t chunk_start_offset_us,
                  const std::function<void(int64_t, const std::vector<Cell>&)>& visit) {
    const size_t cells = static_cast<size_t>(cols) * static_cast<size_t>(rows);
    Reader reader(blob);
    int64_t pts_offset_us = chunk_start_offset_us;
    std::vector<Cell> changed;
    while (!reader.done()) {
        pts_offset_us += static_cast<int64_t>(reader.varint());
        uint64_t active = reader.varint();
        if (active > cells) {
            throw CatalogError("motion grid: more active cells than the grid holds");
        }
        changed.clear();
        size_t cell = 0;
        for (uint64_t i = 0; i < active; ++i) {
            cell += static_cast<size_t>(reader.varint());
            if (cell >= cells) {
                throw CatalogError("motion grid: cell index outside the grid");
            }
            changed.push_back(Cell{static_cast<uint16_t>(cell), reader.next()});
        }
        visit(pts_offset_us, changed);
    }
}

std::vector<GridFrame> decode_frames(const std::string& blob, int32_t cols, int32_t rows,
                                     int64_t chunk_start_offset_us) {
    const size_t cells = static_cast<size_t>(cols) * static_cast<size_t>(rows);
    std::vector<GridFrame> frames;
    visit_frames(blob, cols, rows, chunk_start_offset_us,
                 [&](int64_t pts_offset_us, const std::vector<Cell>& changed) {
                     GridFrame frame{pts_offset_us, std::vector<uint8_t>(cells, 0)};
                     for (const Cell& cell : changed) {
                         frame.cells[cell.index] = cell.activity;
                     }
                     frames.push_back(std::move(frame));
                 });
    return frames;
}

namespace {

constexpr uint8_t kSparsePeak = 0x53;  // 'S'

}  // namespace

std::vector<uint8_t> encode_peak(const std::vector<uint8_t>& peak) {
    std::vector<uint8_t> sparse = {kSparsePeak};
    for (size_t i = 0; i < peak.size(); ++i) {
        if (peak[i] != 0) {
            sparse.push_back(static_cast<uint8_t>(i & 0xff));
            sparse.push_back(static_cast<uint8_t>(i >> 8));
            sparse.push_back(peak[i]);
        }
    }
    return sparse.size() < peak.size() && peak.size() <= 65536 ? sparse : peak;
}

std::vector<uint8_t> decode_peak(const std::vector<uint8_t>& stored, size_t cells) {
    if (stored.size() == cells) {
        return stored;
    }
    if (stored.empty() || stored.size() > cells || stored[0] != kSparsePeak ||
        (stored.size() - 1) % 3 != 0) {
        throw CatalogError("a motion chunk's peak is damaged (" + std::to_string(stored.size()) +
                           " bytes for " + std::to_string(cells) + " cells)");
    }
    std::vector<uint8_t> peak(cells, 0);
    for (size_t i = 1; i + 2 < stored.size(); i += 3) {
        size_t index = stored[i] | (static_cast<size_t>(stored[i + 1]) << 8);
        if (index >= cells) {
            throw CatalogError("a motion chunk's peak names cell " + std::to_string(index) +
                               " of " + std::to_string(cells));
        }
        peak[index] = stored[i + 2];
    }
    return peak;
}

}  // namespace footage::indexers::motion
