#pragma once
// FFmpeg's spelling of footage's time unit, for av_rescale_q between a stream's time base and
// microseconds (lib/timecode/units.hpp).
extern "C" {
#include <libavutil/rational.h>
}

#include "lib/timecode/units.hpp"

namespace footage::media {

inline constexpr AVRational kMicros = {1, static_cast<int>(timecode::kMicrosPerSecond)};

}  // namespace footage::media
