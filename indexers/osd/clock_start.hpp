#pragma once
// Where the clock line a recording's readings are fitted to starts. The clock as it ran at the
// start of the recording is the one kept (after a jump the later line is flagged, not
// followed); but a glyph that loses ink to compression can be read clearly as another digit (a
// dotted 8 as a 3), so the clearest readings are trusted only where most readings do not keep
// another line around them.
#include <vector>

#include "indexers/osd/osd_reader.hpp"

namespace footage::indexers::osd {

struct ClockStart {
    double offset_s = 0.0;  // OSD seconds minus rate * video seconds at the start
    // Per reading: off that line in one digit only, with readings on the line before and after
    // it (a misread digit, not a clock that was set).
    std::vector<bool> misread_digit;
};

// `readings` in video order; `clear` the confidence of a clear reading; `twelve_hour` how the
// hours are shown (a digit is compared as drawn). The start is the median of the first seven
// clear readings (at a low bitrate the first second or two are blurred while the encoder
// settles, and misread), or of the first seven when fewer than three are clear; unless over
// half of all readings keep one other line, read before and after every reading on the first
// one, and differing from it in the same single digit: then that line's.
ClockStart clock_start(const std::vector<OsdReading>& readings, double rate, double clear,
                       bool twelve_hour);

}  // namespace footage::indexers::osd
