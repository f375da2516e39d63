// The motion index's parts: the grid codec, the background model on synthetic frames with known
// motion, and event building from grids.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>

#include <opencv2/imgproc.hpp>

#include "indexers/motion/events.hpp"
#include "indexers/motion/grid_codec.hpp"
#include "indexers/motion/motion_model.hpp"
#include "lib/util/error.hpp"

namespace footage::indexers::motion {
namespace {

TEST(GridCodec, RoundTripsSparseFrames) {
    std::vector<GridFrame> frames;
    std::mt19937 random(7);
    for (int i = 0; i < 50; ++i) {
        GridFrame frame{20'000'000 + i * 200'000, std::vector<uint8_t>(32 * 18, 0)};
        for (int k = 0; k < i % 7; ++k) {
            frame.cells[random() % frame.cells.size()] = static_cast<uint8_t>(1 + random() % 255);
        }
        frames.push_back(frame);
    }
    std::string blob = encode_frames(frames, 32, 18, 20'000'000);
    std::vector<GridFrame> back = decode_frames(blob, 32, 18, 20'000'000);
    ASSERT_EQ(back.size(), frames.size());
    for (size_t i = 0; i < frames.size(); ++i) {
        EXPECT_EQ(back[i].pts_offset_us, frames[i].pts_offset_us);
        EXPECT_EQ(back[i].cells, frames[i].cells);
    }
    // Sparse: far below one byte per cell.
    EXPECT_LT(blob.size(), frames.size() * 32 * 18 / 10);
}

TEST(GridCodec, PeaksAreStoredSparselyAndReadBackExactly) {
    std::vector<uint8_t> peak(32 * 18, 0);
    peak[0] = 9;
    peak[300] = 200;
    peak[575] = 255;
    std::vector<uint8_t> stored = encode_peak(peak);
    EXPECT_EQ(stored.size(), 1u + 3 * 3);
    EXPECT_EQ(decode_peak(stored, peak.size()), peak);
    // A busy chunk stays dense, and dense peaks from older catalogs read as they are.
    std::vector<uint8_t> busy(32 * 18, 7);
    EXPECT_EQ(encode_peak(busy), busy);
    EXPECT_EQ(decode_peak(busy, busy.size()), busy);
    EXPECT_THROW(decode_peak({0x53, 1, 0}, peak.size()), CatalogError);  // truncated triple
    EXPECT_THROW(decode_peak({0x53, 0xff, 0x7f, 1}, peak.size()), CatalogError);  // no such cell
}

TEST(GridCodec, RejectsDamagedBlobs) {
    GridFrame frame{0, std::vector<uint8_t>(32 * 18, 0)};
    frame.cells[575] = 200;
    std::string blob = encode_frames({frame}, 32, 18, 0);
    EXPECT_THROW(decode_frames(blob.substr(0, blob.size() - 1), 32, 18, 0), CatalogError);
    EXPECT_THROW(decode_frames(blob, 16, 9, 0), CatalogError);  // cell index beyond the grid
}

// Synthetic camera: a textured scene with temporal sensor noise, an optional global lighting
// change and optional moving squares, sampled at 5 fps.
struct Scene {
    double seconds = 30.0;
    double noise_sigma = 3.0;
    double swell_levels = 0.0;  // peak global brightness change, over the whole clip
    struct Square {
        double t0, t1;
        int size, y, x0, x1;
    };
    std::vector<Square> squares;
    int clock_y = -1;          // a burned-in clock's baseline, "2020-11-03 14:00:SS", 8 px tall
    int clock_from = 0;        // the seconds it shows at the start
    bool faint_clock = false;  // thin light grey strokes without an outline, as a small font
                               // shrunk to the motion model's 320 px leaves them
    cv::Rect blinker;          // a light on for one second, off for the next
    std::optional<media::Box> known_clock;  // told to the model before the first sample
};

// The clock as a recorder draws it: white with a black outline, ticking with the video.
void draw_clock(cv::Mat& frame, int y, double t, bool faint) {
    int seconds = static_cast<int>(std::floor(t + 0.3));
    char text[32];
    std::snprintf(text, sizeof text, "2020-11-03 14:%02d:%02d", seconds / 60, seconds % 60);
    if (faint) {
        cv::putText(frame, text, cv::Point(10, y), cv::FONT_HERSHEY_PLAIN, 0.7, cv::Scalar(200));
        return;
    }
    cv::putText(frame, text, cv::Point(10, y), cv::FONT_HERSHEY_SIMPLEX, 0.35, cv::Scalar(0), 3);
    cv::putText(frame, text, cv::Point(10, y), cv::FONT_HERSHEY_SIMPLEX, 0.35, cv::Scalar(255), 1);
}

// `most_held`: the most samples the model took in before their grids came out.
std::vector<RecordingEvent> run_scene(const Scene& scene,
                                      std::optional<media::ClockLine>* clock = nullptr,
                                      int* most_held = nullptr) {
    MotionModel model;
    if (scene.known_clock) {
        model.assume_clock(*scene.known_clock);
    }
    int taken = 0;
    int emitted = 0;
    EventBuilder<timecode::OffsetClock> events(EventRules{cell_threshold(kDefaultSensitivity)});
    CellMask all(32, 18);
    std::mt19937 random(42);
    cv::Mat base(180, 320, CV_8U);
    for (int y = 0; y < 180; ++y) {
        for (int x = 0; x < 320; ++x) {
            base.at<uint8_t>(y, x) = static_cast<uint8_t>(60 + 60 * x / 320 + 30 * y / 180 +
                                                          ((x / 16 + y / 16) % 2) * 20);
        }
    }
    auto emit = [&](int64_t pts_us, const std::vector<uint8_t>& grid) {
        events.add(timecode::OffsetInstant{pts_us}, 200'000, grid, all);
        ++emitted;
    };
    for (int64_t pts_us = 0; pts_us < static_cast<int64_t>(scene.seconds * 1e6);
         pts_us += 200'000) {
        double t = static_cast<double>(pts_us) / 1e6;
        cv::Mat frame;
        double swell = scene.swell_levels * std::sin(M_PI * t / scene.seconds);
        base.convertTo(frame, CV_32F, 1.0, swell);
        cv::Mat noise(frame.size(), CV_32F);
        cv::randn(noise, 0.0, scene.noise_sigma);
        frame += noise;
        for (const Scene::Square& square : scene.squares) {
            if (t >= square.t0 && t <= square.t1) {
                int x = static_cast<int>(square.x0 + (square.x1 - square.x0) * (t - square.t0) /
                                                         (square.t1 - square.t0));
                cv::rectangle(frame, cv::Rect(x, square.y, square.size, square.size),
                              cv::Scalar(240), cv::FILLED);
            }
        }
        if (scene.clock_y >= 0) {
            draw_clock(frame, scene.clock_y, scene.clock_from + t, scene.faint_clock);
        }
        if (!scene.blinker.empty() && static_cast<int>(t) % 2 == 1) {
            cv::rectangle(frame, scene.blinker, cv::Scalar(250), cv::FILLED);
        }
        cv::Mat luma;
        frame.convertTo(luma, CV_8U);
        media::LumaFrame sample{pts_us, luma.cols, luma.rows, static_cast<int32_t>(luma.step[0]),
                                luma.data};
        model.update(sample, emit);
        ++taken;
        if (most_held != nullptr) {
            *most_held = std::max(*most_held, taken - emitted);
        }
    }
    model.flush(emit);
    if (clock != nullptr) {
        *clock = model.clock();
    }
    return events.finish();
}

TEST(MotionModel, SensorNoiseAloneIsNotMotion) {
    Scene scene;
    scene.noise_sigma = 5.0;
    EXPECT_TRUE(run_scene(scene).empty());
}

TEST(MotionModel, SlowLightingSwellIsNotMotion) {
    Scene scene;
    scene.seconds = 20.0;
    scene.swell_levels = 40.0;  // +40 luma levels at the middle of 20 s
    EXPECT_TRUE(run_scene(scene).empty());
}

TEST(MotionModel, FindsAOneSecondSmallObjectWithinHalfASecond) {
    Scene scene;
    scene.squares.push_back({12.0, 13.0, 12, 100, 100, 160});  // 12 px: ~4% of the width
    std::vector<RecordingEvent> events = run_scene(scene);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_NEAR(static_cast<double>(events[0].start.us) / 1e6, 12.0, 0.5);
    EXPECT_NEAR(static_cast<double>(events[0].end.us) / 1e6, 13.0, 0.5);
    // The box holds the square's path: x 100..172, y 100..112 of 320 x 180.
    EXPECT_LE(events[0].box.x, 100.0 / 320);
    EXPECT_GE(events[0].box.x + events[0].box.w, 172.0 / 320);
    EXPECT_LE(events[0].box.y, 100.0 / 180);
    EXPECT_GE(events[0].box.y + events[0].box.h, 112.0 / 180);
}

TEST(MotionModel, AnObjectInTheFirstFrameLeavesNoGhost) {
    Scene scene;
    scene.squares.push_back({0.0, 3.0, 40, 20, 140, 280});
    std::vector<RecordingEvent> events = run_scene(scene);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_NEAR(static_cast<double>(events[0].start.us) / 1e6, 0.0, 0.5);
    EXPECT_NEAR(static_cast<double>(events[0].end.us) / 1e6, 3.0, 0.5);
}

TEST(MotionModel, ABurnedInClockIsNotMotion) {
    Scene scene;
    scene.clock_y = 30;
    std::optional<media::ClockLine> clock;
    std::vector<RecordingEvent> events = run_scene(scene, &clock);
    EXPECT_TRUE(events.empty()) << events.size() << " events, the first at "
                                << static_cast<double>(events.front().start.us) / 1e6 << " s";
    ASSERT_TRUE(clock.has_value());
    // The text runs from x 10 to about 125, baseline 30, 8 px tall and 13 with its outline: the
    // line holds all of it (its minutes change once in 30 s) and not much more.
    EXPECT_LE(clock->line.x, 10);
    EXPECT_GE(clock->line.br().x, 120);
    EXPECT_LT(clock->line.br().x, 160);
    EXPECT_LE(clock->line.y, 22);
    EXPECT_GE(clock->line.br().y, 31);
    EXPECT_LE(clock->line.height, 26);  // twice the outlined text's 13 px
}

TEST(MotionModel, AFaintSmallClockIsNotMotionWhenItsMinuteChanges) {
    // Failed before: the line ended at the first thin separator left of the seconds, and the
    // minute's change at 15 s was an event.
    Scene scene;
    scene.clock_y = 30;
    scene.clock_from = 45;
    scene.faint_clock = true;
    std::optional<media::ClockLine> clock;
    std::vector<RecordingEvent> events = run_scene(scene, &clock);
    ASSERT_TRUE(clock.has_value());
    EXPECT_TRUE(events.empty()) << events.size() << " events, the first at "
                                << static_cast<double>(events.front().start.us) / 1e6 << " s";
    EXPECT_LE(clock->line.x, 60);  // the minutes, and the hours, at x 60-100
}

TEST(MotionModel, AClockFoundBeforeIsIgnoredFromTheFirstSampleWithoutHoldingAny) {
    // The model could not be told before (no assume_clock): when the still plan had found the
    // clock in the same samples, the model held 65 samples' grids to look for it again.
    Scene scene;
    scene.clock_y = 30;
    std::optional<media::ClockLine> found;
    int held = 0;
    EXPECT_TRUE(run_scene(scene, &found, &held).empty());
    ASSERT_TRUE(found.has_value());
    EXPECT_GE(held, media::kClockSamples - 1);
    scene.known_clock = found->line_fraction();
    std::optional<media::ClockLine> told;
    int held_told = 0;
    EXPECT_TRUE(run_scene(scene, &told, &held_told).empty());
    ASSERT_TRUE(told.has_value());
    EXPECT_EQ(told->line, found->line);
    EXPECT_LT(held_told, 6);  // the first background's five samples only
}

TEST(MotionModel, WhatCrossesTheClocksLineIsStillMotion) {
    Scene scene;
    scene.clock_y = 100;
    scene.squares.push_back({20.0, 22.0, 12, 94, 0, 300});
    std::vector<RecordingEvent> events = run_scene(scene);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_NEAR(static_cast<double>(events[0].start.us) / 1e6, 20.0, 0.5);
    EXPECT_NEAR(static_cast<double>(events[0].end.us) / 1e6, 22.0, 0.5);
}

TEST(MotionModel, ABlinkingLightIsNoClock) {
    Scene scene;
    scene.seconds = 20.0;
    scene.blinker = cv::Rect(200, 100, 12, 12);
    std::optional<media::ClockLine> clock;
    std::vector<RecordingEvent> events = run_scene(scene, &clock);
    EXPECT_FALSE(clock.has_value()) << "a clock at " << clock->digit.x << "," << clock->digit.y;
    EXPECT_FALSE(events.empty());  // the light going on and off is a change in the picture
}

TEST(Events, JoinsFramesLessThanASecondApartAndDropsSingleFlickers) {
    CellMask all(4, 2);
    EventBuilder<timecode::OffsetClock> builder(EventRules{20});
    std::vector<uint8_t> moving(8, 0), still(8, 0);
    moving[5] = 100;
    builder.add(timecode::OffsetInstant{1'000'000}, 200'000, moving, all);  // a lone flicker
    for (int64_t t : {5'000'000, 5'200'000, 5'800'000, 6'600'000}) {
        builder.add(timecode::OffsetInstant{t}, 200'000, moving, all);
    }
    builder.add(timecode::OffsetInstant{6'800'000}, 200'000, still, all);
    builder.add(timecode::OffsetInstant{9'000'000}, 200'000, moving, all);
    builder.add(timecode::OffsetInstant{9'200'000}, 200'000, moving, all);
    std::vector<RecordingEvent> events = builder.finish();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].start.us, 5'000'000);
    EXPECT_EQ(events[0].end.us, 6'800'000);
    EXPECT_EQ(events[1].start.us, 9'000'000);
    // Cell 5 of a 4 x 2 grid: column 1, row 1.
    EXPECT_DOUBLE_EQ(events[0].box.x, 0.25);
    EXPECT_DOUBLE_EQ(events[0].box.y, 0.5);
}

TEST(Events, RegionMasksCellsOutsideIt) {
    CellMask left(4, 2, {Box{0.0, 0.0, 0.5, 1.0}});
    EXPECT_EQ(left.size(), 4);
    EXPECT_TRUE(left.contains(0));
    EXPECT_FALSE(left.contains(2));
    EventBuilder<timecode::OffsetClock> builder(EventRules{20});
    std::vector<uint8_t> right_moving(8, 0);
    right_moving[3] = 255;
    for (int64_t t = 0; t < 2'000'000; t += 200'000) {
        builder.add(timecode::OffsetInstant{t}, 200'000, right_moving, left);
    }
    EXPECT_TRUE(builder.finish().empty());
    // A region smaller than half a cell still selects the cell holding it.
    CellMask tiny(4, 2, {Box{0.6, 0.1, 0.01, 0.01}});
    EXPECT_EQ(tiny.size(), 1);
    EXPECT_TRUE(tiny.contains(2));
}

TEST(Events, SensitivityOutsideTheScaleIsAUsageError) {
    EXPECT_THROW(cell_threshold(0), UsageError);
    EXPECT_THROW(cell_threshold(11), UsageError);
    EXPECT_GT(cell_threshold(1), cell_threshold(10));
}

}  // namespace
}  // namespace footage::indexers::motion
