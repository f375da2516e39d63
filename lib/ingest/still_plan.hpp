#pragma once
// Decides, from compressed-domain evidence, which GOPs of a recording can be recorded as still
// without decoding them. A GOP is still only when every piece of evidence agrees:
//  - the keyframe after it decoded and shows nothing its own keyframe does not;
//  - its packets' sizes are usual for their places in the GOP, as far as the recording's own
//    noise model of sizes can tell (moving content changes the bits spent on P/B-frames, over
//    more than one frame);
//  - it is neither the first nor the last GOP, and its neighbours are still too (a margin of
//    one GOP either side of anything that might move).
// When the evidence is too thin (few GOPs, missing timestamps) or the saving too small, the
// plan is to decode everything.
// Checking has a price (every keyframe decoded once more), so `checking_pays` first asks the
// packet sizes alone whether enough could be skipped to repay it; KeyframeCheck then asks for
// only the keyframes whose check can change the plan, and gives up when the changes found early
// leave too little to skip.
#include <cstdint>
#include <map>
#include <vector>

#include "lib/media/frame_source.hpp"
#include "lib/media/packet_scan.hpp"

namespace footage::ingest {

struct StillPlan {
    std::vector<media::Span> decode;  // empty: decode the whole recording
    std::vector<media::Span> still;   // recorded as still, never decoded
};

// `keyframe_differs` maps each decoded keyframe's pts to whether it differs from the keyframe
// decoded before it; a keyframe missing from the map did not decode.
StillPlan plan_stills(const std::vector<media::PacketInfo>& packets,
                      const std::map<int64_t, bool>& keyframe_differs);

// Whether decoding the keyframes to check them can pay: false when, even if every keyframe
// matched the one before it, the decoding skipped (by packet sizes alone) would not outweigh
// the keyframes decoded twice (checked, then decoded again with their GOP) by a good margin.
// Decoding work is estimated from the packets: a fixed cost per frame (from its `frame_pixels`,
// when known, and at least the median packet) plus its bytes.
bool checking_pays(const std::vector<media::PacketInfo>& packets, int64_t frame_pixels = 0);

// The keyframe check of one recording, fed keyframe by keyframe in decode order. `packets` must
// outlive it.
class KeyframeCheck {
  public:
    explicit KeyframeCheck(const std::vector<media::PacketInfo>& packets);

    // Whether the keyframe at `pts_us` needs checking: not when the packet sizes (or the ends)
    // already keep the GOPs either side of it decoded, since its result cannot change the plan.
    bool wanted(int64_t pts_us) const;

    // Records a checked keyframe. False once an eighth of the GOPs (at least 16) is behind and
    // the changes found have left less than a third of the GOPs there that the packet sizes had
    // left to skip: checking the rest would not pay, and everything should be decoded.
    bool record(int64_t pts_us, bool differs);

    // The plan from the keyframes recorded (call when every wanted keyframe was offered).
    StillPlan plan() const { return plan_stills(m_packets, m_differs); }

  private:
    void keep(size_t gop);

    const std::vector<media::PacketInfo>& m_packets;
    std::map<int64_t, size_t> m_gop_of;  // keyframe pts -> GOP index
    std::vector<bool> m_wanted;
    std::vector<bool> m_by_size;  // GOPs the packet sizes keep decoded
    std::vector<bool> m_kept;     // GOPs the evidence so far keeps decoded
    size_t m_seen = 0;            // GOPs up to the last keyframe recorded
    size_t m_open_seen = 0;       // of them, not kept by sizes
    size_t m_clean_seen = 0;      // ... nor by the changes found
    size_t m_probe = 0;
    std::map<int64_t, bool> m_differs;
};

}  // namespace footage::ingest
