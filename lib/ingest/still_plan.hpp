#pragma once
// Decides, from compressed-domain evidence, which GOPs of a recording can be recorded as still
// without decoding them. A GOP is still only when every piece of evidence agrees:
//  - the keyframe after it decoded and shows nothing its own keyframe does not;
//  - none of its packets is larger than packets at the same place in the other GOPs by more
//    than the stream's own spread (moving content costs bits in P/B-frames);
//  - it is neither the first nor the last GOP, and its neighbours are still too (a margin of
//    one GOP either side of anything that might move).
// When the evidence is too thin (few GOPs, missing timestamps) or the saving too small, the
// plan is to decode everything.
// Checking has a price (every keyframe decoded once more), so `checking_pays` first asks the
// packet sizes alone whether enough could be skipped to repay it.
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
// Decoding work is estimated from the packets: a fixed cost per frame plus its bytes.
bool checking_pays(const std::vector<media::PacketInfo>& packets);

}  // namespace footage::ingest
