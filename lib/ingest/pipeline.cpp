#include "lib/ingest/pipeline.hpp"

#include <algorithm>

namespace footage::ingest {

PipelineResult run_pipeline(const indexers::RecordingContext& recording,
                            std::vector<std::unique_ptr<indexers::Indexer>>& indexers,
                            bool exhaustive) {
    (void)exhaustive;  // still-GOP skipping arrives with the motion index
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
        for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
            indexer->on_frame(frame);
        }
    };
    PipelineResult result;
    result.stats = media::decode_frames(recording.path, options, fan_out);
    double frame_us = recording.frame_rate > 0.0 ? 1e6 / recording.frame_rate : 0.0;
    result.decoded_length_us = result.stats.frames_decoded > 0
                                   ? result.stats.last_pts_us + static_cast<int64_t>(frame_us)
                                   : 0;
    return result;
}

}  // namespace footage::ingest
