#pragma once
// The one decode pass: decode a recording once and fan its sampled frames out to the indexers.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "indexers/indexer.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::ingest {

struct PipelineResult {
    media::DecodeStats stats;
    int64_t decoded_length_us = 0;  // the length the frames actually cover
};

// Where a pass over a recording is: its phase ("scanning" the packets and keyframes, then
// "decoding" for the indexers) and the media time reached in it.
using PipelineProgress = std::function<void(const char* phase, int64_t media_us)>;

// Runs begin/on_frame/on_still on every indexer (finish() is the caller's, inside its
// transaction). Throws MediaError when the recording cannot be decoded.
PipelineResult run_pipeline(const indexers::RecordingContext& recording,
                            std::vector<std::unique_ptr<indexers::Indexer>>& indexers,
                            bool exhaustive, const PipelineProgress& progress = {});

}  // namespace footage::ingest
