#pragma once
// One interface for every indexer; the pipeline decodes once and fans frames out to them.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexers/notes.hpp"
#include "indexers/search_hook.hpp"
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
    // When the recording started by the recorder's clock (UTC), in which zone its local times
    // are read, and how the start was learnt (RecordingRow's fields); unset before it is known.
    std::optional<int64_t> start_recorder_us;
    std::string zone;
    std::string time_source;
    // What the indexes stored by earlier runs say about the recording (IndexerInfo::recall of
    // each indexer that indexed it before and does not run in this pass); see notes.hpp.
    Notes recalled;
    // The line of a clock burned into the picture (fractions of the frame), when the still plan
    // found it before the pass (clock_finder, in the samples the motion model would look in);
    // unset in finish() and where the plan did not look: then the motion model looks itself.
    std::optional<media::Box> clock_line;
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
    // The spans of the recording this indexer needs decoded (from its start), asked before
    // begin(); nullopt: all of it. The pipeline decodes only the union when every indexer of the
    // pass names spans, and otherwise the whole recording (less what it can tell is still).
    virtual std::optional<std::vector<media::Span>> wanted_spans(
        const RecordingContext& recording) const {
        (void)recording;
        return std::nullopt;
    }
    // Spans this indexer must see decoded even where the stream shows nothing moving (a clock
    // burned into the picture changes every second where motion sees a still scene). Asked once
    // per recording, after begin() and before the first frame, when the pass knows what it
    // decodes anyway: `decoded`, sorted and non-overlapping, the last one possibly running past
    // the end (the whole recording when nothing is skipped). The indexer takes what it can from
    // there (it may remember what it chose) and asks only for the rest, which is decoded on top;
    // frames there reach every indexer.
    virtual std::vector<media::Span> required_spans(const RecordingContext& recording,
                                                    const std::vector<media::Span>& decoded) {
        (void)recording;
        (void)decoded;
        return {};
    }
    virtual void begin(const RecordingContext& recording) = 0;
    // `notes` holds what the indexers before this one in the registry noted about the frame;
    // add what the ones after it may use (notes.hpp declares every key).
    virtual void on_frame(const media::LumaFrame& frame, FrameNotes& notes) = 0;
    // A span the pipeline did not decode because nothing in it can have changed.
    virtual void on_still(const media::Span& span) { (void)span; }
    // A start the indexer read in the picture itself (a clock burned into it), as a local
    // civil time, microseconds since 1970-01-01 (zone-less), of the recording's first frame;
    // asked after the pass, and used only for a recording nothing else gave a start.
    virtual std::optional<int64_t> start_local_us() { return std::nullopt; }
    // Stores results; called inside the recording's transaction, after its row is written.
    virtual void finish(catalog::Catalog& catalog, const RecordingContext& recording) = 0;
};

// A camera's clock as an indexer measured it in the pictures (the clock burned into them).
struct MeasuredClock {
    std::string how;  // "osd": the clock burned into the picture
    int recordings = 0;  // recordings measured
    int flagged = 0;     // of them, with a reading that needs a look (a jump, a frozen clock...)
    int64_t offset_us = 0;  // the median of "picture's time minus the catalogued start"
    std::optional<double> drift_seconds_per_day;  // how that offset moves across recordings
};

// Everything the rest of footage knows about an indexer: one row of the registry.
struct IndexerInfo {
    std::string_view name = {};         // "motion": what `index --motion` and the catalog call it
    std::string_view description = {};  // one line, for --help
    bool on_by_default = false;
    std::unique_ptr<Indexer> (*make)() = nullptr;
    // Checks, before any file is touched, that what the indexer needs is there (a model);
    // throws an Error that says how to fix it. Null: nothing to check.
    void (*prepare)() = nullptr;
    // The catalog tables holding its rows, each with a `recording_id` column: `merge` copies
    // them with their recording, and a recording indexed again loses its rows in them before
    // finish() stores the new ones.
    std::span<const std::string_view> tables = {};
    // SQL steps creating and changing those tables, applied in order to a catalog written by
    // `index` or `merge` (each once; index_tables.hpp). Append only, never edit a shipped step.
    // Motion's and objects' first tables came with the catalog's own schema.
    std::span<const std::string_view> migrations = {};
    // Reads back, from the index it stored for a recording in an earlier run, the notes later
    // indexers may use (notes.hpp), when the recording is indexed again for others only.
    void (*recall)(catalog::Catalog& catalog, int64_t recording_id, Notes& notes) = nullptr;
    // How its index is searched; null: it is not.
    const SearchHook* search = nullptr;
    // A camera's clock measured from its index (the report's time check); null: it measures
    // none. Returns nullopt when it measured nothing for the camera.
    std::optional<MeasuredClock> (*measure_clock)(catalog::Catalog& catalog,
                                                  const std::string& camera_id) = nullptr;
};

// The built-in indexers (registry.cpp), then any added with add_indexer(), in the order the
// pipeline calls them.
std::span<const IndexerInfo> registry();
// Adds an indexer after the built-in ones (tests; call before anything reads the registry).
void add_indexer(const IndexerInfo& info);
// Null when no indexer has that name.
const IndexerInfo* find_indexer(std::string_view name);
// What the indexes stored for a recording say (the recall of every indexer its `indexers`
// column lists), e.g. kMotionSpans where it was indexed for motion.
Notes recall_notes(catalog::Catalog& catalog, const catalog::RecordingRow& recording);
// The hooks of the registry's searchable indexers, in its order; and the one answering `kind`
// (empty: the default, the first), null when none does.
std::vector<const SearchHook*> search_hooks();
const SearchHook* find_search_hook(std::string_view kind);

}  // namespace footage::indexers
