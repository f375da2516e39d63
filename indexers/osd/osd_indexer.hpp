#pragma once
// The OSD indexer (`index --osd`): reads the clock burned into the picture on the shared decode
// pass, from a dense burst of native-resolution frames at the start and a few frames every few
// minutes after, and stores the readings, the format and the offset "OSD minus the catalogued
// start" (osd_store.hpp). docs/osd.md says how the clock is read.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "indexers/indexer.hpp"

namespace footage::indexers::osd {

std::unique_ptr<Indexer> make_osd_indexer();

// The stretches of a recording `duration_us` long the indexer reads, given what the pass
// decodes anyway (`decoded`, sorted): ~12 s to learn the font, in the first decoded stretch that
// long within the first 5 minutes (else the longest there, lengthened), and on to the reader's
// whole learning window (15 s, kLearningWindowUs) as far as the pass decodes it anyway; then
// 1.5 s per 5 minutes, in the decoded stretch nearest each mark (else at the mark); and the last
// 2 s (or the last decoded stretch's last 1.5-2 s). With everything decoded: the first 15 s,
// 1.5 s at every 5-minute mark and the last 2 s.
std::vector<media::Span> osd_bursts(int64_t duration_us, const std::vector<media::Span>& decoded);

// Which of the frames a pass hands over (in time order) the indexer reads, given its bursts
// (osd_bursts): those inside a burst, the learning one (the first) at least 0.15 s apart, past
// its first 12 s only while the reader's learning window has room (64 frames: 15 s at the 4
// frames a second of `--osd` alone, ~12.8 s at motion's 5), the later ones 0.5 s apart. The
// reader test chooses its frames with it too, so that its score is the one `index --osd` gets.
class OsdFrameChoice {
  public:
    explicit OsdFrameChoice(std::vector<media::Span> bursts = {});
    // Whether the frame at `pts_us` is to be read; then taken() once it is.
    bool wanted(int64_t pts_us) const;
    void taken(int64_t pts_us);
    const std::vector<media::Span>& bursts() const { return m_bursts; }

  private:
    std::vector<media::Span> m_bursts;
    int64_t m_last_us;
};

// Its registry row: tables and migrations.
const IndexerInfo& osd_indexer_info();

}  // namespace footage::indexers::osd
