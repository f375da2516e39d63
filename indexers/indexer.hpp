#pragma once
// One interface for every indexer; the pipeline decodes once and fans frames out to them.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::indexers {

struct RecordingContext {
    int64_t recording_id = 0;  // valid in finish(); 0 before the row exists
    std::string path;
    int64_t duration_us = 0;  // as probed; the decode pass may learn the real length
    double frame_rate = 0.0;
    int32_t width = 0;
    int32_t height = 0;
    // Where the stored motion index saw motion (from the recording's start), when motion was
    // indexed by an earlier run rather than in this pass; null otherwise.
    const std::vector<media::Span>* stored_motion = nullptr;
};

// What indexers earlier in the registry learnt about a frame, for the ones after them (the
// pipeline calls them in registry order, and gives each frame one FrameNotes).
struct FrameNotes {
    // The share of the frame in motion (0..1), when the motion indexer judged this frame.
    std::optional<double> moving;
};

// What frames an indexer wants; the pipeline samples at the highest rate any indexer asks.
struct FrameNeeds {
    double sample_fps = 5.0;
    int32_t luma_width = 320;
};

class Indexer {
  public:
    virtual ~Indexer() = default;
    virtual FrameNeeds needs() const = 0;
    // The spans of the recording this indexer needs decoded (from its start); nullopt:
    // all of it. The pipeline decodes only the union when every indexer of the pass names
    // spans, and otherwise the whole recording (less what it can tell is still).
    virtual std::optional<std::vector<media::Span>> wanted_spans(
        const RecordingContext& recording) const {
        (void)recording;
        return std::nullopt;
    }
    virtual void begin(const RecordingContext& recording) = 0;
    virtual void on_frame(const media::LumaFrame& frame, FrameNotes& notes) = 0;
    // A span the pipeline did not decode because nothing in it can have changed.
    virtual void on_still(const media::Span& span) { (void)span; }
    // Stores results; called inside the recording's transaction, after its row is written.
    virtual void finish(catalog::Catalog& catalog, const RecordingContext& recording) = 0;
};

struct IndexerInfo {
    std::string_view name;         // "motion": what `index --motion` and the catalog call it
    std::string_view description;  // one line, for --help
    bool on_by_default;
    std::unique_ptr<Indexer> (*make)();
    // Checks, before any file is touched, that what the indexer needs is there (a model);
    // throws an Error that says how to fix it. Null: nothing to check.
    void (*prepare)() = nullptr;
};

std::span<const IndexerInfo> registry();
// Null when no indexer has that name.
const IndexerInfo* find_indexer(std::string_view name);

}  // namespace footage::indexers
