// Where the clock line a recording's readings are fitted to starts (clock_start): the clearest
// early readings, unless they misread one digit that most readings around them read otherwise.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "indexers/osd/clock_start.hpp"
#include "lib/timecode/time.hpp"

namespace footage::indexers::osd {
namespace {

constexpr double kClear = 0.5;

// Readings 4 a second for 14 s of a clock showing `start_us` at video time 0; `shown(i, us)`
// may change what reading i shows, `clear(i)` whether it is clear.
template <typename Shown, typename Clear>
std::vector<OsdReading> readings_of(int64_t start_us, Shown shown, Clear clear) {
    std::vector<OsdReading> out;
    for (int i = 0; i < 56; ++i) {
        const int64_t pts = i * 250'000LL;
        const int64_t us = start_us + pts / 1'000'000 * 1'000'000;
        out.push_back(OsdReading{pts, shown(i, us), clear(i) ? 0.8 : 0.3, false});
    }
    return out;
}

const int64_t kEight = timecode::civil_to_us(2019, 3, 9, 8, 4, 59, 0);
const int64_t kFiveHours = 5LL * 3600 * 1'000'000;

// A dotted 8 that lost ink reads as a clear 3 now and then (hour 03 in 4-s stretches, the
// clearest readings of the clip); most readings, before and after, read 08: the clock is 08
// and those readings are misreads of that digit, not a jump.
TEST(OsdClockStart, OneDigitMisreadClearlyBetweenReadingsOnTheLineIsNoStart) {
    auto three = [](int i) { return (i >= 16 && i < 18) || (i >= 32 && i < 48); };
    const std::vector<OsdReading> readings = readings_of(
        kEight, [&](int i, int64_t us) { return three(i) ? us - kFiveHours : us; }, three);
    const ClockStart start = clock_start(readings, 1.0, kClear, true);
    EXPECT_NEAR(start.offset_s, static_cast<double>(kEight) / 1e6, 1.5);
    for (size_t i = 0; i < readings.size(); ++i) {
        EXPECT_EQ(start.misread_digit[i], three(static_cast<int>(i))) << i;
    }
}

// A clock set back 5 h 6 s into the recording stays on its new line: the start is the clock as
// it ran first, even though most readings are on the later line.
TEST(OsdClockStart, AClockSetOnceStartsWhereItRanFirst) {
    const std::vector<OsdReading> readings = readings_of(
        kEight, [](int i, int64_t us) { return i >= 24 ? us - kFiveHours : us; },
        [](int) { return true; });
    const ClockStart start = clock_start(readings, 1.0, kClear, true);
    EXPECT_NEAR(start.offset_s, static_cast<double>(kEight) / 1e6, 1.5);
    for (bool misread : start.misread_digit) {
        EXPECT_FALSE(misread);
    }
}

// Readings off the majority in two digits (the minutes and the seconds) are no one misread
// digit: the first clear readings start the clock.
TEST(OsdClockStart, ReadingsOffInSeveralDigitsKeepTheFirstClearStart) {
    auto off = [](int i) { return i < 8 || (i >= 32 && i < 40); };
    const std::vector<OsdReading> readings = readings_of(
        kEight, [&](int i, int64_t us) { return off(i) ? us + 73'000'000 : us; }, off);
    const ClockStart start = clock_start(readings, 1.0, kClear, false);
    EXPECT_NEAR(start.offset_s, static_cast<double>(kEight + 73'000'000) / 1e6, 1.5);
}

}  // namespace
}  // namespace footage::indexers::osd
