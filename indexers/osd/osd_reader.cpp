#include "indexers/osd/osd_reader.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <tuple>

#include <opencv2/imgproc.hpp>

#include "indexers/osd/clock_lines.hpp"
#include "indexers/osd/clock_start.hpp"
#include "indexers/osd/glyphs.hpp"
#include "indexers/osd/median.hpp"
#include "indexers/osd/osd_format.hpp"
#include "indexers/osd/recogniser_glyphs.hpp"
#include "indexers/osd/seconds_digit.hpp"
#include "indexers/osd/text_line_ocr.hpp"
#include "lib/timecode/time.hpp"

namespace footage::indexers::osd {
namespace {

constexpr double kWindowSeconds = static_cast<double>(kLearningWindowUs) / 1e6;
// A reading whose weakest digit matched its template this much better than any other digit
// (OsdReading::confidence) is a clear one.
constexpr double kClearReading = 0.5;
// A clock seen for less is not looked for: its seconds' units must show at least three seconds
// the text recogniser reads (glyphs_from_text), and a few boundaries to find them by.
constexpr double kShortestClockSeconds = 5.0;

struct Ink {
    bool bright = true;
    bool outlined = false;  // only text-coloured pixels beside the outline's colour count
    // Text without an outline over a background of its own tone (white text over a bright
    // sky): ink is what stands `contrast` grey levels above (or below) the mean of the band
    // around it, within `scale` pixels each way, in each frame.
    bool relative = false;
    int contrast = 32;
    int scale = 16;
    int threshold = 128;
    int reach = 2;  // pixels: how far from the outline a text pixel may be (half a bold stroke)
    cv::Mat binarise(const cv::Mat& grey) const {
        cv::Mat out;
        if (relative) {
            cv::Mat level;
            grey.convertTo(level, CV_32F);
            cv::Mat around;
            cv::blur(level, around, cv::Size(2 * scale + 1, 2 * (grey.rows / 2) + 1),
                     cv::Point(-1, -1), cv::BORDER_REPLICATE);
            cv::Mat above = bright ? cv::Mat(level - around) : cv::Mat(around - level);
            cv::threshold(above, out, contrast, 1.0, cv::THRESH_BINARY);
            return out;
        }
        cv::threshold(grey, out, threshold, 1.0,
                      bright ? cv::THRESH_BINARY : cv::THRESH_BINARY_INV);
        if (outlined) {
            // White text on a white sky still has its black outline.
            cv::Mat edge;
            cv::threshold(grey, edge, bright ? 80 : 175, 1.0,
                          bright ? cv::THRESH_BINARY_INV : cv::THRESH_BINARY);
            cv::dilate(edge, edge,
                       cv::getStructuringElement(cv::MORPH_RECT,
                                                 cv::Size(2 * reach + 1, 2 * reach + 1)));
            out = out.mul(edge);
        }
        out.convertTo(out, CV_32F);
        return out;
    }
};

// The text's level: the steady extreme of the pixels that change with the seconds.
Ink find_ink(const std::vector<Frame>& window, const cv::Mat& mask, const cv::Rect& box,
             bool bright) {
    std::vector<double> highs;
    std::vector<double> lows;
    for (int y = box.y; y < box.br().y; ++y) {
        for (int x = box.x; x < box.br().x; ++x) {
            if (mask.at<uint8_t>(y, x) == 0) {
                continue;
            }
            int hi = 0;
            int lo = 255;
            for (const Frame& f : window) {
                int v = f.grey.at<uint8_t>(y, x);
                hi = std::max(hi, v);
                lo = std::min(lo, v);
            }
            highs.push_back(hi);
            lows.push_back(lo);
        }
    }
    Ink ink;
    ink.bright = bright;
    // A bold stroke is up to a fifth of the digit's height: its middle is within half of that
    // of the outline (a fixed 2 px hollowed the strokes of a 40-px bold font).
    ink.reach = std::max(2, (box.height + 9) / 10);
    double level = ink.bright ? median(highs) : median(lows);
    // Halfway to the background beside the text when that is close to the text's level (white
    // text over a bright sky), otherwise generous for thin strokes blurred by compression.
    const cv::Mat& grey = window.front().grey;
    cv::Rect near(
        std::max(0, box.x - 10 * box.height), box.y,
        std::min(grey.cols, box.br().x + 3 * box.height) - std::max(0, box.x - 10 * box.height),
        box.height);
    std::vector<double> around;
    for (int y = near.y; y < near.br().y; y += 2) {
        for (int x = near.x; x < near.br().x; x += 2) {
            around.push_back(grey.at<uint8_t>(y, x));
        }
    }
    std::sort(around.begin(), around.end());
    double background = around.empty()
                            ? (bright ? 0.0 : 255.0)
                            : around[bright ? around.size() * 6 / 10 : around.size() * 4 / 10];
    ink.threshold = static_cast<int>(bright ? std::max(level - 60, (level + background) / 2)
                                            : std::min(level + 60, (level + background) / 2));
    // For the relative ink: 0.4 of the seconds' typical swing between text and background.
    std::vector<double> swings;
    for (size_t i = 0; i < highs.size(); ++i) {
        swings.push_back(highs[i] - lows[i]);
    }
    ink.contrast = std::max(16, static_cast<int>(0.4 * median(swings)));
    ink.scale = box.height;
    return ink;
}

// Whether a frame shows the clock: the ink in the seconds' two digits is at least a quarter of
// what most frames show (a "1" has less ink than an "8"), and does not fill their box (text of
// the background's own tone vanishes, or the background floods the ink, for a while).
struct Legibility {
    int min_ink = 0;
    int max_ink = 1 << 30;
    static Legibility of(std::vector<int> counts, int area) {
        Legibility l;
        if (counts.empty()) {
            return l;
        }
        std::sort(counts.begin(), counts.end());
        l.min_ink = std::max(1, counts[counts.size() * 3 / 4] / 4);
        l.max_ink = area * 4 / 5;
        return l;
    }
    bool legible(int count) const { return count >= min_ink && count <= max_ink; }
};

struct Cell {
    int x0 = 0;
    int x1 = 0;  // exclusive
    int gap_before = 0;
};

std::vector<Cell> column_runs(const cv::Mat& ink_columns, int min_ink) {
    std::vector<Cell> runs;
    int start = -1;
    int last_end = -1;
    for (int x = 0; x <= ink_columns.cols; ++x) {
        bool on = x < ink_columns.cols && ink_columns.at<int>(0, x) >= min_ink;
        if (on && start < 0) {
            start = x;
        } else if (!on && start >= 0) {
            runs.push_back(Cell{start, x, last_end < 0 ? 1 << 20 : start - last_end});
            last_end = x;
            start = -1;
        }
    }
    return runs;
}

struct Line {
    cv::Rect band;            // rows of the line and the columns it spans
    std::vector<Cell> cells;  // in band coordinates
    std::vector<int> centers;
    int seconds_cell = -1;
    int cell_width = 0;
};

struct RawReading {
    int64_t pts_us = 0;
    double t = 0.0;
    int year = 0, a = 0, b = 0, hour = 0, minute = 0, second = 0;
    bool pm = false;
    double confidence = 0.0;
    bool complete = false;
};

int read_number(const std::vector<int>& slots, const std::vector<Match>& matches, double& conf,
                bool& complete) {
    int value = 0;
    for (int s : slots) {
        const Match& m = matches[static_cast<size_t>(s)];
        if (m.digit < 0) {
            complete = false;
            return 0;
        }
        value = value * 10 + m.digit;
        conf = std::min(conf, std::clamp(m.margin * 5.0, 0.0, 1.0));
    }
    return value;
}

std::optional<int64_t> civil_us(const RawReading& r, DayPosition day, bool twelve_hour) {
    int month = day == DayPosition::second ? r.a : r.b;
    int dom = day == DayPosition::second ? r.b : r.a;
    int hour = r.hour;
    if (twelve_hour) {
        if (hour < 1 || hour > 12) {
            return std::nullopt;
        }
        hour = hour % 12 + (r.pm ? 12 : 0);
    }
    if (month < 1 || month > 12 || dom < 1 || dom > timecode::days_in_month(r.year, month) ||
        hour > 23 || r.minute > 59 || r.second > 59 || r.year < 1971 || r.year > 2099) {
        return std::nullopt;
    }
    int64_t days = timecode::days_from_civil(r.year, month, dom);
    return ((days * 24 + hour) * 60 + r.minute) * 60'000'000LL + r.second * 1'000'000LL;
}

// The cell holding column `x`, else the nearest within 2 pixels (a character's column is read
// to a few pixels); between two as near, the one holding fewer characters so far (`held`),
// then the nearer centre.
std::optional<size_t> nearest_cell(const std::vector<Cell>& cells, int x,
                                   const std::vector<int>& held) {
    std::optional<size_t> best;
    std::array<int, 3> best_key = {3, 0, 0};
    for (size_t k = 0; k < cells.size(); ++k) {
        const std::array<int, 3> key = {std::max({0, cells[k].x0 - x, x - (cells[k].x1 - 1)}),
                                        held[k], std::abs(2 * x - cells[k].x0 - cells[k].x1)};
        if (key[0] < 3 && (!best || key < best_key)) {
            best = k;
            best_key = key;
        }
    }
    return best;
}

// One recording's clock being read: each step below fills what the next one needs, or says
// in `result.failure` why the clock cannot be read.
struct ClockReading {
    OsdResult result;
    std::vector<Frame> frames;
    // Where the clock is (locate): the seconds digit's box and its once-a-second change, on the
    // window of frames it was learnt from.
    std::vector<Frame> window;
    Period period;
    cv::Rect box;
    std::vector<uint64_t> bits;
    // The clock's line (trace_line): its band of rows, ink and cells.
    int width = 0;
    int height = 0;
    int h = 0;
    int y0 = 0;
    int y1 = 0;
    cv::Rect band_rect;
    int box_center = 0;
    Ink ink;
    cv::Mat steady;
    std::vector<Cell> runs;  // of steady ink along the line
    int seconds_run = -1;    // the run holding the seconds digit
    cv::Rect seconds_region;  // the seconds' two digits, in the band
    Legibility legibility;
    std::vector<bool> window_legible;
    int cell_width = 0;
    Line line;
    // The font's digits, learnt from the seconds (learn_digits).
    SecondSums units;
    SecondSums tens;
    SecondSums tens_grey;  // the tens cell's grey levels, 0..1
    std::vector<int64_t> k9_candidates;
    Glyphs glyphs;
    // What each cell is (classify_cells).
    std::vector<cv::Mat> bands;
    std::vector<bool> frame_legible;  // per frame: the clock can be seen (Legibility)
    std::vector<Slot> slots;
    Layout layout;
    std::vector<size_t> text_frames;  // the second's frames the text recogniser read
    std::vector<std::string> text_read;  // per cell, what it read there; empty: not used
    // The characters the text recogniser read (slots_from_text; columns in the frame), for a
    // second cut.
    std::vector<TextChar> text_chars;
    // Fewer than ten seconds seen: the digits were named with the text recogniser's reading of
    // these seconds (learn_digits_from_text), each of which the fitted clock must then show.
    struct TextSecond {
        double t = 0.0;               // a frame of the second, video time
        std::vector<TextChar> chars;  // columns in the frame
    };
    std::vector<TextSecond> text_seconds;
    bool twelve_hour = false;
    bool pm = false;
    // The readings (read_all, settle_date_order).
    std::vector<RawReading> raw;
    DayPosition used = DayPosition::first;
    bool take_frames(const std::vector<OsdSample>& samples) {
        for (const OsdSample& s : samples) {
            Frame f;
            f.pts_us = s.pts_us;
            f.t = static_cast<double>(s.pts_us) / 1e6;
            if (s.image.channels() == 3) {
                cv::cvtColor(s.image, f.grey, cv::COLOR_BGR2GRAY);
            } else {
                f.grey = s.image;
            }
            if (!frames.empty() && f.grey.size() != frames.front().grey.size()) {
                continue;
            }
            frames.push_back(f);
        }
        if (frames.size() < 8) {
            result.failure = "too few frames to find a clock";
            return false;
        }
        return true;
    }

