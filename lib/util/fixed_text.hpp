#pragma once
// A number with a fixed count of decimals, as people read it: fixed_text(0.8567, 2) is "0.86".
#include <cstdio>
#include <string>

namespace footage {

inline std::string fixed_text(double value, int places) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", places, value);
    return text;
}

}  // namespace footage
