#pragma once
// Reads a recording's video packets in file order and knows each one's number among them,
// also after a seek (exact for containers that index every packet, such as MP4; elsewhere a
// seek falls back to reading from the start). The numbering is what packets.csv records.
#include <cstdint>
#include <filesystem>
#include <limits>

#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/media/open_input.hpp"
#include "lib/timecode/units.hpp"

namespace footage::evidence {

using timecode::kUnknownTime;

class PacketReader {
  public:
    // Throws MediaError naming the file when it cannot be opened.
    explicit PacketReader(const std::filesystem::path& path);

    AVStream* stream() const { return m_stream; }
    const media::OpenInput& input() const { return m_input; }

    // Microseconds from the recording's start; kUnknownTime for AV_NOPTS_VALUE.
    int64_t to_us(int64_t ts) const;

    // Positions the reader at or before `us` (at the start when the packets' numbers could
    // not be known after a seek).
    void seek(int64_t us);

    // The next video packet (owned by the reader, valid until the next call), or null at the end.
    AVPacket* next();

    // The number of the packet next() returned last.
    int64_t index() const { return m_index; }

  private:
    void open();

    std::filesystem::path m_path;
    media::OpenInput m_input;
    AVStream* m_stream = nullptr;
    int64_t m_origin = 0;
    media::PacketPtr m_packet;
    bool m_full_index = false;
    bool m_after_seek = false;
    int64_t m_next_index = 0;
    int64_t m_index = 0;
};

}  // namespace footage::evidence