    // Learn from a stretch of ~15 s: the first one, else the last.
    bool locate() {
        auto window_from = [&](size_t start) {
            return learning_window(frames, start, kWindowSeconds);
        };
        std::vector<std::vector<size_t>> windows{window_from(0)};
        size_t last_start = 0;
        while (last_start < frames.size() &&
               frames.back().t - frames[last_start].t > kWindowSeconds) {
            ++last_start;
        }
        if (last_start > 0) {
            windows.push_back(window_from(last_start));
        }

        // A recording shorter than that (an exported incident clip) is learnt from whole, from
        // a few seconds: its digits are then named by the text recogniser
        // (learn_digits_from_text), and checked.
        const double shortest =
            frames.back().t - frames.front().t < 10.5 ? kShortestClockSeconds : 10.5;
        bool located = false;
        for (const std::vector<size_t>& picked : windows) {
            window.clear();
            for (size_t i : picked) {
                window.push_back(frames[i]);
            }
            if (window.size() < 8 || window.back().t - window.front().t < shortest) {
                continue;
            }
            bits = change_bits(window);
            std::optional<Period> found = find_period(window, bits);
            if (found) {
                period = *found;
                box = period.box;
                located = true;
                break;
            }
        }
        if (!located) {
            result.failure =
                "no part of the picture changes once a second (no running clock, or under 11 s of "
                "samples)";
            return false;
        }
        return true;
    }

    // The line of text the seconds belong to, cut into cells.
    bool trace_line_once() {
        width = window.front().grey.cols;
        height = window.front().grey.rows;
        h = box.height;
        // The line's rows, and its steady ink: text in (nearly) every frame, or changing only on
        // second boundaries. The text's polarity is the one that splits the line into characters
        // (with the other, outlines merge into a bar or a steady background fills the line).
        y0 = std::max(0, box.y - h * 3 / 10);
        y1 = std::min(height, box.br().y + h * 2 / 10 + 1);
        band_rect = cv::Rect(0, y0, width, y1 - y0);
        box_center = box.x + box.width / 2;
        struct Trace {
            Ink ink;
            cv::Mat steady;
            std::vector<Cell> runs;
            int seconds_run = -1;
            int near_runs = 0;
            std::vector<bool> legible;
            Legibility legibility;
        };
        // The seconds' two digits, in band coordinates: their ink tells whether a frame shows
        // the clock at all.
        seconds_region = cv::Rect(std::max(0, box.x - box.width - h / 3), box.y - y0, 0, box.height);
        seconds_region.width = box.br().x - seconds_region.x;
        auto trace_line = [&](bool bright, bool outlined, bool relative) {
            Trace tr;
            tr.ink = find_ink(window, period.seconds_mask, box, bright);
            tr.ink.outlined = outlined;
            tr.ink.relative = relative;
            std::vector<int> counts;
            std::vector<cv::Mat> inks;  // binarised once: relative ink is a blur of the band
            for (const Frame& f : window) {
                inks.push_back(tr.ink.binarise(f.grey(band_rect)));
                counts.push_back(cv::countNonZero(inks.back()(seconds_region)));
            }
            // Only relative ink tells a frame without the clock from one with it (a fixed
            // level's ink in the seconds varies with the background behind an outline).
            tr.legibility = relative ? Legibility::of(counts, seconds_region.area())
                                     : Legibility{};
            tr.steady = cv::Mat::zeros(band_rect.size(), CV_32F);
            int shown = 0;
            for (size_t i = 0; i < window.size(); ++i) {
                tr.legible.push_back(tr.legibility.legible(counts[i]));
                if (tr.legible.back()) {
                    tr.steady += inks[i];
                    ++shown;
                }
            }
            tr.steady /= static_cast<double>(std::max(shown, 1));
            // Steady: in 0.75 of the frames; relative ink in half of those that show the clock
            // (the background's tone varies along the line: part of it fades while the rest
            // shows).
            const float steady_share = relative ? 0.5F : 0.75F;
            // Ink that changes only on second boundaries: within the seconds' two digits
            // whatever its share of the frames; elsewhere (a minute that changed) in at least
            // 0.45 of them (the glyph shown longest): with 1-s GOPs compression
            // noise renews on second boundaries too, and a speck of it would bridge a word gap.
            const int periodic_x0 = box.x - 2 * box.width - h / 3;
            const int periodic_x1 = box.br().x + h / 5;
            cv::Mat ink_mask = cv::Mat::zeros(band_rect.size(), CV_32F);
            for (int y = 0; y < band_rect.height; ++y) {
                for (int x = 0; x < width; ++x) {
                    float v = tr.steady.at<float>(y, x);
                    uint64_t b = bits[static_cast<size_t>(y + y0) * width + x];
                    bool periodic = std::popcount(b) > 0 && (b & ~period.boundary_pairs) == 0;
                    bool in_seconds = x >= periodic_x0 && x < periodic_x1;
                    if (v >= steady_share || (v > (in_seconds ? 0.1F : 0.45F) && periodic)) {
                        ink_mask.at<float>(y, x) = 1.0F;
                    }
                }
            }
            cv::Mat column_sums;
            cv::reduce(ink_mask, column_sums, 0, cv::REDUCE_SUM, CV_32F);
            cv::Mat columns;
            column_sums.convertTo(columns, CV_32S);
            tr.runs = column_runs(columns, 1);
            for (size_t i = 0; i < tr.runs.size(); ++i) {
                if (tr.runs[i].x0 <= box_center && box_center < tr.runs[i].x1) {
                    tr.seconds_run = static_cast<int>(i);
                }
                int w = tr.runs[i].x1 - tr.runs[i].x0;
                if (tr.runs[i].x1 > box.x - 8 * h && tr.runs[i].x0 < box.br().x + 4 * h) {
                    // A piece a pixel from the previous one is part of the same glyph (a thin
                    // shadow breaks where the text covers it).
                    bool own_glyph = i == 0 || tr.runs[i].gap_before > 1;
                    tr.near_runs += w >= h / 5 && w <= h * 3 / 2 ? (own_glyph ? 1 : 0)
                                    : w > 3 * h                  ? -3
                                                                 : 0;
                }
            }
            return tr;
        };
        // Outlined first: on a tie its glyphs are the cleaner.
        std::vector<Trace> traces{trace_line(true, true, false), trace_line(false, true, false),
                                  trace_line(true, false, false), trace_line(false, false, false),
                                  trace_line(true, false, true), trace_line(false, false, true)};
        // A fixed level's ink is the cleaner where it splits the line at all: relative ink
        // (the last two) only when it splits it clearly better.
        size_t pick = 0;
        for (size_t i = 1; i < 4; ++i) {
            if (traces[i].near_runs > traces[pick].near_runs) {
                pick = i;
            }
        }
        const int fixed_runs = traces[pick].near_runs;
        for (size_t i = 4; i < traces.size(); ++i) {
            if (traces[i].near_runs * 2 > fixed_runs * 3 + 2 &&
                traces[i].near_runs > traces[pick].near_runs) {
                pick = i;
            }
        }
        const Trace& chosen = traces[pick];
        ink = chosen.ink;
        steady = chosen.steady;
        window_legible = chosen.legible;
        legibility = chosen.legibility;
        runs = chosen.runs;
        seconds_run = chosen.seconds_run;
        if (seconds_run < 0) {
            result.failure = "the seconds digit has no steady ink";
            return false;
        }
        return true;
    }

