#pragma once
// An instant on a named clock, for logic that runs on more than one clock: motion events are
// built on a recording's offsets when it is indexed and on true UTC across a camera's recordings
// when it is searched. Instant<OffsetClock> and Instant<UtcClock> do not convert into each other
// nor into a bare int64_t, so the compiler keeps them apart where a field name could only ask
// the reader to (units.hpp names the clocks).
#include <compare>
#include <cstdint>

namespace footage::timecode {

struct OffsetClock;  // from a recording's first frame (the *_offset_us clock)
struct UtcClock;     // true UTC (the *_utc_us clock)

template <typename Clock>
struct Instant {
    int64_t us = 0;

    auto operator<=>(const Instant&) const = default;
    Instant operator+(int64_t duration_us) const { return Instant{us + duration_us}; }
    Instant operator-(int64_t duration_us) const { return Instant{us - duration_us}; }
    // Two instants of one clock are apart by a duration.
    int64_t operator-(const Instant& earlier) const { return us - earlier.us; }
};

using OffsetInstant = Instant<OffsetClock>;
using UtcInstant = Instant<UtcClock>;

}  // namespace footage::timecode
