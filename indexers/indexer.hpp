#pragma once
// One interface for every indexer; the pipeline decodes once and fans frames out to them.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

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
    virtual void begin(const RecordingContext& recording) = 0;
    virtual void on_frame(const media::LumaFrame& frame) = 0;
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
};

std::span<const IndexerInfo> registry();
// Null when no indexer has that name.
const IndexerInfo* find_indexer(std::string_view name);

}  // namespace footage::indexers