    // The seconds digit's box from its steady ink, when the once-a-second changes covered only
    // part of it (low contrast over a background of the text's own tone): the run of ink that
    // holds it, up to 1.7 box widths (wider is two glyphs touching), and the rows of ink there.
    std::optional<cv::Rect> ink_box() const {
        const Cell& run = runs[static_cast<size_t>(seconds_run)];
        const int w = run.x1 - run.x0;
        if (w * 4 <= box.width * 5 || w * 10 > box.width * 17 || w > h ||
            tens_left_of_units(bits, width, period, run.x0)) {
            return std::nullopt;
        }
        cv::Mat on;
        cv::threshold(steady.colRange(run.x0, run.x1), on, 0.5, 1.0, cv::THRESH_BINARY);
        const std::optional<InkRows> rows = ink_rows(on);  // 0 or 1 a pixel
        if (!rows || rows->bottom - rows->top + 1 < box.height) {
            return std::nullopt;
        }
        return cv::Rect(run.x0, y0 + rows->top, w, rows->bottom - rows->top + 1);
    }

    // The line, traced again once from the seconds' ink when the changes gave a partial box.
    bool trace_line() {
        if (!trace_line_once()) {
            return false;
        }
        std::optional<cv::Rect> whole = ink_box();
        if (!whole) {
            return true;
        }
        box = *whole;
        return trace_line_once();
    }

    // The runs of ink from the seconds leftwards while the gaps are no wider than a digit, and
    // rightwards to an AM/PM word, as cells one glyph wide.
    bool cut_cells() {
        cell_width = box.width;
        const int max_gap = h * 6 / 5;
        int first = seconds_run;
        while (first > 0 && runs[static_cast<size_t>(first)].gap_before <= max_gap) {
            --first;
        }
        // Right of the seconds only a word (AM/PM) after a word gap: a speck touching the seconds
        // is background.
        int last = seconds_run;
        while (last + 1 < static_cast<int>(runs.size()) &&
               runs[static_cast<size_t>(last + 1)].gap_before <= 1 &&
               runs[static_cast<size_t>(last + 1)].x1 - runs[static_cast<size_t>(seconds_run)].x0 <=
                   cell_width * 6 / 5) {
            ++last;  // a piece of the seconds' own glyph
        }
        if (last + 1 < static_cast<int>(runs.size()) &&
            runs[static_cast<size_t>(last + 1)].gap_before > h / 4) {
            while (last + 1 < static_cast<int>(runs.size()) &&
                   runs[static_cast<size_t>(last + 1)].gap_before <= max_gap) {
                ++last;
            }
        }
        // Ink that runs into the picture's edge is cut off by it: not a character (a recorder
        // keeps its clock inside a margin) but the background's, as foliage beside a clock drawn
        // in a corner, which read after the seconds made a weekday of it.
        while (last > seconds_run && runs[static_cast<size_t>(last)].x1 >= width) {
            --last;
        }
        while (first < seconds_run && runs[static_cast<size_t>(first)].x0 <= 0) {
            ++first;
        }
        // Cells: runs (a thin glyph broken by a one-pixel gap joined again), wide ones split into
        // digit-wide pieces (glyphs that touch).
        std::vector<Cell> merged;
        for (int i = first; i <= last; ++i) {
            Cell run = runs[static_cast<size_t>(i)];
            // A run of ink shown in under half the frames, away from the seconds, is a glyph's
            // passing part (a tens digit's other shape) or noise, not a character.
            double most = 0.0;
            cv::minMaxLoc(steady.colRange(run.x0, run.x1), nullptr, &most);
            if (i < seconds_run - 1 && most < 0.5) {
                continue;
            }
            if (!merged.empty()) {
                run.gap_before = run.x0 - merged.back().x1;
            }
            bool piece = std::min(run.x1 - run.x0,
                                  merged.empty() ? 0 : merged.back().x1 - merged.back().x0) <=
                         cell_width / 4;
            if (!merged.empty() && i != first && run.gap_before <= 1 && piece &&
                run.x1 - merged.back().x0 <= cell_width * 6 / 5) {
                merged.back().x1 = run.x1;
                continue;
            }
            // A dotted font's M breaks into a stem of its own.
            if (!merged.empty() && i > seconds_run && run.gap_before <= 2 &&
                (run.x1 - run.x0) * 4 <= cell_width &&
                unread_piece_of_read_letter(text_chars, merged.back().x0, merged.back().x1, run.x0,
                                            run.x1)) {
                merged.back().x1 = run.x1;
                continue;
            }
            merged.push_back(run);
        }
        line = Line{};
        // Cut again after the text recogniser read more characters in a run than it was cut
        // into (a dotted font's digits touch): as many pieces as characters read; the seconds'
        // units are the last piece of their run.
        std::vector<int> read_in_run(merged.size(), 0);
        for (const TextChar& c : text_chars) {
            if (std::optional<size_t> run = nearest_cell(merged, c.x, read_in_run)) {
                ++read_in_run[*run];
            }
        }
        for (size_t i = 0; i < merged.size(); ++i) {
            if (read_in_run[i] >= 2 && merged[i].x0 <= box_center && box_center < merged[i].x1) {
                const int w = merged[i].x1 - merged[i].x0;
                cell_width = w / read_in_run[i];
                box_center = merged[i].x1 - cell_width / 2;
            }
        }
        line.cell_width = cell_width;
        for (size_t i = 0; i < merged.size(); ++i) {
            const Cell& run = merged[i];
            bool holds_seconds = run.x0 <= box_center && box_center < run.x1;
            int w = run.x1 - run.x0;
            int pieces = w > cell_width * 3 / 2
                             ? static_cast<int>(std::lround(static_cast<double>(w) / cell_width))
                             : 1;
            pieces = std::max(read_in_run[i] >= 2 ? read_in_run[i] : pieces, 1);
            for (int p = 0; p < pieces; ++p) {
                Cell c;
                c.x0 = run.x0 + w * p / pieces;
                c.x1 = run.x0 + w * (p + 1) / pieces;
                c.gap_before = p == 0 ? (i == 0 ? 0 : run.gap_before) : 0;
                if (holds_seconds && c.x0 <= box_center && box_center < c.x1) {
                    line.seconds_cell = static_cast<int>(line.cells.size());
                }
                line.cells.push_back(c);
                line.centers.push_back((c.x0 + c.x1) / 2);
            }
        }
        // A separator the recogniser read where no ink stayed steady enough to make a run (a
        // dotted font's thin '/') gets a cell of its own.
        for (const TextChar& c : text_chars) {
            const bool separator = std::string(":-/.").find(c.text) != std::string::npos;
            auto next = std::find_if(line.cells.begin(), line.cells.end(),
                                     [&](const Cell& cell) { return cell.x0 > c.x; });
            if (!separator || next == line.cells.begin() || next == line.cells.end() ||
                nearest_cell(line.cells, c.x, std::vector<int>(line.cells.size(), 0))) {
                continue;
            }
            Cell cell;
            cell.x0 = std::max(std::prev(next)->x1 + 1, c.x - 1);
            cell.x1 = std::min(next->x0 - 1, c.x + 2);
            if (cell.x1 <= cell.x0) {
                continue;
            }
            cell.gap_before = cell.x0 - std::prev(next)->x1;
            next->gap_before = next->x0 - cell.x1;
            const auto at = static_cast<size_t>(next - line.cells.begin());
            line.cells.insert(next, cell);
            line.centers.insert(line.centers.begin() + static_cast<std::ptrdiff_t>(at),
                                (cell.x0 + cell.x1) / 2);
            if (static_cast<int>(at) <= line.seconds_cell) {
                ++line.seconds_cell;
            }
        }
        if (line.seconds_cell < 1) {
            result.failure = "the seconds digit has no tens beside it";
            return false;
        }
        result.region = cv::Rect(line.cells.front().x0, y0,
                                 line.cells.back().x1 - line.cells.front().x0, y1 - y0);
        return true;
    }

