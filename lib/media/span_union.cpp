#include "lib/media/span_union.hpp"

#include <algorithm>

namespace footage::media {

std::vector<Span> union_of(std::vector<Span> spans) {
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start_us < b.start_us; });
    std::vector<Span> joined;
    for (const Span& span : spans) {
        if (!joined.empty() && span.start_us <= joined.back().end_us) {
            joined.back().end_us = std::max(joined.back().end_us, span.end_us);
        } else {
            joined.push_back(span);
        }
    }
    if (joined.empty()) {
        joined.push_back({0, 0});
    }
    return joined;
}

}  // namespace footage::media
