#pragma once
// A clock on two lines, as Hikvision and Dahua recorders often draw it: the date on the line
// above the time (or below it). The reader finds the time by its seconds; here the line beside
// it is found by its steady ink, and the two are joined side by side, in reading order, into one
// line that is read as a one-line clock is ("2024-03-05" over "08:12:58" reads as
// "YYYY-MM-DD HH:MM:SS").
#include <optional>

#include <opencv2/core.hpp>

namespace footage::indexers::osd {

// `steady` (CV_32F, placed at `origin` in the frame): per pixel, the share of the learning frames
// in which it is the text's ink. `time_ink`: the time's text in frame pixels (its columns, and
// the rows of its digits), `digit_height` their height. The nearest line of steady ink above
// (`above`) or below the time, its ink as tall as the digits give or take a third, at most a
// digit's height away, overlapping the time's columns; its ink's box in frame pixels. nullopt
// when there is none (or what lies there is not one line of text).
std::optional<cv::Rect> find_neighbour_line(const cv::Mat& steady, cv::Point origin,
                                            const cv::Rect& time_ink, int digit_height, bool above);

// `rect` (frame pixels) cut to the rows of `steady` that hold its ink (a tenth of the ink of its
// inkiest row or more): the box the seconds' changes gave includes the outline, the
// neighbour line's box (find_neighbour_line) does not, and the two are levelled by it.
cv::Rect ink_rows_of(const cv::Mat& steady, cv::Point origin, const cv::Rect& rect);

// Two lines of text, each given by its ink's box in `grey`, side by side on one line: `first`
// then `second`, their ink tops level, a digit's height apart, with a third of a digit's height
// of the picture around each and plain mid-grey elsewhere (no ink, no change).
struct JoinedLines {
    cv::Rect first;  // the ink boxes, in frame pixels
    cv::Rect second;
    int digit_height = 0;

    cv::Size size() const;
    cv::Mat join(const cv::Mat& grey) const;  // grey CV_8U frame in, the joined line out
    cv::Rect bounds() const;                  // both lines with their margins, in the frame
};

}  // namespace footage::indexers::osd