    // The digits named by the second (k9) after which the tens changed.
    Glyphs glyphs_for(int64_t k9) const { return glyphs_from_seconds(units, tens, k9); }

    bool learn_digits() {
        // Digit templates from the seconds' units: its glyph in second k is digit (k - k9 - 1) mod
        // 10, k9 the second after which the tens changed.
        const int tpl_width = cell_width + 2 * kPad;
        for (size_t i = 0; i < window.size(); ++i) {
            if (!window_legible[i]) {
                continue;  // the clock cannot be seen in this frame
            }
            const Frame& f = window[i];
            double clock = period.rate * f.t + period.phase;
            double frac = clock - std::floor(clock);
            if (frac < 0.08 || frac > 0.92) {
                continue;  // too near a change to be sure which second it shows
            }
            int64_t k = floor_div(clock);
            cv::Mat band = ink.binarise(f.grey(band_rect));
            cv::Mat grey;
            f.grey(band_rect).convertTo(grey, CV_32F, 1.0 / 255.0);
            using Store = std::map<int64_t, std::pair<cv::Mat, int>>;
            for (const auto& [store, cell, picture] :
                 {std::tuple<Store*, int, const cv::Mat*>{&units, line.seconds_cell, &band},
                  std::tuple<Store*, int, const cv::Mat*>{&tens, line.seconds_cell - 1, &band},
                  std::tuple<Store*, int, const cv::Mat*>{&tens_grey, line.seconds_cell - 1,
                                                          &grey}}) {
                cv::Mat c = crop_cell(*picture, line.centers[static_cast<size_t>(cell)], tpl_width);
                auto& slot = (*store)[k];
                if (slot.second == 0) {
                    slot.first = c.clone();
                } else {
                    slot.first += c;
                }
                ++slot.second;
            }
        }
        // Ten seconds on, the units show the same glyph; if not, the clock jumped or stopped:
        // learn only from before that.
        for (auto it = units.begin(); it != units.end(); ++it) {
            auto earlier = units.find(it->first - 10);
            if (earlier == units.end()) {
                continue;
            }
            if (overlap(it->second.first / it->second.second,
                        earlier->second.first / earlier->second.second) < 0.6) {
                int64_t stop = it->first;
                units.erase(it, units.end());
                tens.erase(tens.lower_bound(stop), tens.end());
                tens_grey.erase(tens_grey.lower_bound(stop), tens_grey.end());
                break;
            }
        }
        if (units.size() < 10) {
            std::string why;
            if (!learn_digits_from_text(why)) {
                result.failure = "fewer than ten distinct seconds seen";
                if (!why.empty()) {
                    result.failure += " (" + why + ")";
                }
                return false;
            }
            return true;
        }
        // The tens change after the units show 9 (tens_changes), seen in their ink; else in their
        // grey levels: a thin stroke blurred by a low bitrate sits near the ink's threshold, and
        // its pixels flip in and out of the ink from one second to the next about as much as a
        // real change differs, while its grey levels move little. The naming whose readings keep
        // time settles between the candidates.
        auto means = [](const std::map<int64_t, std::pair<cv::Mat, int>>& store) {
            std::map<int64_t, cv::Mat> out;
            for (const auto& [k, sum] : store) {
                out[k] = sum.first / sum.second;
            }
            return out;
        };
        k9_candidates = tens_changes(means(tens));
        if (k9_candidates.empty()) {
            k9_candidates = tens_changes(means(tens_grey));
        }
        if (k9_candidates.empty()) {
            result.failure = "the tens of seconds never changed: the digits cannot be named";
            return false;
        }
        glyphs = glyphs_for(k9_candidates.front());
        return true;
    }

    // The digits from fewer than ten seconds (a short export, a clock legible only briefly):
    // the text recogniser reads the line in each second, and its characters name the cells
    // (glyphs_from_text checks them against the seconds' own order). False, with `why` when a
    // check failed, when it cannot (no recogniser installed: `why` empty).
    bool learn_digits_from_text(std::string& why) {
        std::map<int64_t, std::vector<size_t>> by_second;
        for (size_t i = 0; i < window.size(); ++i) {
            const double clock = period.rate * window[i].t + period.phase;
            const double frac = clock - std::floor(clock);
            if (window_legible[i] && frac > 0.1 && frac < 0.9) {
                by_second[floor_div(clock)].push_back(i);
            }
        }
        const int tpl_width = cell_width + 2 * kPad;
        const int ink_width = tpl_width + 2 * std::max(kShift, tpl_width / 6);
        const int pad = h * 2 / 3;
        const int x0 = std::max(0, line.cells.front().x0 - pad);
        const int x1 = std::min(width, line.cells.back().x1 + pad);
        const cv::Rect crop(x0, std::max(0, y0 - h / 3), x1 - x0,
                            std::min(height, y1 + h / 3) - std::max(0, y0 - h / 3));
        std::vector<TextReadSecond> read;
        text_seconds.clear();
        for (const auto& [second, indices] : by_second) {
            if (indices.size() < 2) {
                continue;  // one frame is too little to average the background away
            }
            cv::Mat sum = cv::Mat::zeros(crop.size(), CV_32F);
            std::vector<cv::Mat> cell_ink(line.cells.size());
            for (size_t i : indices) {
                cv::accumulate(window[i].grey(crop), sum);
                const cv::Mat band = ink.binarise(window[i].grey(band_rect));
                for (size_t c = 0; c < line.cells.size(); ++c) {
                    cv::Mat cut = crop_cell(band, line.centers[c], ink_width);
                    cell_ink[c] = cell_ink[c].empty() ? cut : cv::Mat(cell_ink[c] + cut);
                }
            }
            cv::Mat average;
            sum.convertTo(average, CV_8U, 1.0 / static_cast<double>(indices.size()));
            std::optional<TextLine> text = read_with_installed_model(average);
            if (!text) {
                return false;
            }
            TextReadSecond s;
            s.second = second;
            s.text.assign(line.cells.size(), "");
            std::vector<int> held(line.cells.size(), 0);
            TextSecond kept{window[indices[indices.size() / 2]].t, {}};
            for (TextChar c : text->chars) {
                if (c.text == " " || c.confidence < 0.5F) {
                    continue;
                }
                c.x += x0;
                kept.chars.push_back(c);
                if (std::optional<size_t> cell = nearest_cell(line.cells, c.x, held)) {
                    s.text[*cell] += c.text;
                    ++held[*cell];
                }
            }
            for (cv::Mat& m : cell_ink) {
                m /= static_cast<double>(indices.size());
            }
            s.ink = std::move(cell_ink);
            read.push_back(std::move(s));
            text_seconds.push_back(std::move(kept));
        }
        std::optional<TextGlyphs> learnt =
            glyphs_from_text(units, tens, static_cast<size_t>(line.seconds_cell), read, why);
        if (!learnt) {
            text_seconds.clear();
            return false;
        }
        glyphs = learnt->glyphs;
        k9_candidates = {learnt->k9};
        return true;
    }

