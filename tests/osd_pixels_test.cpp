// The OSD reader's pixel steps on synthetic pictures: finding the seconds digit among other
// changes in the scene.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/osd/seconds_digit.hpp"

namespace footage::indexers::osd {
namespace {

// Whether a stroke pixel of the digit is inked in second `k` (a glyph per second, as a clock's
// units digit: about half its pixels flip at every second).
bool inked(int x, int y, int64_t k) {
    uint32_t v = static_cast<uint32_t>(x) * 73856093U ^ static_cast<uint32_t>(y) * 19349663U ^
                 static_cast<uint32_t>(k) * 83492791U;
    v ^= v >> 13;
    v *= 0x5bd1e995U;
    v ^= v >> 15;
    return (v & 1U) != 0;
}

// A scene object that passes for a few seconds can change on second boundaries by chance (a car
// at a low frame rate moves in steps): more pixels than the digit, but at only a few of the
// boundaries. The seconds digit changes at every one of them.
TEST(OsdSecondsDigit, APassingObjectThatFollowsTheRhythmForAFewSecondsIsNotTheDigit) {
    const cv::Rect digit(200, 20, 20, 28);
    const cv::Rect passer(40, 120, 64, 64);
    std::vector<Frame> window;
    for (int i = 0; i <= 56; ++i) {
        Frame f;
        f.t = 0.25 * i + 0.1;
        f.pts_us = static_cast<int64_t>(f.t * 1e6);
        f.grey = cv::Mat(240, 320, CV_8U, cv::Scalar(100));
        const auto second = static_cast<int64_t>(f.t);  // the clock changes on whole seconds
        for (int y = digit.y; y < digit.br().y; ++y) {
            for (int x = digit.x; x < digit.br().x; ++x) {
                f.grey.at<uint8_t>(y, x) = inked(x, y, second) ? 250 : 100;
            }
        }
        // The passer changes at half seconds, from 3.5 s to 6.5 s only: four changes.
        const auto half = static_cast<int64_t>(f.t + 0.5);
        if (half >= 4 && half <= 7) {
            f.grey(passer).setTo(half % 2 == 0 ? 30 : 230);
        }
        window.push_back(f);
    }
    std::vector<uint64_t> bits = change_bits(window);
    std::optional<Period> found = find_period(window, bits);
    ASSERT_TRUE(found);
    EXPECT_EQ((found->box & digit), found->box) << "box " << found->box.x << "," << found->box.y;
}

}  // namespace
}  // namespace footage::indexers::osd
