#include "lib/ingest/pipeline.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <opencv2/imgproc.hpp>

#include "lib/ingest/keyframe_change.hpp"
#include "lib/ingest/still_plan.hpp"
#include "lib/media/clock_finder.hpp"
#include "lib/media/packet_scan.hpp"
#include "lib/media/span_union.hpp"

namespace footage::ingest {

using media::union_of;

namespace {

// `spans` less every part of them inside `cut` (both sorted, non-overlapping).
std::vector<media::Span> without(const std::vector<media::Span>& spans,
                                 const std::vector<media::Span>& cut) {
    std::vector<media::Span> left;
    for (media::Span span : spans) {
        for (const media::Span& c : cut) {
            if (c.end_us <= span.start_us || c.start_us >= span.end_us) {
                continue;
            }
            if (c.start_us > span.start_us) {
                left.push_back({span.start_us, c.start_us});
            }
            span.start_us = c.end_us;
            if (span.start_us >= span.end_us) {
                break;
            }
        }
        if (span.start_us < span.end_us) {
            left.push_back(span);
        }
    }
    return left;
}

// The plan, with the spans some indexer must see decoded taken out of its still spans.
void decode_required(StillPlan& plan, const std::vector<media::Span>& required) {
    if (plan.decode.empty() || required.empty()) {
        return;  // everything is decoded anyway
    }
    std::vector<media::Span> joined = union_of(required);
    plan.still = without(plan.still, joined);
    joined.insert(joined.end(), plan.decode.begin(), plan.decode.end());
    plan.decode = union_of(std::move(joined));
}

// The line of a clock burned into the first 13 s of the recording (clock_finder), in the
// samples the motion model would look in: the pass's (`pass`: 5 a second, 320 px wide, decoded
// alike), its first 65, blurred as it blurs them. So the model, told of it, ignores the band it
// would have found itself.
std::optional<media::Box> find_clock(const std::string& path,
                                     const media::FrameSourceOptions& pass) {
    media::FrameSourceOptions options = pass;
    options.decode_spans = {{0, media::kClockWindowUs}};
    std::vector<media::TimedFrame> samples;
    media::decode_frames(path, options, [&](const media::LumaFrame& frame) {
        if (static_cast<int32_t>(samples.size()) >= media::kClockSamples) {
            return;
        }
        cv::Mat luma(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.data),
                     static_cast<size_t>(frame.stride));
        media::TimedFrame sample{frame.pts_us, {}};
        cv::GaussianBlur(luma, sample.grey, cv::Size(3, 3), 0);
        samples.push_back(std::move(sample));
    });
    std::optional<media::ClockLine> clock = media::find_clock_line(samples);
    if (!clock) {
        return std::nullopt;
    }
    return clock->line_fraction();
}

// What to decode, and the clock burned into the picture if it was found on the way.
struct Probed {
    StillPlan plan;
    std::optional<media::Box> clock_line;
};

// Reads the packets and, when the packet sizes say it can pay, the keyframes, and decides
// what need not be decoded. A clock burned into the picture shows another time in every
// keyframe: when the first keyframes that differ do so only in a short band, the clock is
// looked for in the first 13 s and its line left out of the comparison; the pass is told where
// it is, so those 13 s need not be decoded again for the motion model to find it.
Probed plan_decoding(const indexers::RecordingContext& recording,
                     const media::FrameSourceOptions& options, const PipelineProgress& progress) {
    const std::string& path = recording.path;
    std::vector<media::PacketInfo> packets = media::read_packets(path);
    if (!checking_pays(packets, static_cast<int64_t>(recording.width) * recording.height)) {
        return {};
    }
    KeyframeCheck check(packets);
    KeyframeChange change;
    bool probed = false;
    std::optional<media::Box> clock_line;
    bool checked = media::decode_keyframes(
        path, options.decoder, options.luma_width,
        [&](int64_t pts_us) { return check.wanted(pts_us); },
        [&](const media::LumaFrame& frame) {
            if (progress) {
                progress("scanning", frame.pts_us);
            }
            bool differs = change.differs(frame);
            if (differs && !probed && change.changed_like_text()) {
                probed = true;
                clock_line = find_clock(path, options);
                if (clock_line) {
                    differs = change.ignore(*clock_line);
                }
            }
            return check.record(frame.pts_us, differs);
        });
    if (!checked) {
        return {};
    }
    return Probed{check.plan(), clock_line};
}

}  // namespace

PipelineResult run_pipeline(const indexers::RecordingContext& recording,
                            std::vector<std::unique_ptr<indexers::Indexer>>& indexers,
                            bool exhaustive, const PipelineProgress& progress) {
    indexers::RecordingContext pass = recording;  // with what the plan learns about it
    media::FrameSourceOptions options;
    options.sample_fps = 0.0;
    options.luma_width = 0;
    for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
        indexers::FrameNeeds needs = indexer->needs();
        options.sample_fps = std::max(options.sample_fps, needs.sample_fps);
        options.luma_width = std::max(options.luma_width, needs.luma_width);
    }
    options.decoder.skip_loop_filter = true;
    auto fan_out = [&](const media::LumaFrame& frame) {
        indexers::FrameNotes notes;
        for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
            indexer->on_frame(frame, notes);
        }
        if (progress) {
            progress("decoding", frame.pts_us);
        }
    };
    // Decode only what the indexers name, when every one of them names spans.
    std::vector<media::Span> wanted;
    bool all_named = !indexers.empty();
    for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
        std::optional<std::vector<media::Span>> spans = indexer->wanted_spans(recording);
        all_named = all_named && spans.has_value();
        if (spans) {
            wanted.insert(wanted.end(), spans->begin(), spans->end());
        }
    }
    const bool named = all_named && !exhaustive;
    StillPlan plan;
    std::vector<media::Span> decoded{{0, std::numeric_limits<int64_t>::max()}};
    if (named) {
        decoded = union_of(std::move(wanted));
    } else if (!exhaustive) {
        Probed probed = plan_decoding(recording, options, progress);
        plan = std::move(probed.plan);
        pass.clock_line = probed.clock_line;
        if (!plan.decode.empty()) {
            decoded = plan.decode;
        }
    }
    for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
        indexer->begin(pass);
    }
    // Known what is decoded anyway, each indexer says what it needs on top.
    std::vector<media::Span> required;
    for (const std::unique_ptr<indexers::Indexer>& indexer : indexers) {
        std::vector<media::Span> must = indexer->required_spans(pass, decoded);
        required.insert(required.end(), must.begin(), must.end());
    }
    if (named) {
        decoded.insert(decoded.end(), required.begin(), required.end());
        options.decode_spans = union_of(std::move(decoded));
    } else if (!exhaustive) {
        decode_required(plan, required);
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