    // Cells `from` to `to` become one (its slot, steady ink and score are `from`'s, to be set by
    // the caller).
    void merge_cells(size_t from, size_t to, std::vector<cv::Mat>& steady_cells,
                     std::vector<double>& cell_scores) {
        auto first = static_cast<std::ptrdiff_t>(from);
        auto last = static_cast<std::ptrdiff_t>(to);
        line.cells[from].x1 = line.cells[to].x1;
        line.centers[from] = (line.cells[from].x0 + line.cells[from].x1) / 2;
        line.cells.erase(line.cells.begin() + first + 1, line.cells.begin() + last + 1);
        line.centers.erase(line.centers.begin() + first + 1, line.centers.begin() + last + 1);
        slots.erase(slots.begin() + first + 1, slots.begin() + last + 1);
        steady_cells.erase(steady_cells.begin() + first + 1, steady_cells.begin() + last + 1);
        cell_scores.erase(cell_scores.begin() + first + 1, cell_scores.begin() + last + 1);
        if (line.seconds_cell > static_cast<int>(to)) {
            line.seconds_cell -= static_cast<int>(to - from);
        }
    }

    // A date separator named by where its faint ink lies: '/' tall, '.' low, '-' in the middle.
    char faint_separator(const Cell& cell) const {
        cv::Mat faint;
        cv::threshold(steady.colRange(cell.x0, cell.x1), faint, 0.25, 1.0, cv::THRESH_BINARY);
        const std::optional<InkRows> rows = ink_rows(faint);
        if (!rows) {
            return '-';
        }
        if ((rows->bottom - rows->top + 1) * 10 >= h * 6) {
            return '/';
        }
        return (rows->top + rows->bottom) / 2.0 > (box.y - y0) + h * 0.62 ? '.' : '-';
    }

    // A narrow cell that matches no digit, between two digits, is a separator even when its
    // shape was not recognised: it takes the separator the line uses elsewhere.
    void separators_between_digits(const std::vector<double>& cell_scores, double word_gap,
                                   double digit_pitch) {
        std::map<char, int> separator_votes;
        for (const Slot& slot : slots) {
            if (slot.kind == SlotKind::separator) {
                ++separator_votes[slot.separator];
            }
        }
        for (size_t c = 1; c + 1 < slots.size(); ++c) {
            const Cell& cell = line.cells[c];
            // Close to both digits by its ink's edges, or (a monospaced font: a narrow glyph
            // in the middle of a digit-wide cell has wide margins) by its centre, one digit
            // pitch from each.
            const bool close =
                (cell.gap_before <= word_gap && line.cells[c + 1].gap_before <= word_gap) ||
                (line.centers[c] - line.centers[c - 1] <= 1.27 * digit_pitch &&
                 line.centers[c + 1] - line.centers[c] <= 1.27 * digit_pitch);
            // Within HH:MM:SS it is the time's separator, otherwise the date's.
            const bool in_time = static_cast<int>(c) >= line.seconds_cell - 7 &&
                                 static_cast<int>(c) <= line.seconds_cell;
            if (slots[c].kind == SlotKind::letter && cell_scores[c] < 0.45 &&
                cell.x1 - cell.x0 <= cell_width * 4 / 5 && slots[c - 1].kind == SlotKind::digit &&
                slots[c + 1].kind == SlotKind::digit && close) {
                char common = in_time ? ':' : 0;
                for (const auto& [sep, votes] : separator_votes) {
                    if (!in_time && sep != ':' &&
                        (common == 0 || votes > separator_votes[common])) {
                        common = sep;
                    }
                }
                if (common == 0) {
                    // No date separator was recognised anywhere (a thin antialiased '/' leaves
                    // scattered pixels): named by where the cell's faint ink lies, '/' tall,
                    // '.' low, '-' in the middle.
                    common = faint_separator(cell);
                }
                slots[c].kind = SlotKind::separator;
                slots[c].separator = common;
            }
        }
    }

    // Word gaps: between two digits by their centres, elsewhere by the ink's edges (wider
    // beside a separator, whose margins are wide in monospaced fonts).
    void mark_word_gaps(double word_gap, double digit_pitch) {
        for (size_t c = 1; c < slots.size(); ++c) {
            bool beside_separator =
                slots[c].kind == SlotKind::separator || slots[c - 1].kind == SlotKind::separator;
            if (slots[c].kind == SlotKind::digit && slots[c - 1].kind == SlotKind::digit) {
                slots[c].space_before = line.centers[c] - line.centers[c - 1] > 1.27 * digit_pitch;
            } else {
                slots[c].space_before =
                    line.cells[c].gap_before > word_gap * (beside_separator ? 2.0 : 1.0);
            }
        }
    }

    // A cell's typical match: the median over the frames; with relative ink the upper quartile
    // (part of the line fades while the seconds show, so a cell is unseen in some frames).
    double typical_score(std::vector<double> scores) const {
        if (!ink.relative || scores.empty()) {
            return median(scores);
        }
        std::sort(scores.begin(), scores.end());
        return scores[scores.size() * 3 / 4];
    }

