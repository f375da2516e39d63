#include "lib/report/frame_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace footage::report {

namespace {

constexpr double kSketchWidth = 96.0;
constexpr double kSketchHeight = 54.0;

// "left", "centre" or "right" of a span [start, start + length] of 0..1.
const char* third(double start, double length, const char* low, const char* middle,
                  const char* high) {
    const double centre = start + length / 2.0;
    return centre < 1.0 / 3.0 ? low : centre < 2.0 / 3.0 ? middle : high;
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

}  // namespace

std::string place_in_words(const media::Box& box) {
    const bool wide = box.w >= 0.8;
    const bool tall = box.h >= 0.8;
    if (wide && tall) {
        return "the whole picture";
    }
    const std::string across = third(box.x, box.w, "left", "centre", "right");
    const std::string down = third(box.y, box.h, "top", "middle", "bottom");
    std::string where;
    if (wide) {
        where = "a band across the " + (down == "middle" ? std::string("middle") : down) +
                " of the picture";
    } else if (tall) {
        where = "a band down the " + (across == "centre" ? std::string("centre") : across) +
                " of the picture";
    } else if (across == "centre" && down == "middle") {
        where = "the centre of the picture";
    } else if (across == "centre") {
        where = "the " + down + " centre of the picture";
    } else if (down == "middle") {
        where = "the middle " + across + " of the picture";
    } else {
        where = "the " + down + " " + across + " of the picture";
    }
    const double share = std::clamp(box.w * box.h, 0.0, 1.0) * 100.0;
    const int percent = std::max(1, static_cast<int>(std::lround(share)));
    return where + ", about " + std::to_string(percent) + "% of it";
}

std::string frame_sketch_svg(const media::Box& box) {
    const double x = std::clamp(box.x, 0.0, 1.0) * kSketchWidth;
    const double y = std::clamp(box.y, 0.0, 1.0) * kSketchHeight;
    const double w = std::max(1.0, std::clamp(box.w, 0.0, 1.0) * kSketchWidth);
    const double h = std::max(1.0, std::clamp(box.h, 0.0, 1.0) * kSketchHeight);
    return "<svg class=\"sketch\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
           number(kSketchWidth) + "\" height=\"" + number(kSketchHeight) + "\" viewBox=\"0 0 " +
           number(kSketchWidth) + " " + number(kSketchHeight) +
           "\" role=\"img\" aria-label=\"where in the picture\">"
           "<rect x=\"0.5\" y=\"0.5\" width=\"" +
           number(kSketchWidth - 1) + "\" height=\"" + number(kSketchHeight - 1) +
           "\" fill=\"#fff\" stroke=\"#555\"/><rect x=\"" + number(x) + "\" y=\"" + number(y) +
           "\" width=\"" + number(w) + "\" height=\"" + number(h) +
           "\" fill=\"#1f4e9c\" fill-opacity=\"0.35\" stroke=\"#1f4e9c\"/></svg>";
}

}  // namespace footage::report
