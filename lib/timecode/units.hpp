#pragma once
// The one vocabulary for instants and spans. Every time in footage is an int64_t count of
// microseconds; what it counts from says which of three clocks it is, and the name says it too:
//   *_offset_us    from a recording's first frame (packet and frame times, clip bounds);
//   *_recorder_us  UTC as the recorder's clock said it (file names, container times; what the
//                  catalog stores as recordings.start_us);
//   *_utc_us       true UTC: the recorder's time plus the camera's declared clock offset
//                  (what search answers in and every printed time shows).
// A bare `_us` on a duration (`duration_us`, `gap_us`) is a length, not an instant.
#include <cstdint>
#include <limits>

namespace footage::timecode {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// An instant nobody knows (a packet without a timestamp): compares below every real time.
inline constexpr int64_t kUnknownTime = std::numeric_limits<int64_t>::min();

// The end of a span that has none ("to the end of the recording"): above every real time.
inline constexpr int64_t kOpenEnd = std::numeric_limits<int64_t>::max();

}  // namespace footage::timecode