    bool classify_cells() {
        // What each cell is: a separator by its shape, a digit if its glyphs match the digits,
        // otherwise a letter.
        bands.clear();
        frame_legible.clear();
        for (const Frame& f : frames) {
            bands.push_back(ink.binarise(f.grey(band_rect)));
            frame_legible.push_back(
                legibility.legible(cv::countNonZero(bands.back()(seconds_region))));
        }
        // A word gap: over half a digit's pitch; beside a separator over a pitch (a colon's
        // margins are wide in monospaced fonts).
        const int pitch = line.centers[static_cast<size_t>(line.seconds_cell)] -
                          line.centers[static_cast<size_t>(line.seconds_cell - 1)];
        const double word_gap = 0.55 * pitch;
        // A cell is a digit when its glyphs match the learnt digits nearly as well as the seconds'
        // own glyphs do.
        std::vector<double> cell_scores(line.cells.size(), 0.0);
        for (size_t c = 0; c < line.cells.size(); ++c) {
            std::vector<double> scores;
            for (size_t i = 0; i < bands.size(); i += 2) {
                if (!frame_legible[i]) {
                    continue;
                }
                scores.push_back(match_digit(bands[i], line.centers[c], glyphs).score);
            }
            cell_scores[c] = typical_score(scores);
        }
        const double own_score = cell_scores[static_cast<size_t>(line.seconds_cell)];
        const double digit_score = own_score * 0.6;
        slots.assign(line.cells.size(), Slot{});
        std::vector<cv::Mat> steady_cells(line.cells.size());
        for (size_t c = 0; c < line.cells.size(); ++c) {
            const Cell& cell = line.cells[c];
            cv::Mat cut = steady.colRange(cell.x0, cell.x1);
            cv::Mat on;
            cv::threshold(cut, on, 0.5, 1.0, cv::THRESH_BINARY);
            steady_cells[c] = on;
            char sep = separator_shape(on, h);
            if (sep == '.' && static_cast<int>(c) >= line.seconds_cell - 6) {
                // In the time, a dot may be a colon whose upper dot shows in under 0.75 of the
                // frames (a thin antialiased dot over a moving background): the cell's columns
                // then miss part of it. Its faint ink two pixels either side.
                cv::Mat faint;
                cv::threshold(steady.colRange(std::max(0, cell.x0 - 2),
                                              std::min(steady.cols, cell.x1 + 2)),
                              faint, 0.3, 1.0, cv::THRESH_BINARY);
                if (separator_shape(faint, h) == ':') {
                    sep = ':';
                }
            }
            bool digit = static_cast<int>(c) == line.seconds_cell ||
                         static_cast<int>(c) == line.seconds_cell - 1 ||
                         cell_scores[c] >= digit_score;
            if (sep != 0 && static_cast<int>(c) < line.seconds_cell - 1) {
                slots[c].kind = SlotKind::separator;
                slots[c].separator = sep;
            } else if (digit && cell.x1 - cell.x0 <= cell_width * 3 / 2) {
                slots[c].kind = SlotKind::digit;
            } else {
                slots[c].kind = SlotKind::letter;
            }
        }
        // A digit whose thin hairlines were lost (the top and bottom of a serif 0) comes in two
        // halves: two touching letter cells, each under 0.6 of a digit wide, whose union matches
        // a digit, are that digit.
        for (size_t c = 1; c < slots.size(); ++c) {
            const Cell& left = line.cells[c - 1];
            const Cell& right = line.cells[c];
            if (slots[c - 1].kind != SlotKind::letter || slots[c].kind != SlotKind::letter ||
                right.gap_before > 2 || (left.x1 - left.x0) * 5 >= cell_width * 3 ||
                (right.x1 - right.x0) * 5 >= cell_width * 3 ||
                right.x1 - left.x0 > cell_width * 6 / 5) {
                continue;
            }
            const int center = (left.x0 + right.x1) / 2;
            std::vector<double> scores;
            for (size_t i = 0; i < bands.size(); i += 2) {
                if (!frame_legible[i]) {
                    continue;
                }
                scores.push_back(match_digit(bands[i], center, glyphs).score);
            }
            if (typical_score(scores) >= digit_score) {
                merge_cells(c - 1, c, steady_cells, cell_scores);
                cell_scores[c - 1] = typical_score(scores);
                cv::Mat on;
                cv::threshold(steady.colRange(line.cells[c - 1].x0, line.cells[c - 1].x1), on,
                              0.5, 1.0, cv::THRESH_BINARY);
                steady_cells[c - 1] = on;
                slots[c - 1].kind = SlotKind::digit;
                --c;
            }
        }
        // Letters that could be the M of AM/PM: as tall as the digits' ink, a digit wide. An M
        // whose thin middle strokes were lost comes in pieces: up to three touching letter cells
        // (one or two pixels apart) that together look like an M are one letter.
        const int digit_height = ink_height(steady_cells[static_cast<size_t>(line.seconds_cell)]);
        auto steady_span = [&](size_t from, size_t to) {
            cv::Mat on;
            cv::threshold(steady.colRange(line.cells[from].x0, line.cells[to].x1), on, 0.5, 1.0,
                          cv::THRESH_BINARY);
            return on;
        };
        for (size_t c = 0; c < slots.size(); ++c) {
            slots[c].m_shape = slots[c].kind == SlotKind::letter &&
                               looks_like_m(steady_cells[c], digit_height, cell_width);
            slots[c].m_sure = slots[c].m_shape && surely_m(steady_cells[c]);
            if (slots[c].kind != SlotKind::letter || slots[c].m_shape) {
                continue;
            }
            for (size_t span = 1; span <= 2 && span <= c; ++span) {
                const size_t from = c - span;
                if (slots[from].kind != SlotKind::letter || slots[from].m_shape ||
                    line.cells[from + 1].gap_before > 2 ||
                    line.cells[c].x1 - line.cells[from].x0 > cell_width * 17 / 10) {
                    break;
                }
                // Pieces of one letter: one of them a lone stroke (two whole letters, "LU" of
                // "LUN", are not an M).
                int narrowest = cell_width;
                for (size_t k = from; k <= c; ++k) {
                    narrowest = std::min(narrowest, line.cells[k].x1 - line.cells[k].x0);
                }
                if (narrowest * 10 > cell_width * 4) {
                    continue;
                }
                cv::Mat joined = steady_span(from, c);
                if (looks_like_m(joined, digit_height, cell_width)) {
                    merge_cells(from, c, steady_cells, cell_scores);
                    slots[from].m_shape = true;
                    slots[from].m_sure = surely_m(joined);
                    steady_cells[from] = joined;
                    c = from;
                    break;
                }
            }
        }
        // Between two digits the centres tell a word gap better than the ink's edges (a thin
        // stroke lost to compression widens the gap): digits advance by one pitch, a space adds
        // half a pitch or more.
        std::vector<double> digit_steps;
        for (size_t c = 1; c < slots.size(); ++c) {
            int step = line.centers[c] - line.centers[c - 1];
            if (slots[c].kind == SlotKind::digit && slots[c - 1].kind == SlotKind::digit &&
                step <= cell_width * 8 / 5) {
                digit_steps.push_back(step);
            }
        }
        const double digit_pitch = digit_steps.size() >= 4 ? median(digit_steps) : pitch;
        separators_between_digits(cell_scores, word_gap, digit_pitch);
        mark_word_gaps(word_gap, digit_pitch);
        // Cells cut by the text recogniser's count: named as it read them where the glyphs
        // cannot tell which separator or letter a broken dotted glyph is.
        std::vector<std::string> read_over_cut;
        if (!text_chars.empty()) {
            read_over_cut = text_over_cells();
            name_as_read(slots, read_over_cut);
        }
        layout = parse_layout(slots, line.seconds_cell);
        if (!layout.ok) {
            text_read = slots_from_text();
            mark_word_gaps(word_gap, digit_pitch);  // a separator by shape may now be a letter
            Layout from_text = parse_layout(slots, line.seconds_cell);
            if (text_read.empty() || !from_text.ok) {
                result.failure = layout.failure;
                return false;
            }
            layout = from_text;
            result.flags.emplace_back("layout_from_text");
        }
        twelve_hour = layout.ampm_slot >= 0;
        pm = false;
        if (twelve_hour) {
            const auto slot = static_cast<size_t>(layout.ampm_slot);
            const std::string read = !text_read.empty()       ? text_read[slot]
                                     : !read_over_cut.empty() ? read_over_cut[slot]
                                                              : "";
            pm = read == "P" || (read != "A" && looks_like_p(steady_cells[slot]));
        }
        return true;
    }

    // Whether the fitted clock shows, at the second the text recogniser read, the numbers it
    // read there (fields it did not read whole are not compared): a layout named by the
    // recogniser is used only then.
    bool fit_agrees_with_text() const {
        return fit_shows(frames[text_frames[text_frames.size() / 2]].t, text_read);
    }

    // Whether the fitted clock shows every second the recogniser read to learn the digits
    // (learn_digits_from_text).
    bool fit_shows_text_seconds() const {
        return std::all_of(text_seconds.begin(), text_seconds.end(), [&](const TextSecond& s) {
            return fit_shows(s.t, text_over_cells(s.chars));
        });
    }

    // Whether the fitted clock shows, at video time `t`, the numbers `read` over the cells
    // (fields not read whole are not compared).
    bool fit_shows(double t, const std::vector<std::string>& read) const {
        const timecode::Civil shown = timecode::us_to_civil(
            result.osd_at_zero_us + static_cast<int64_t>(std::llround(result.rate * t * 1e6)));
        const bool month_first = used == DayPosition::second;
        const int hour = twelve_hour ? (shown.hour % 12 == 0 ? 12 : shown.hour % 12) : shown.hour;
        const std::array<std::pair<const std::vector<int>*, int>, 6> fields = {{
            {&layout.year, shown.year},
            {&layout.date_a, month_first ? shown.month : shown.day},
            {&layout.date_b, month_first ? shown.day : shown.month},
            {&layout.hour, hour},
            {&layout.minute, shown.minute},
            {&layout.second, shown.second},
        }};
        for (const auto& [slots_of_field, value] : fields) {
            std::string digits;
            for (int slot : *slots_of_field) {
                digits += read[static_cast<size_t>(slot)];
            }
            if (digits.empty() || digits.size() != slots_of_field->size() ||
                digits.find_first_not_of("0123456789") != std::string::npos) {
                continue;
            }
            if (std::stoi(digits) != value) {
                return false;
            }
        }
        return true;
    }

