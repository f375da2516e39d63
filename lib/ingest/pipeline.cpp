#include "lib/ingest/pipeline.hpp"

#include <algorithm>
#include <map>

#include "lib/ingest/keyframe_change.hpp"
#include "lib/ingest/still_plan.hpp"
#include "lib/media/packet_scan.hpp"

namespace footage::ingest {

namespace {

// Reads the packets and keyframes and decides what need not be decoded.
StillPlan plan_decoding(const std::string& path, const media::FrameSourceOptions& options) {
    std::map<int64_t, bool> keyframe_differs;
    KeyframeChange change;
    std::vector<media::PacketInfo> packets = media::scan_packets(
        path, options.decoder, options.luma_width, [&](const media::LumaFrame& frame) {
            keyframe_differs[frame.pts_us] = change.differs(frame);
        });
    return plan_stills(packets, keyframe_differs);
}

}  // namespace

PipelineResult run_pipeline(const indexers::RecordingContext& recording,
                            std::vector<std::unique_ptr<indexers::Indexer>>& indexers,
                            bool exhaustive) {
    media::FrameSourceOptions options;
    options.sample_fps = 0.0;
    options.luma_width = 0;
    for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
        indexers::FrameNeeds needs = indexer->needs();
        options.sample_fps = std::max(options.sample_fps, needs.sample_fps);
        options.luma_width = std::max(options.luma_width, needs.luma_width);
        indexer->begin(recording);
    }
    options.decoder.skip_loop_filter = true;
    auto fan_out = [&](const media::LumaFrame& frame) {
        indexers::FrameNotes notes;
        for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
            indexer->on_frame(frame, notes);
        }
    };
    StillPlan plan;
    if (!exhaustive) {
        plan = plan_decoding(recording.path, options);
        options.decode_spans = plan.decode;
        for (const media::Span& span : plan.still) {
            for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
                indexer->on_still(span);
            }
        }
    }
    PipelineResult result;
    result.stats = media::decode_frames(recording.path, options, fan_out);
    double frame_us = recording.frame_rate > 0.0 ? 1e6 / recording.frame_rate : 0.0;
    result.decoded_length_us = result.stats.frames_decoded > 0
                                   ? result.stats.last_pts_us + static_cast<int64_t>(frame_us)
                                   : 0;
    return result;
}

}  // namespace footage::ingest
