#pragma once
// A share 0..1 as a whole percentage for people: "37%", "less than 1%" for a trace.
#include <algorithm>
#include <cmath>
#include <string>

namespace footage {

inline std::string percent_text(double fraction) {
    if (fraction > 0.0 && fraction < 0.005) {
        return "less than 1%";
    }
    return std::to_string(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 100.0))) +
           "%";
}

}  // namespace footage
