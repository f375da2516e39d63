#pragma once
// The font's digits as learnt from the seconds, and what a character cell of the OSD line is:
// which digit, a separator by its shape, AM or PM.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace footage::indexers::osd {

constexpr int kPad = 0;    // template margin, pixels (neighbours' ink stays out)
constexpr int kShift = 2;  // template search, pixels each way (at least; a sixth of a digit)

struct Glyphs {
    std::array<cv::Mat, 10> templates;  // CV_32F, band height x cell width
    std::array<bool, 10> known{};
};

struct Match {
    int digit = -1;
    double score = 0.0;   // overlap of the cell's ink with the digit's, 0..1
    double margin = 0.0;  // over the best other digit
};

// `width` columns of `band` centred on `center` (zeros beyond its edges).
cv::Mat crop_cell(const cv::Mat& band, int center, int width);

// Overlap of two inks (soft Jaccard): a separator shares little ink with a digit.
double overlap(const cv::Mat& a, const cv::Mat& b);

// The best digit for the cell centred on `center`, searched +-kShift pixels, or a sixth of the
// digit's width when that is more.
Match match_digit(const cv::Mat& band, int center, const Glyphs& glyphs);

// ':' '.' '-' '/' by shape from a cell's steady ink, or 0.
char separator_shape(const cv::Mat& steady, int digit_height);

// Whether a letter is a P (not an A): A is mirror-symmetric, P is not.
bool looks_like_p(const cv::Mat& steady);

// Whether a letter could be the M of AM/PM: a capital as tall as the digits' ink
// (`digit_height` rows), at least 0.8 of a digit's width, mirror-symmetric about its ink to
// within a pixel, with ink at both top corners (its stems). Two-letter weekdays beside the
// clock ("Di", "CN", "Mo", "Sa") fail one of these; an A or an O has no stems at the top.
bool looks_like_m(const cv::Mat& steady, int digit_height, int digit_width);

// Whether a letter that looks_like_m is surely an M: ink between its stems in the upper part
// of the letter (the diagonals leaving the stems' tops). A U ("TU", "SU", "JU") and an H
// ("TH") pass looks_like_m but have nothing there; neither has an M whose diagonals were lost
// to compression (then the AM/PM is in doubt, and said to be).
bool surely_m(const cv::Mat& steady);

// The seconds after which the tens of seconds changed (k9: the units show a 9 in it), from the
// tens cell's mean picture in each second k: where one second's picture differs from the next
// at least twice as much as seconds typically do (the strongest three), then where the pictures
// over up to five seconds on each side differ most (the strongest two). Empty when no second
// stands out: the cell is not the tens of a running clock, or its change drowns in the noise.
std::vector<int64_t> tens_changes(const std::map<int64_t, cv::Mat>& tens);

// A cell's pictures in each second k of the clock: their sum and how many frames were summed.
using SecondSums = std::map<int64_t, std::pair<cv::Mat, int>>;

// The digits named by the second k9 after which the tens of seconds changed: the units' glyph
// in second k is digit (k - k9 - 1) mod 10. A frame counts by how clearly it shows the clock:
// the tens cell's ink in its second against the same tens glyph's typical ink (a bright sky
// behind white text leaves a faint glyph broken, and its broken strokes match another digit
// better than its own). A digit that the units showed in fewer than two clear frames' worth
// takes the tens' glyph of the second stretch that shows it (the tens' digits are named by
// the units' glyphs they match best, 5 followed by 0), seen for up to ten seconds.
Glyphs glyphs_from_seconds(const SecondSums& units, const SecondSums& tens, int64_t k9);

// The first and the last row of `ink` (one channel) that hold any; none for an empty picture.
struct InkRows {
    int top = 0;
    int bottom = 0;  // inclusive
};
std::optional<InkRows> ink_rows(const cv::Mat& ink);

// Rows from the first to the last that hold ink.
int ink_height(const cv::Mat& steady);

}  // namespace footage::indexers::osd