    // Where the glyphs gave no layout: the text recogniser (scripts/fetch_ocr_model.sh; none
    // installed, nothing changes) reads the line, averaged over one second's frames, and names
    // each cell by the character read over it. Only the layout comes from it: the digits are
    // still read with the learnt glyphs, frame by frame. Returns what was read over each cell;
    // empty when nothing was read.
    std::vector<std::string> slots_from_text() {
        std::map<int64_t, std::vector<size_t>> by_second;
        for (size_t i = 0; i < frames.size(); ++i) {
            const double clock = period.rate * frames[i].t + period.phase;
            const double frac = clock - std::floor(clock);
            if (frame_legible[i] && frac > 0.1 && frac < 0.9) {
                by_second[floor_div(clock)].push_back(i);
            }
        }
        const std::vector<size_t>* best = nullptr;
        for (const auto& [second, indices] : by_second) {
            if (best == nullptr || indices.size() > best->size()) {
                best = &indices;
            }
        }
        if (best == nullptr) {
            return {};
        }
        text_frames = *best;
        const int pad = h * 2 / 3;
        const int x0 = std::max(0, line.cells.front().x0 - pad);
        const int x1 = std::min(width, line.cells.back().x1 + pad);
        const cv::Rect crop(x0, std::max(0, y0 - h / 3), x1 - x0,
                            std::min(height, y1 + h / 3) - std::max(0, y0 - h / 3));
        cv::Mat sum = cv::Mat::zeros(crop.size(), CV_32F);
        for (size_t i : *best) {
            cv::accumulate(frames[i].grey(crop), sum);
        }
        cv::Mat average;
        sum.convertTo(average, CV_8U, 1.0 / static_cast<double>(best->size()));
        std::optional<TextLine> text = read_with_installed_model(average);
        if (!text) {
            return {};
        }
        text_chars.clear();
        for (TextChar c : text->chars) {
            if (c.text == " " || c.confidence < 0.5f) {
                continue;
            }
            c.x += x0;
            text_chars.push_back(c);
        }
        std::vector<std::string> read = text_over_cells();
        for (size_t k = 0; k < slots.size(); ++k) {
            const std::string& r = read[k];
            const bool seconds = static_cast<int>(k) >= line.seconds_cell - 1 &&
                                 static_cast<int>(k) <= line.seconds_cell;
            if (r.empty() || seconds) {
                continue;  // nothing clear read over it: as the glyphs named it
            }
            slots[k] = Slot{SlotKind::letter, 0, slots[k].space_before, false, false, r};
            if (r.size() == 1 && r[0] >= '0' && r[0] <= '9') {
                slots[k].kind = SlotKind::digit;
            } else if (r.size() == 1 && std::string(":-/.").find(r[0]) != std::string::npos) {
                slots[k].kind = SlotKind::separator;
                slots[k].separator = r[0];
            } else if (r == "M") {
                slots[k].m_shape = true;
                slots[k].m_sure = true;
            }
        }
        return read;
    }

    // What the text recogniser read (text_chars) over each cell.
    std::vector<std::string> text_over_cells() const { return text_over_cells(text_chars); }

    std::vector<std::string> text_over_cells(const std::vector<TextChar>& chars) const {
        std::vector<std::string> read(line.cells.size());
        std::vector<int> held(line.cells.size(), 0);
        for (const TextChar& c : chars) {
            std::optional<size_t> cell = nearest_cell(line.cells, c.x, held);
            if (std::string(":-/.").find(c.text) != std::string::npos) {
                // A column is read to a quarter of the text height: a separator read goes to
                // a cell the glyphs named a separator within that reach ("08:" is not one
                // character).
                if (std::optional<size_t> separator = separator_cell_near(c.x, h / 4 + 2)) {
                    cell = separator;
                }
            }
            if (cell) {
                read[*cell] += c.text;
                ++held[*cell];
            }
        }
        return read;
    }

    // The nearest cell the glyphs named a separator whose ink is within `reach` of column `x`.
    std::optional<size_t> separator_cell_near(int x, int reach) const {
        std::optional<size_t> best;
        int best_distance = reach + 1;
        for (size_t k = 0; k < line.cells.size(); ++k) {
            const int distance = std::max({0, line.cells[k].x0 - x, x - (line.cells[k].x1 - 1)});
            if (slots[k].kind == SlotKind::separator && distance < best_distance) {
                best = k;
                best_distance = distance;
            }
        }
        return best;
    }

    // The digits of every `step`th frame read with `with`; complete readings only.
    std::vector<RawReading> read_frames(const Glyphs& with, size_t step) const {
        std::vector<RawReading> out;
        for (size_t i = 0; i < frames.size(); i += step) {
            if (!frame_legible[i]) {
                continue;
            }
            std::vector<Match> matches(line.cells.size());
            for (size_t c = 0; c < line.cells.size(); ++c) {
                if (slots[c].kind == SlotKind::digit) {
                    matches[c] = match_digit(bands[i], line.centers[c], with);
                }
            }
            RawReading r;
            r.pts_us = frames[i].pts_us;
            r.t = frames[i].t;
            r.confidence = 1.0;
            r.complete = true;
            r.year = read_number(layout.year, matches, r.confidence, r.complete);
            r.a = read_number(layout.date_a, matches, r.confidence, r.complete);
            r.b = read_number(layout.date_b, matches, r.confidence, r.complete);
            r.hour = read_number(layout.hour, matches, r.confidence, r.complete);
            r.minute = read_number(layout.minute, matches, r.confidence, r.complete);
            r.second = read_number(layout.second, matches, r.confidence, r.complete);
            r.pm = pm;
            if (r.complete) {
                out.push_back(r);
            }
        }
        return out;
    }

    void read_all() {
        // Of the candidate namings of the digits, the one whose readings are valid times that
        // keep time with the video (a wrong naming carries into the tens at the wrong second).
        if (k9_candidates.size() > 1) {
            int best_valid = -1;
            size_t step = std::max<size_t>(1, frames.size() / 24);
            for (int64_t k9 : k9_candidates) {
                Glyphs candidate = glyphs_for(k9);
                std::vector<double> starts;
                for (const RawReading& r : read_frames(candidate, step)) {
                    std::optional<int64_t> us = civil_us(r, DayPosition::first, twelve_hour);
                    if (!us) {
                        us = civil_us(r, DayPosition::second, twelve_hour);
                    }
                    if (us) {
                        starts.push_back(static_cast<double>(*us) / 1e6 - period.rate * r.t);
                    }
                }
                double center = median(starts);
                int valid = 0;
                for (double start : starts) {
                    valid += std::abs(start - center) <= 1.0 ? 1 : 0;
                }
                if (valid > best_valid) {
                    best_valid = valid;
                    glyphs = candidate;
                }
            }
        }
        raw = read_frames(glyphs, 1);
        // The year does not change within a recording (bar New Year's Eve): its most frequent
        // reading stands for a misread one.
        std::map<int, int> years;
        for (const RawReading& r : raw) {
            ++years[r.year];
        }
        int year_mode = 0;
        for (const auto& [year, count] : years) {
            if (year_mode == 0 || count > years[year_mode]) {
                year_mode = year;
            }
        }
        for (RawReading& r : raw) {
            bool new_year = r.year == year_mode + 1 && r.a == 1 && r.b == 1;
            if (!new_year) {
                r.year = year_mode;
            }
        }
    }

    // An AM/PM whose M may be a U or an H (a weekday "TU", "TH" beside the time): hours of 0
    // or over 12 in most readings make it a 24-hour clock and the word a weekday; otherwise it
    // stays AM/PM and is flagged (12:30 read as 00:30 would be 12 h off).
    void settle_ampm() {
        if (!twelve_hour || !layout.ampm_doubtful) {
            return;
        }
        int over = 0;
        for (const RawReading& r : raw) {
            over += r.hour == 0 || r.hour > 12 ? 1 : 0;
        }
        if (over * 2 <= static_cast<int>(raw.size())) {
            result.flags.emplace_back("ambiguous_am_pm");
            return;
        }
        for (Slot& slot : slots) {
            slot.m_shape = false;
        }
        Layout plain = parse_layout(slots, line.seconds_cell);
        if (!plain.ok) {
            result.flags.emplace_back("ambiguous_am_pm");
            return;
        }
        layout = plain;
        twelve_hour = false;
        pm = false;
        for (RawReading& r : raw) {
            r.pm = false;
        }
    }

