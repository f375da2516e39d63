#include "lib/search/region.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "lib/util/error.hpp"

namespace footage::search {

media::Box parse_region(std::string_view text) {
    const std::string problem =
        "region \"" + std::string(text) +
        "\": expected x,y,w,h as fractions of the frame (0..1), e.g. 0.25,0.5,0.2,0.3";
    std::array<double, 4> values{};
    size_t pos = 0;
    for (size_t i = 0; i < values.size(); ++i) {
        size_t comma = i + 1 < values.size() ? text.find(',', pos) : text.size();
        if (comma == std::string_view::npos) {
            throw ParseError(problem);
        }
        std::string field(text.substr(pos, comma - pos));
        size_t used = 0;
        try {
            values[i] = std::stod(field, &used);
        } catch (const std::exception&) {
            throw ParseError(problem);
        }
        if (used != field.size() || field.empty() || !std::isfinite(values[i])) {
            throw ParseError(problem);  // NaN compares false with every bound: refuse it here
        }
        pos = comma + 1;
    }
    media::Box box{values[0], values[1], values[2], values[3]};
    if (box.x < 0.0 || box.y < 0.0 || box.w <= 0.0 || box.h <= 0.0 || box.x + box.w > 1.0 + 1e-9 ||
        box.y + box.h > 1.0 + 1e-9) {
        throw ParseError(problem + "; the box must be non-empty and inside the frame");
    }
    return box;
}

}  // namespace footage::search
