#pragma once
// What one indexer tells the ones after it: typed notes, each under a key declared here with
// its type and meaning. An indexer publishes a note without knowing who reads it, and reads one
// without knowing who wrote it; the registry's order decides who comes first.
//
// Two notebooks travel with a recording:
// - FrameNotes, one per decoded frame, filled by on_frame() in registry order during a pass;
// - RecordingContext::recalled, filled before the pass by IndexerInfo::recall of the indexers
//   that indexed the recording in an earlier run (and do not run in this one).
#include <any>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/media/box.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::indexers {

// A note's name and the type of its value.
template <typename T>
struct NoteKey {
    std::string_view name;
};

class Notes {
  public:
    template <typename T>
    void put(const NoteKey<T>& key, T value) {
        m_values[std::string(key.name)] = std::move(value);
    }

    // Null when nobody wrote the note.
    template <typename T>
    const T* get(const NoteKey<T>& key) const {
        auto it = m_values.find(std::string(key.name));
        return it == m_values.end() ? nullptr : std::any_cast<T>(&it->second);
    }

  private:
    std::map<std::string, std::any> m_values;
};

// Per frame. The share of the frame in motion (0..1), for a frame the motion indexer judged in
// this pass (its model needs a few samples first: no note for those).
inline constexpr NoteKey<double> kMovingShare{"moving_share"};

// Per frame, once the motion indexer knows it (from its first judged frame when the still plan
// found it, RecordingContext::clock_line; else from the recording's 13th second): the line of a
// clock burned into the picture (fractions of the frame), whose ticking is no motion.
inline constexpr NoteKey<media::Box> kClockLine{"clock_line"};

// Per recording, recalled from a stored index. Where motion was seen, from the recording's
// start (the motion index's events at the default sensitivity).
inline constexpr NoteKey<std::vector<media::Span>> kMotionSpans{"motion_spans"};

using FrameNotes = Notes;

}  // namespace footage::indexers
