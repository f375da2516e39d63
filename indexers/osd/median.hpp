#pragma once
// The median the OSD reader takes of its measures: the middle value, of an even count the upper
// of the two middle ones (a value that was measured, not a mean of two); 0 of none.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace footage::indexers::osd {

inline double median(std::vector<double> v) {
    if (v.empty()) {
        return 0.0;
    }
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace footage::indexers::osd