    void settle_date_order(const std::optional<DateHint>& hint) {
        // The date order: year first is YYYY-MM-DD; otherwise a value over 12, the hint, a day
        // rollover, or it stays ambiguous.
        DayPosition day = layout.year_first ? DayPosition::second : DayPosition::unknown;
        if (!layout.year_first) {
            int a_over = 0;
            int b_over = 0;
            for (const RawReading& r : raw) {
                a_over += r.a > 12 ? 1 : 0;
                b_over += r.b > 12 ? 1 : 0;
            }
            if (a_over * 2 > static_cast<int>(raw.size())) {
                day = DayPosition::first;
            } else if (b_over * 2 > static_cast<int>(raw.size())) {
                day = DayPosition::second;
            }
            if (day == DayPosition::unknown && hint && !raw.empty()) {
                int64_t want = timecode::days_from_civil(hint->year, hint->month, hint->day);
                auto distance = [&](DayPosition d) -> int64_t {
                    std::optional<int64_t> us = civil_us(raw.front(), d, twelve_hour);
                    if (!us) {
                        return 1 << 20;
                    }
                    return std::abs(*us / 86'400'000'000LL - want);
                };
                int64_t first_d = distance(DayPosition::first);
                int64_t second_d = distance(DayPosition::second);
                if (std::min(first_d, second_d) <= 2 && first_d != second_d) {
                    day = first_d < second_d ? DayPosition::first : DayPosition::second;
                }
            }
            if (day == DayPosition::unknown) {
                for (size_t i = 1; i < raw.size() && day == DayPosition::unknown; ++i) {
                    const RawReading& p = raw[i - 1];
                    const RawReading& r = raw[i];
                    bool midnight = r.hour < p.hour && r.year == p.year;
                    if (midnight && r.a == p.a + 1 && r.b == p.b) {
                        day = DayPosition::first;
                    } else if (midnight && r.b == p.b + 1 && r.a == p.a) {
                        day = DayPosition::second;
                    }
                }
            }
            if (day == DayPosition::unknown) {
                result.flags.emplace_back("ambiguous_date_order");
                result.alternative_format = format_for(layout, DayPosition::second);
            }
        }
        result.format = format_for(layout, day);
        used = day == DayPosition::unknown ? DayPosition::first : day;
    }

    bool collect_readings() {
        for (const RawReading& r : raw) {
            std::optional<int64_t> us = civil_us(r, used, twelve_hour);
            if (!us) {
                continue;
            }
            result.readings.push_back(OsdReading{r.pts_us, *us, r.confidence, false});
        }
        if (result.readings.size() < 3) {
            result.failure = "fewer than three readings make a valid date and time";
            return false;
        }
        return true;
    }

    void fit_clock(const std::optional<DateHint>& hint) {
        // Fit OSD = offset + rate * video time on the largest consistent group; the rest are
        // outliers: a run of them is a jump or a freeze, a lone one a misread.
        double rate = period.rate;
        std::vector<double> starts;
        for (const OsdReading& r : result.readings) {
            starts.push_back(static_cast<double>(r.osd_us) / 1e6 -
                             rate * static_cast<double>(r.pts_us) / 1e6);
        }
        const ClockStart start = clock_start(result.readings, rate, kClearReading, twelve_hour);
        const double center = start.offset_s;
        double lo = -1e18;
        double hi = 1e18;
        int inliers = 0;
        for (size_t i = 0; i < starts.size(); ++i) {
            bool in = std::abs(starts[i] - center) <= 1.5;
            result.readings[i].outlier = !in;
            if (in) {
                lo = std::max(lo, starts[i]);
                hi = std::min(hi, starts[i] + 1.0);
                ++inliers;
            }
        }
        double offset = lo <= hi ? (lo + hi) / 2.0 : center + 0.5;
        result.osd_at_zero_us = static_cast<int64_t>(std::llround(offset * 1e6));
        result.rate = rate;
        if (std::abs(rate - 1.0) > 0.012) {
            result.flags.emplace_back("rate_off");
        }
        // Runs of clearly read outliers (unclear ones, and one digit misread between readings
        // on the line, are misreads).
        int run = 0;
        int longest_run = 0;
        bool frozen = false;
        for (size_t i = 0; i < result.readings.size(); ++i) {
            if (!result.readings[i].outlier) {
                run = 0;
            } else if (result.readings[i].confidence >= kClearReading && !start.misread_digit[i]) {
                ++run;
            }
            longest_run = std::max(longest_run, run);
        }
        for (size_t i = 0, j = 0; i < result.readings.size(); i = j) {
            j = i;
            while (j < result.readings.size() &&
                   result.readings[j].osd_us == result.readings[i].osd_us) {
                ++j;
            }
            if (result.readings[j - 1].pts_us - result.readings[i].pts_us > 2'000'000) {
                frozen = true;
            }
        }
        if (frozen) {
            result.flags.emplace_back("not_advancing");
        } else if (longest_run >= 3) {
            result.flags.emplace_back("jump");
        } else if (inliers < static_cast<int>(result.readings.size())) {
            result.flags.emplace_back("misread");
        }
        if (hint) {
            int64_t want = timecode::days_from_civil(hint->year, hint->month, hint->day);
            if (result.osd_at_zero_us / 86'400'000'000LL != want) {
                result.flags.emplace_back("date_differs_from_hint");
            }
        }
    }
};

// One line of text holding the clock, read.
ClockReading read_clock_line(const std::vector<OsdSample>& samples,
                             const std::optional<DateHint>& hint) {
    ClockReading reading;
    bool traced = reading.take_frames(samples) && reading.locate() && reading.trace_line();
    // Per pixel of the whole frame, and not read past the line: freed rather than copied below.
    reading.bits = std::vector<uint64_t>();
    const ClockReading before_cut = reading;
    bool classified =
        traced && reading.cut_cells() && reading.learn_digits() && reading.classify_cells();
    if (traced && !classified && reading.text_chars.size() > reading.line.cells.size()) {
        // The text recogniser read more characters than there are cells: cut them again.
        std::vector<TextChar> chars = reading.text_chars;
        std::vector<size_t> text_frames = reading.text_frames;
        reading = before_cut;
        reading.text_chars = chars;
        classified = reading.cut_cells() && reading.learn_digits() && reading.classify_cells();
        if (classified && reading.text_read.empty()) {
            // Cells cut by the recogniser's count and named by the glyphs: what it read is
            // still the check on the clock the glyphs read (glyphs learnt from cells a digit
            // too narrow or too wide read a clock hours off).
            reading.text_frames = text_frames;
            reading.text_read = reading.text_over_cells();
            reading.result.flags.emplace_back("layout_from_text");
        }
    }
    if (classified) {
        reading.read_all();
        reading.settle_ampm();
        reading.settle_date_order(hint);
        if (reading.collect_readings()) {
            reading.fit_clock(hint);
            reading.result.found = (reading.text_read.empty() || reading.fit_agrees_with_text()) &&
                                   reading.fit_shows_text_seconds();
            if (!reading.result.found) {
                reading.result.failure =
                    "the clock read with the font's glyphs is not what the text recogniser read";
            }
        }
    }
    return reading;
}

// A time without a date on its line: the date on the line above it, or below it (a clock on
// two lines), joined to the time's line in reading order and read as one line.
std::optional<OsdResult> read_two_lines(const ClockReading& time,
                                        const std::vector<OsdSample>& samples,
                                        const std::optional<DateHint>& hint) {
    const int h = time.box.height;
    if (time.line.cells.empty() || time.window.empty()) {
        return std::nullopt;
    }
    const cv::Rect frame(0, 0, time.width, time.height);
    const cv::Rect search =
        cv::Rect(0, time.box.y - 3 * h, time.width, time.box.height + 6 * h) & frame;
    cv::Mat steady = cv::Mat::zeros(search.size(), CV_32F);
    for (const Frame& f : time.window) {
        steady += time.ink.binarise(f.grey(search));
    }
    steady /= static_cast<double>(time.window.size());
    // The time's ink: its cells' columns, its digits' rows (the seconds' box holds their
    // outline too; the date's line is found and levelled by its ink alone).
    const cv::Rect time_ink =
        ink_rows_of(steady, search.tl(),
                    cv::Rect(time.line.cells.front().x0, time.box.y,
                             time.line.cells.back().x1 - time.line.cells.front().x0, h));
    for (bool above : {true, false}) {
        std::optional<cv::Rect> date = find_neighbour_line(steady, search.tl(), time_ink, h, above);
        if (!date) {
            continue;
        }
        const JoinedLines joined{above ? *date : time_ink, above ? time_ink : *date, h};
        std::vector<OsdSample> lines;
        for (const OsdSample& s : samples) {
            cv::Mat grey;
            if (s.image.channels() == 3) {
                cv::cvtColor(s.image, grey, cv::COLOR_BGR2GRAY);
            } else {
                grey = s.image;
            }
            if (grey.size() == frame.size()) {
                lines.push_back(OsdSample{s.pts_us, joined.join(grey)});
            }
        }
        ClockReading both = read_clock_line(lines, hint);
        if (both.result.found) {
            both.result.region = joined.bounds() & frame;
            return both.result;
        }
    }
    return std::nullopt;
}

}  // namespace

bool OsdResult::has_flag(const std::string& flag) const {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

OsdResult read_osd_clock(const std::vector<OsdSample>& samples,
                         const std::optional<DateHint>& hint) {
    ClockReading reading = read_clock_line(samples, hint);
    if (!reading.result.found && reading.layout.time_found && !reading.layout.ok) {
        if (std::optional<OsdResult> two_lines = read_two_lines(reading, samples, hint)) {
            return *two_lines;
        }
    }
    return reading.result;
}

}  // namespace footage::indexers::osd
