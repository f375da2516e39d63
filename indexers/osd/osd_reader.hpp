#pragma once
// Reads a recorder's burned-in clock (the on-screen display, "OSD") from sampled frames: finds
// the seconds digit by its one-second period, learns the font's digits from it, reads the
// other positions with those templates and fits the OSD time against the video time.
// See docs/osd.md for the method, its limits and what each flag means.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace footage::indexers::osd {

// One sampled frame: BGR or grey, at the recording's own resolution (the OSD's small fonts do
// not survive downscaling).
struct OsdSample {
    int64_t pts_us = 0;  // video time from the start of the recording
    cv::Mat image;
};

// The date the file name (or the examiner) says; settles DD-MM against MM-DD.
struct DateHint {
    int year = 0;
    int month = 0;
    int day = 0;
};

struct OsdReading {
    int64_t pts_us = 0;
    int64_t osd_us = 0;       // the civil (zone-less) time shown, microseconds since 1970-01-01
    double confidence = 0.0;  // 0..1: the weakest digit's template match margin
    bool outlier = false;     // off the fitted clock line (a jump, a freeze or a misread)
};

struct OsdResult {
    bool found = false;
    std::string failure;  // why nothing was read, when !found
    cv::Rect region;      // the clock's text line, in frame pixels
    // "YYYY-MM-DD HH:MM:SS", "DD-MM-YYYY ddd hh:MM:SS tt": ddd a weekday word, hh a 12-hour
    // hour, tt AM/PM; MM is the month in the date and the minute in the time.
    std::string format;
    std::string alternative_format;  // the other date order when it could not be settled
    std::vector<OsdReading> readings;
    int64_t osd_at_zero_us = 0;  // the fitted OSD civil time at video time 0
    double rate = 1.0;           // OSD seconds per video second over the readings
    // ambiguous_date_order, ambiguous_am_pm, date_differs_from_hint, jump, not_advancing,
    // rate_off, misread, layout_from_text (the format was read by the text recogniser)
    std::vector<std::string> flags;

    bool has_flag(const std::string& flag) const;
};

// The reader learns the font from the first ~15 s of its samples (else the last 15 s): samples
// over a longer stretch add nothing to the learning. The indexer learns from as much.
constexpr int64_t kLearningWindowUs = 15'000'000;

// `samples` sorted by time, a few per second over at least 11 s for the digits to be learnt.
OsdResult read_osd_clock(const std::vector<OsdSample>& samples,
                         const std::optional<DateHint>& hint = std::nullopt);

}  // namespace footage::indexers::osd
