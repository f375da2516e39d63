#include "indexers/osd/recogniser_glyphs.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace footage::indexers::osd {
namespace {

// The digit a cell's text names, or -1: one character, 0-9.
int digit_of(const std::string& text) {
    return text.size() == 1 && text[0] >= '0' && text[0] <= '9' ? text[0] - '0' : -1;
}

struct Sample {
    int digit = 0;
    int64_t second = 0;
    const cv::Mat* ink = nullptr;
};

// How well `ink` (a cell's picture, the search margin included) matches `tpl`.
double score_against(const cv::Mat& ink, const cv::Mat& tpl) {
    Glyphs one;
    one.templates[0] = tpl;
    one.known[0] = true;
    return match_digit(ink, ink.cols / 2, one).score;
}

}  // namespace

std::optional<TextGlyphs> glyphs_from_text(const SecondSums& units, const SecondSums& tens,
                                           size_t units_cell,
                                           const std::vector<TextReadSecond>& read,
                                           std::string& why) {
    // The rotation: the units' glyph in second k is digit (k + rotation) mod 10.
    std::set<int64_t> rotations;
    // The units' glyphs only from the seconds read: a second too faint to read (the sky
    // whitening behind the text) leaves a glyph of broken strokes.
    SecondSums units_read;
    SecondSums tens_read;
    for (const TextReadSecond& s : read) {
        const int d = units_cell < s.text.size() ? digit_of(s.text[units_cell]) : -1;
        auto units_sum = units.find(s.second);
        if (d >= 0 && units_sum != units.end()) {
            rotations.insert(((d - s.second) % 10 + 10) % 10);
            units_read.insert(*units_sum);
            if (auto tens_sum = tens.find(s.second); tens_sum != tens.end()) {
                tens_read.insert(*tens_sum);
            }
        }
    }
    if (units_read.size() < 3) {
        why = "the text recogniser read the seconds in fewer than three seconds";
        return std::nullopt;
    }
    if (rotations.size() != 1) {
        why = "the seconds' order of change disagrees with what the text recogniser read";
        return std::nullopt;
    }
    const int64_t rotation = *rotations.begin();
    // Digit (k - k9 - 1) mod 10 is digit (k + rotation) mod 10.
    TextGlyphs out;
    out.k9 = ((-rotation - 1) % 10 + 10) % 10;
    const Glyphs own = glyphs_from_seconds(units_read, tens_read, out.k9);
    int tpl_width = 0;
    for (size_t d = 0; d < 10; ++d) {
        if (own.known[d]) {
            tpl_width = own.templates[d].cols;
        }
    }
    if (tpl_width == 0) {
        why = "no glyph of the seconds' units";
        return std::nullopt;
    }

    // Every other cell read as a digit, in every second where it shows: with at least half the
    // ink it has in the clearest second read as the same digit (the recogniser reads a line
    // averaged over the second, in which a fading part of it still shows; the ink of its frames
    // may be all but gone).
    std::map<std::pair<size_t, int>, double> clearest;
    for (const TextReadSecond& s : read) {
        for (size_t c = 0; c < s.text.size() && c < s.ink.size(); ++c) {
            const int d = digit_of(s.text[c]);
            if (c != units_cell && d >= 0 && !s.ink[c].empty()) {
                double& most = clearest[{c, d}];
                most = std::max(most, cv::sum(s.ink[c])[0]);
            }
        }
    }
    std::vector<Sample> samples;
    for (const TextReadSecond& s : read) {
        for (size_t c = 0; c < s.text.size() && c < s.ink.size(); ++c) {
            const int d = digit_of(s.text[c]);
            if (c != units_cell && d >= 0 && !s.ink[c].empty() &&
                cv::sum(s.ink[c])[0] * 2.0 >= clearest[{c, d}] && clearest[{c, d}] > 0.0) {
                samples.push_back(Sample{d, s.second, &s.ink[c]});
            }
        }
    }
    // A class's picture: the units' glyph, else the mean of the cells read as it in seconds
    // other than `left_out` (a picture is not compared with itself).
    auto class_template = [&](int digit, int64_t left_out) -> std::optional<cv::Mat> {
        if (own.known[static_cast<size_t>(digit)]) {
            return own.templates[static_cast<size_t>(digit)];
        }
        cv::Mat sum;
        int n = 0;
        for (const Sample& s : samples) {
            if (s.digit != digit || s.second == left_out) {
                continue;
            }
            cv::Mat middle = crop_cell(*s.ink, s.ink->cols / 2, tpl_width);
            sum = n == 0 ? middle.clone() : cv::Mat(sum + middle);
            ++n;
        }
        if (n == 0) {
            return std::nullopt;
        }
        return cv::Mat(sum / n);
    };
    std::map<int, std::set<int64_t>> seconds_of;
    for (const Sample& s : samples) {
        seconds_of[s.digit].insert(s.second);
    }
    // Each cell read as a digit against every class: its own must match it best. Scores of
    // cells read as a digit the units showed, against that glyph, tell how well one glyph
    // matches itself here.
    struct Scores {
        double named = -1.0;  // against its own class; < 0: its class has no picture
        double other = 0.0;   // the best other class
        int other_digit = -1;
        double best_own_glyph = 0.0;  // the best of the units' glyphs other than its own
        int own_glyph_digit = -1;
    };
    std::vector<Scores> scores(samples.size());
    std::vector<double> same_glyph;
    for (size_t i = 0; i < samples.size(); ++i) {
        const Sample& s = samples[i];
        Scores& sc = scores[i];
        for (int d = 0; d < 10; ++d) {
            std::optional<cv::Mat> tpl = class_template(d, s.second);
            if (!tpl) {
                continue;
            }
            const double score = score_against(*s.ink, *tpl);
            if (d == s.digit) {
                sc.named = score;
                continue;
            }
            if (score > sc.other) {
                sc.other = score;
                sc.other_digit = d;
            }
            if (own.known[static_cast<size_t>(d)] && score > sc.best_own_glyph) {
                sc.best_own_glyph = score;
                sc.own_glyph_digit = d;
            }
        }
        if (own.known[static_cast<size_t>(s.digit)]) {
            same_glyph.push_back(sc.named);
        }
    }
    double typical_same = 1.0;
    if (!same_glyph.empty()) {
        std::nth_element(same_glyph.begin(),
                         same_glyph.begin() + static_cast<std::ptrdiff_t>(same_glyph.size() / 2),
                         same_glyph.end());
        typical_same = same_glyph[same_glyph.size() / 2];
    }
    for (size_t i = 0; i < samples.size(); ++i) {
        const Sample& s = samples[i];
        const Scores& sc = scores[i];
        // Read as a digit the units never showed, yet matching one of their glyphs as well as
        // cells read as that glyph's digit do: one glyph would carry two names.
        const bool new_digit = !own.known[static_cast<size_t>(s.digit)];
        if (new_digit && sc.own_glyph_digit >= 0 && sc.best_own_glyph >= typical_same) {
            why = "a cell the text recogniser read as " + std::to_string(s.digit) +
                  " shows the seconds' " + std::to_string(sc.own_glyph_digit);
            return std::nullopt;
        }
        // A digit read in one second only has nothing of its own to be compared with: it is
        // not learnt.
        if (sc.named >= 0.0 && sc.named <= sc.other) {
            why = "a cell the text recogniser read as " + std::to_string(s.digit) +
                  " looks more like the glyph of a " + std::to_string(sc.other_digit);
            return std::nullopt;
        }
    }
    out.glyphs = own;
    for (const auto& [digit, seconds] : seconds_of) {
        const auto d = static_cast<size_t>(digit);
        if (!own.known[d] && seconds.size() >= 2) {
            out.glyphs.templates[d] = *class_template(digit, -1);
            out.glyphs.known[d] = true;
        }
    }
    return out;
}

}  // namespace footage::indexers::osd
