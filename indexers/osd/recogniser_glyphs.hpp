#pragma once
// The font's digits learnt from fewer than ten seconds of a clock: the seconds' units name the
// digits they showed by their order of change, and the text recogniser's reading of the line
// names the cells that show the others. Each naming checks the other; any disagreement refuses.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/osd/glyphs.hpp"

namespace footage::indexers::osd {

// One second of the clock as the text recogniser read it.
struct TextReadSecond {
    int64_t second = 0;             // k, numbered as the seconds' units are (SecondSums)
    std::vector<std::string> text;  // per cell: what was read over it ("" nothing clear)
    // Per cell: its mean ink over the second's frames, band height x (template width + twice
    // the match search), centred on the cell (empty where not cropped).
    std::vector<cv::Mat> ink;
};

struct TextGlyphs {
    Glyphs glyphs;
    int64_t k9 = 0;  // a second after which the tens would change (glyphs_from_seconds)
};

// Digits from `units` (the seconds' units cell, whose order of change names its glyphs up to a
// rotation) and `read` (at least three seconds the recogniser read). The rotation is the one the
// recogniser's reading of the units cell gives, and every second read must give the same one;
// the units' glyphs come from those seconds only. A digit they never showed is learnt from the
// cells read as it in at least two seconds.
// Every cell read as a digit must look more like that digit's glyph than like any other (the
// units' glyphs, and the other read digits learnt from other seconds): one glyph never carries
// two names. Nullopt, with `why`, when any check fails.
std::optional<TextGlyphs> glyphs_from_text(const SecondSums& units, const SecondSums& tens,
                                           size_t units_cell,
                                           const std::vector<TextReadSecond>& read,
                                           std::string& why);

}  // namespace footage::indexers::osd
