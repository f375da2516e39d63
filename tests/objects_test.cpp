// The object index's own logic, on inputs whose answer is known: the detector's head decoding,
// overlap suppression, crops around motion, tracks and colour names.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include <opencv2/imgproc.hpp>

extern "C" {
#include <libavutil/frame.h>
}

#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/color_name.hpp"
#include "indexers/objects/crop_merge.hpp"
#include "indexers/objects/crop_mosaic.hpp"
#include "indexers/objects/crop_pass.hpp"
#include "indexers/objects/crop_plan.hpp"
#include "indexers/objects/detector.hpp"
#include "indexers/objects/greedy_match.hpp"
#include "indexers/objects/live_track.hpp"
#include "indexers/objects/model_file.hpp"
#include "indexers/objects/tracker.hpp"
#include "lib/media/grab_frame.hpp"
#include "tests/support/object_model.hpp"
#include "tests/support/vtest_objects.hpp"

namespace footage::indexers::objects {
namespace {

Detection person(double x, double y, double w = 0.05, double h = 0.15, float confidence = 0.8f) {
    return Detection{0, confidence, media::Box{x, y, w, h}};
}

TEST(CocoLabels, NamesAndNumbersAgree) {
    ASSERT_EQ(coco_labels().size(), 80u);
    EXPECT_EQ(coco_label_index("person"), 0);
    EXPECT_EQ(coco_label_index("car"), 2);
    EXPECT_EQ(coco_label_index("truck"), 7);
    EXPECT_EQ(coco_label_index("traffic light"), 9);
    EXPECT_FALSE(coco_label_index("pedestrian"));
}

float logit(float p) { return std::log(p / (1.0f - p)); }

TEST(DetectorHead, DecodesTheBinsIntoABoxFromTheCellCentre) {
    // Stride 32: 13 x 13 cells, the head's outputs channels by cells. Cell 2 * 13 + 3 (gx 3,
    // gy 2) says "car" at 0.9 (a logit, as the bare head gives it); its four sides put all their
    // weight on bins 1, 2, 3 and 4: 32, 64, 96 and 128 px from the cell's centre
    // (3.5 x 32, 2.5 x 32) = (112, 80), as NanoDet's reference decoder measures them.
    cv::Mat scores(80, 169, CV_32F, cv::Scalar(logit(0.01f)));
    cv::Mat boxes(44, 169, CV_32F, cv::Scalar(-20.0f));
    const int cell = 2 * 13 + 3;
    scores.at<float>(2, cell) = logit(0.9f);
    scores.at<float>(7, cell) = logit(0.6f);  // the same cell's second guess, truck
    for (int side = 0; side < 4; ++side) {
        boxes.at<float>(side * 11 + side + 1, cell) = 20.0f;
    }
    scores.at<float>(0, 5) = logit(0.2f);  // below the floor: not reported
    std::vector<Detection> found;
    decode_level(scores, boxes, 32, 0.3f, found);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].label, 2);
    EXPECT_NEAR(found[0].confidence, 0.9f, 1e-6);
    EXPECT_NEAR(found[0].box.x, 112 - 32, 1e-3);
    EXPECT_NEAR(found[0].box.y, 80 - 64, 1e-3);
    EXPECT_NEAR(found[0].box.w, 32 + 96, 1e-3);
    EXPECT_NEAR(found[0].box.h, 64 + 128, 1e-3);
}

TEST(DetectorHead, SuppressesOverlapsPerClassOnly) {
    std::vector<Detection> found = {
        person(0.10, 0.10, 0.1, 0.2, 0.6f),
        person(0.11, 0.10, 0.1, 0.2, 0.9f),                     // the same person, more confident
        person(0.50, 0.50, 0.1, 0.2, 0.7f),                     // someone else
        Detection{26, 0.5f, media::Box{0.11, 0.10, 0.1, 0.2}},  // a handbag where the person is
    };
    suppress_overlaps(found, 0.5f);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_FLOAT_EQ(found[0].confidence, 0.9f);
    EXPECT_FLOAT_EQ(found[1].confidence, 0.7f);
    EXPECT_EQ(found[2].label, 26);
}

TEST(CropPlan, OneWindowAtTheFramesOwnSizeAroundASmallWalker) {
    // 1920x1080 seen as 320x180 grey: a walker 3x8 grey pixels (18x48 frame pixels) steps 2
    // pixels right; the window is 208x208 of the frame (a quarter of the network's input, shown
    // at its own size), around the walker.
    cv::Mat before(180, 320, CV_8UC1, cv::Scalar(90));
    cv::Mat after = before.clone();
    cv::rectangle(before, cv::Rect(200, 40, 3, 8), cv::Scalar(30), cv::FILLED);
    cv::rectangle(after, cv::Rect(202, 40, 3, 8), cv::Scalar(30), cv::FILLED);
    std::vector<cv::Rect> windows = plan_crops(before, after, cv::Size(1920, 1080));
    ASSERT_EQ(windows.size(), 1u);
    EXPECT_EQ(windows[0].size(), cv::Size(208, 208));
    const cv::Rect walker(1212, 240, 18, 48);
    EXPECT_EQ(windows[0] & walker, walker);
    EXPECT_GT(windows[0].x, walker.x + walker.width - 208 + 50) << "not at the window's edge";
    EXPECT_LT(windows[0].x, walker.x - 50);

    EXPECT_TRUE(plan_crops(before, before, cv::Size(1920, 1080)).empty()) << "nothing moved";
    // Motion the whole-frame pass already boxed needs no closer look.
    EXPECT_TRUE(plan_crops(before, after, cv::Size(1920, 1080), {}, {cv::Rect(1180, 200, 90, 120)})
                    .empty());
    cv::Mat dark = before / 4;  // the light went out: everything changed, nothing to zoom in on
    CropPlan lights = plan_windows(before, dark, cv::Size(1920, 1080));
    EXPECT_TRUE(lights.windows.empty());
    EXPECT_GT(lights.uncovered_cells, 0) << "the whole frame must look";
}

TEST(CropPlan, ALargerMoverGetsAWindowThatHoldsIt) {
    // A van 40x30 grey pixels (240x180 frame pixels, its sides striped) moves 6 pixels: too
    // large for 208x208, and for 208x208 shrunk 1.3x: the window is 416x416 at its own size.
    cv::Mat before(180, 320, CV_8UC1, cv::Scalar(90));
    cv::Mat after = before.clone();
    for (int x = 0; x < 40; ++x) {
        const cv::Scalar shade(x % 8 < 4 ? 200 : 140);
        cv::line(before, cv::Point(100 + x, 60), cv::Point(100 + x, 89), shade);
        cv::line(after, cv::Point(106 + x, 60), cv::Point(106 + x, 89), shade);
    }
    CropPlan plan = plan_windows(before, after, cv::Size(1920, 1080));
    ASSERT_EQ(plan.windows.size(), 1u);
    const cv::Rect van(600, 360, 276, 180);  // both places
    EXPECT_EQ(plan.windows[0] & van, van);
    EXPECT_EQ(plan.windows[0].width, plan.windows[0].height);
    EXPECT_EQ(plan.windows[0].width, 416);
    EXPECT_EQ(plan.uncovered_cells, 0);
}

TEST(CropPlan, WalkersFarApartGetAWindowEachUpToTheLimit) {
    cv::Mat before(180, 320, CV_8UC1, cv::Scalar(90));
    cv::Mat after = before.clone();
    for (int x : {20, 90, 160, 230, 300}) {
        cv::rectangle(after, cv::Rect(x, 100, 4, 8), cv::Scalar(30), cv::FILLED);
    }
    EXPECT_EQ(plan_crops(before, after, cv::Size(1920, 1080)).size(), 5u);
    CropLimits limits;
    limits.max_crops = 1;  // one input's worth: four windows of a quarter
    CropPlan plan = plan_windows(before, after, cv::Size(1920, 1080), limits);
    EXPECT_EQ(plan.windows.size(), 4u);
    EXPECT_GT(plan.uncovered_cells, 0) << "the fifth walker is left to the whole frame";
    EXPECT_FALSE(crops_worth_it(cv::Size(768, 576), 416));  // shrunk 1.8x: whole frame only
    EXPECT_TRUE(crops_worth_it(cv::Size(1280, 720), 416));
}

TEST(CropPlan, AStillFrameUnchangedSinceTheLastLookIsToldApartFromOneWithANewcomer) {
    // The object pass looks at a still frame again only when something in it changed since the
    // whole frame was last looked at: sensor noise is no change, someone who arrived is.
    cv::Mat looked(180, 320, CV_8UC1);
    cv::randu(looked, cv::Scalar(60), cv::Scalar(120));
    cv::Mat noise(180, 320, CV_8UC1);
    cv::randu(noise, cv::Scalar(0), cv::Scalar(9));
    cv::Mat later = looked + noise;
    EXPECT_EQ(moving_cell_count(looked, later), 0);
    cv::Mat arrived = later.clone();
    cv::rectangle(arrived, cv::Rect(150, 90, 3, 8), cv::Scalar(220), cv::FILLED);
    EXPECT_GT(moving_cell_count(looked, arrived), 0);
    EXPECT_GT(moving_cell_count(looked, cv::Mat(90, 160, CV_8UC1, cv::Scalar(90))), 0)
        << "pictures of another size are not the same picture";
}

TEST(CropPlan, AnObjectThatWentUnseenIsLookedForAroundItsLastBoxAtTheFramesOwnSize) {
    const cv::Size frame(1920, 1080);
    // A walker 40x120 who stopped: 208x208 of the frame around it, shown at its own size.
    std::optional<LookAgain> walker = look_again_window(cv::Rect(1000, 500, 40, 120), frame);
    ASSERT_TRUE(walker);
    EXPECT_EQ(walker->window, cv::Rect(916, 456, 208, 208));
    EXPECT_EQ(walker->shown, 208);
    // Someone 100x240 close by: 360x360, shown as it is (shrunk 1.73x to a quarter, they would
    // be 58 px wide).
    std::optional<LookAgain> near = look_again_window(cv::Rect(1000, 400, 100, 240), frame);
    ASSERT_TRUE(near);
    EXPECT_EQ(near->window.size(), cv::Size(360, 360));
    EXPECT_EQ(near->shown, 360);
    // Something 120x160 in the frame's corner: 240x240 inside the frame, shrunk to a quarter.
    std::optional<LookAgain> van = look_again_window(cv::Rect(1800, 900, 120, 160), frame);
    ASSERT_TRUE(van);
    EXPECT_EQ(van->window, cv::Rect(1680, 840, 240, 240));
    EXPECT_EQ(van->shown, 208);
    std::optional<LookAgain> box = look_again_window(cv::Rect(1480, 360, 161, 188), frame);
    ASSERT_TRUE(box);
    EXPECT_EQ(box->window.width, 282);
    EXPECT_EQ(box->shown, 208) << "shrunk 1.36x, more than max_shrink: it stays 118 px wide";
    // A bus 400 px long needs more than the largest window: the whole frame looks.
    EXPECT_FALSE(look_again_window(cv::Rect(600, 500, 400, 200), frame));
}

TEST(CropMosaic, FourQuarterWindowsShareOneInputAndKeepTheirBoxes) {
    Mosaic mosaic;
    EXPECT_TRUE(mosaic.empty());
    std::vector<cv::Rect> places;
    for (int i = 0; i < 4; ++i) {
        std::optional<cv::Rect> place =
            mosaic.put(cv::Mat(208, 208, CV_8UC3, cv::Scalar(40.0 * i, 0, 0)));
        ASSERT_TRUE(place);
        places.push_back(*place);
    }
    EXPECT_EQ(places[3], cv::Rect(208, 208, 208, 208));
    EXPECT_EQ(mosaic.image().at<cv::Vec3b>(300, 300)[0], 120);
    EXPECT_FALSE(mosaic.put(cv::Mat(100, 100, CV_8UC3))) << "full";
    mosaic.clear();
    EXPECT_TRUE(mosaic.empty());
    EXPECT_TRUE(mosaic.put(cv::Mat(416, 416, CV_8UC3)));
    EXPECT_FALSE(mosaic.put(cv::Mat(208, 208, CV_8UC3)));

    const double side = Mosaic::kSide;
    std::vector<Detection> found = {
        person(250 / side, 20 / side, 30 / side, 80 / side),   // in the top right window
        person(190 / side, 20 / side, 40 / side, 80 / side),   // across two windows' seam
        person(10 / side, 300 / side, 30 / side, 60 / side)};  // bottom left
    std::vector<Detection> top_right = Mosaic::inside(found, cv::Rect(208, 0, 208, 208));
    ASSERT_EQ(top_right.size(), 1u);
    EXPECT_NEAR(top_right[0].box.x, 42.0 / 208, 1e-9);
    EXPECT_NEAR(top_right[0].box.h, 80.0 / 208, 1e-9);
    EXPECT_TRUE(Mosaic::inside(found, cv::Rect(0, 0, 208, 208)).empty());
    EXPECT_EQ(Mosaic::inside(found, cv::Rect(0, 208, 208, 208)).size(), 1u);
}

// A group in 1080p takes a window shown at the detector's whole input every look, a lone walker
// elsewhere one shown at a quarter. The walkers' quarters share inputs across frames instead of
// each going to the detector with three quarters grey when the group's window comes.
TEST(CropPass, AWholeInputWindowDoesNotSendTheQuartersWaitingAlone) {
    if (std::string why = test::object_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    Detector detector(find_model());
    std::unique_ptr<AVFrame, void (*)(AVFrame*)> picture(av_frame_alloc(),
                                                         [](AVFrame* f) { av_frame_free(&f); });
    picture->width = 1920;
    picture->height = 1080;
    picture->format = AV_PIX_FMT_YUV420P;
    ASSERT_EQ(av_frame_get_buffer(picture.get(), 0), 0);
    for (int plane = 0; plane < 3; ++plane) {
        const int rows = plane == 0 ? picture->height : picture->height / 2;
        std::memset(picture->data[plane], 128,
                    static_cast<size_t>(picture->linesize[plane]) * static_cast<size_t>(rows));
    }
    CropPass pass;
    CropPlan plan;
    plan.windows = {cv::Rect(700, 400, 416, 416), cv::Rect(100, 100, 208, 208)};
    plan.shown = {416, 208};
    constexpr int kFrames = 4;
    for (int i = 0; i < kFrames; ++i) {
        media::LumaFrame frame{i * 400'000,      1920,         1080, picture->linesize[0],
                               picture->data[0], picture.get()};
        pass.add(frame, plan, LookedAt{frame.pts_us, {}, {}, {}}, detector, 0.5f);
    }
    EXPECT_EQ(pass.done(&detector, 0.5f, true).size(), static_cast<size_t>(kFrames));
    EXPECT_EQ(pass.looks(), kFrames + 1) << "one look per group window, one for the four walkers";
}

// The detector on the runtime FOOTAGE_DETECTOR names ("" for the default).
std::unique_ptr<Detector> detector_on(const char* runtime) {
    if (*runtime != '\0') {
        ::setenv("FOOTAGE_DETECTOR", runtime, 1);
    }
    auto detector = std::make_unique<Detector>(find_model());
    ::unsetenv("FOOTAGE_DETECTOR");
    return detector;
}

// Pictures of vtest.avi as the detector is shown them: three frames stretched whole to its
// input, and a window of each at the frame's own size.
std::vector<cv::Mat> vtest_inputs() {
    std::vector<cv::Mat> inputs;
    for (const int64_t at : {4'000'000, 21'000'000, 52'000'000}) {
        const cv::Mat frame = media::grab_frame(test::vtest(), at);
        cv::Mat whole;
        cv::resize(frame, whole, cv::Size(Detector::kInputSize, Detector::kInputSize));
        inputs.push_back(whole);
        inputs.push_back(frame(cv::Rect(300, 100, 416, 416)).clone());
    }
    return inputs;
}

// oneDNN runs the converted graph that cv::dnn runs (dnnl_net.hpp): on frames of vtest.avi,
// whole and in windows at the frame's own size, both find the same objects, in the same boxes
// to a tenth of an input pixel, with the same confidence to a thousandth.
TEST(DetectorRuntime, OneDnnFindsWhatCvDnnFindsOnRealFrames) {
    if (std::string why = test::vtest_with_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    const std::unique_ptr<Detector> onednn = detector_on("onednn-f32");
    if (std::string_view(onednn->runtime()) != "oneDNN f32") {
        GTEST_SKIP() << "footage was built without oneDNN (libdnnl-dev)";
    }
    const std::unique_ptr<Detector> opencv = detector_on("opencv");
    ASSERT_STREQ(opencv->runtime(), "OpenCV");
    size_t compared = 0;
    int picture = 0;
    for (const cv::Mat& image : vtest_inputs()) {
        const std::vector<Detection> expected = opencv->detect(image, 0.3f);
        const std::vector<Detection> found = onednn->detect(image, 0.3f);
        ASSERT_EQ(found.size(), expected.size()) << "picture " << picture++;
        for (size_t i = 0; i < found.size(); ++i) {
            EXPECT_EQ(found[i].label, expected[i].label);
            EXPECT_NEAR(found[i].confidence, expected[i].confidence, 1e-3);
            constexpr double kTenthOfAPixel = 0.1 / Detector::kInputSize;
            EXPECT_NEAR(found[i].box.x, expected[i].box.x, kTenthOfAPixel);
            EXPECT_NEAR(found[i].box.y, expected[i].box.y, kTenthOfAPixel);
            EXPECT_NEAR(found[i].box.w, expected[i].box.w, kTenthOfAPixel);
            EXPECT_NEAR(found[i].box.h, expected[i].box.h, kTenthOfAPixel);
        }
        compared += found.size();
    }
    EXPECT_GE(compared, 20u) << "vtest.avi's people and vehicles were found";
}

// In bfloat16 (the default where the processor computes it) the network's numbers keep about
// three digits: on the same pictures every object either runtime finds surely (at 0.5 or more)
// the other finds too, of the same class, in a box within a pixel and a half of the input and a
// confidence within 0.03 (objects near a floor may fall either side of it, as they do from one
// frame to the next).
TEST(DetectorRuntime, BFloat16FindsWhatFloat32FindsSurely) {
    if (std::string why = test::vtest_with_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    const std::unique_ptr<Detector> bf16 = detector_on("");
    if (std::string_view(bf16->runtime()) != "oneDNN bf16") {
        GTEST_SKIP() << "this processor does not compute bfloat16 (or no oneDNN): "
                     << bf16->runtime();
    }
    const std::unique_ptr<Detector> f32 = detector_on("onednn-f32");
    // How many sure detections of `a` have no detection in `b` of their class, box and score.
    const auto unmatched = [](const std::vector<Detection>& a, const std::vector<Detection>& b) {
        constexpr double kPixel = 1.0 / Detector::kInputSize;
        int missing = 0;
        for (const Detection& d : a) {
            if (d.confidence < 0.5f) {
                continue;
            }
            const auto same = std::find_if(b.begin(), b.end(), [&](const Detection& e) {
                return e.label == d.label && std::abs(e.confidence - d.confidence) <= 0.03f &&
                       std::abs(e.box.x - d.box.x) <= 1.5 * kPixel &&
                       std::abs(e.box.y - d.box.y) <= 1.5 * kPixel &&
                       std::abs(e.box.w - d.box.w) <= 1.5 * kPixel &&
                       std::abs(e.box.h - d.box.h) <= 1.5 * kPixel;
            });
            missing += same == b.end() ? 1 : 0;
        }
        return missing;
    };
    size_t sure = 0;
    int picture = 0;
    for (const cv::Mat& image : vtest_inputs()) {
        const std::vector<Detection> exact = f32->detect(image, 0.3f);
        const std::vector<Detection> found = bf16->detect(image, 0.3f);
        EXPECT_EQ(unmatched(exact, found), 0) << "picture " << picture;
        EXPECT_EQ(unmatched(found, exact), 0) << "picture " << picture;
        sure += static_cast<size_t>(std::count_if(
            exact.begin(), exact.end(), [](const Detection& d) { return d.confidence >= 0.5f; }));
        ++picture;
    }
    EXPECT_GE(sure, 15u) << "vtest.avi's people and vehicles were found";
}

TEST(CropMerge, CropBoxesJoinTheWholeFramesInFrameFractions) {
    const cv::Size frame(1920, 1080);
    const cv::Rect crop(800, 400, 416, 416);
    // The whole frame saw one person coarsely (less sure); the crop sees it finely, a second
    // person it missed, and a third cut by the crop's left side.
    std::vector<Detection> found = {
        person(1000.0 / 1920, 500.0 / 1080, 24.0 / 1920, 60.0 / 1080, 0.45f)};
    std::vector<Detection> crop_found = {
        person(208.0 / 416, 104.0 / 416, 20.0 / 416, 52.0 / 416, 0.8f),
        person(20.0 / 416, 300.0 / 416, 20.0 / 416, 52.0 / 416, 0.7f),
        person(0.0, 10.0 / 416, 15.0 / 416, 52.0 / 416, 0.9f),
    };
    std::vector<std::pair<size_t, size_t>> kept = merge_crop(found, crop_found, crop, frame);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(kept, (std::vector<std::pair<size_t, size_t>>{{0, 0}, {1, 1}}));
    EXPECT_FLOAT_EQ(found[0].confidence, 0.8f);  // the finer, surer box replaced the coarse one
    EXPECT_NEAR(found[0].box.x * 1920, 1008.0, 1e-6);
    EXPECT_NEAR(found[0].box.y * 1080, 504.0, 1e-6);
    EXPECT_NEAR(found[0].box.h * 1080, 52.0, 1e-6);
    EXPECT_NEAR(found[1].box.x * 1920, 820.0, 1e-6);
    // At the frame's own edge a crop cuts nothing: a box there is kept.
    std::vector<Detection> at_edge;
    merge_crop(at_edge, {person(0.0, 0.5, 0.05, 0.1, 0.6f)}, cv::Rect(0, 400, 416, 416), frame);
    EXPECT_EQ(at_edge.size(), 1u);
}

// The tracker's and the cross-file join's matching: best score first, each item at most once,
// an item whose best partner is taken falls to its next one.
TEST(GreedyMatch, BestScoreFirstAndEachItemOnce) {
    // a0 likes b0 (0.9) and b1 (0.5); a1 likes only b0 (0.8); a2 likes nothing.
    std::vector<int64_t> matched = greedy_match({{0.5, 0, 1}, {0.8, 1, 0}, {0.9, 0, 0}}, 3, 2);
    EXPECT_EQ(matched, (std::vector<int64_t>{0, -1, -1}));
    // Equal scores: the earlier pair wins.
    EXPECT_EQ(greedy_match({{0.7, 0, 1}, {0.7, 0, 0}}, 1, 2), (std::vector<int64_t>{1}));
    EXPECT_EQ(greedy_match({}, 2, 0), (std::vector<int64_t>{-1, -1}));
}

TEST(Tracker, OnePersonWalkingPastIsOneTrack) {
    Tracker tracker;
    for (int i = 0; i < 20; ++i) {  // 0.4 s apart, walking right at 0.03 of the frame a step
        tracker.add(i * 400'000, {person(0.1 + 0.03 * i, 0.5)}, {"red"});
    }
    std::vector<Track> tracks = tracker.finish();
    ASSERT_EQ(tracks.size(), 1u);
    EXPECT_EQ(tracks[0].sightings.size(), 20u);
    EXPECT_EQ(tracks[0].first_us, 0);
    EXPECT_EQ(tracks[0].last_us, 19 * 400'000);
    EXPECT_EQ(tracks[0].color, "red");
}

TEST(Tracker, TwoPeopleWalkingTowardsEachOtherStayTwoTracks) {
    Tracker tracker;
    for (int i = 0; i < 10; ++i) {
        tracker.add(i * 400'000, {person(0.1 + 0.04 * i, 0.3), person(0.8 - 0.04 * i, 0.6)},
                    {"black", "white"});
    }
    std::vector<Track> tracks = tracker.finish();
    ASSERT_EQ(tracks.size(), 2u);
    EXPECT_EQ(tracks[0].sightings.size(), 10u);
    EXPECT_EQ(tracks[0].color, "black");
    EXPECT_EQ(tracks[1].color, "white");
}

TEST(Tracker, ALongAbsenceOrAnotherClassStartsANewTrack) {
    Tracker tracker;
    tracker.add(0, {person(0.5, 0.5)}, {"grey"});
    tracker.add(400'000, {Detection{2, 0.7f, media::Box{0.5, 0.5, 0.05, 0.15}}}, {"grey"});
    tracker.add(10'000'000, {person(0.5, 0.5)}, {"grey"});  // 10 s later: someone else
    EXPECT_EQ(tracker.finish().size(), 3u);
}

// vtest.avi's traffic cones are "people" at 0.30-0.38, 17 x 19 px. A person who comes into view
// over one (hiding it) is not the cone's track, nor is the cone theirs when it shows again.
TEST(Tracker, APersonWalkingPastAConeTakenForAPersonIsNotTheCone) {
    Tracker tracker(TrackerRules{.aspect = 768.0 / 576.0});
    const Detection cone = person(163.0 / 768, 187.0 / 576, 17.0 / 768, 19.0 / 576, 0.35f);
    for (int i = 0; i < 12; ++i) {  // 0.4 s apart; 30 x 67 px, 10 px a step (0.4 heights/s)
        const Detection walker =
            person((150.0 + 10.0 * i) / 768, 150.0 / 576, 30.0 / 768, 67.0 / 576, 0.7f);
        if (i < 5) {
            tracker.add(i * 400'000, {cone}, {"yellow"});
        } else if (i < 8) {
            tracker.add(i * 400'000, {walker}, {"black"});
        } else {
            tracker.add(i * 400'000, {walker, cone}, {"black", "yellow"});
        }
    }
    std::vector<Track> tracks = tracker.finish();
    ASSERT_EQ(tracks.size(), 2u);
    for (const Track& track : tracks) {
        for (const Sighting& s : track.sightings) {
            EXPECT_EQ(s.color, track.sightings.front().color)
                << "track " << track.id << " at " << s.pts_us;
        }
    }
}

// One person leaves; 0.4 s later another comes in walking the other way, 1.5 of their heights
// from where the first was last seen (nobody covers that in 0.4 s): two tracks, not one.
TEST(Tracker, SomeoneElseAppearingNearWhereAPersonWasLastSeenIsSomeoneElse) {
    Tracker tracker;
    for (int i = 0; i < 6; ++i) {
        tracker.add(i * 400'000, {person(0.50 + 0.02 * i, 0.40)}, {"red"});
    }
    for (int i = 6; i < 12; ++i) {
        tracker.add(i * 400'000, {person(0.60 + 0.225 - 0.02 * (i - 6), 0.40)}, {"blue"});
    }
    std::vector<Track> tracks = tracker.finish();
    ASSERT_EQ(tracks.size(), 2u);
    EXPECT_EQ(tracks[0].color, "red");
    EXPECT_EQ(tracks[0].sightings.size(), 6u);
    EXPECT_EQ(tracks[1].color, "blue");
}

// A car at 50 km/h moves more than its own length between examined frames: still one track.
TEST(Tracker, AFastCarIsOneTrack) {
    Tracker tracker(TrackerRules{.aspect = 16.0 / 9.0});
    for (int i = 0; i < 6; ++i) {  // 0.1 of the width long, 0.13 a step (0.4 s)
        tracker.add(i * 400'000, {Detection{2, 0.8f, media::Box{0.05 + 0.13 * i, 0.6, 0.1, 0.08}}},
                    {"white"});
    }
    EXPECT_EQ(tracker.finish().size(), 1u);
}

TEST(Tracker, TheBestSightingAndTheColourMostSightingsAgreeOn) {
    Tracker tracker;
    tracker.add(0, {person(0.5, 0.5, 0.05, 0.15, 0.5f)}, {"blue"});
    tracker.add(400'000, {person(0.51, 0.5, 0.05, 0.15, 0.9f)}, {"black"});
    tracker.add(800'000, {person(0.52, 0.5, 0.05, 0.15, 0.6f)}, {"blue"});
    tracker.add(1'200'000, {person(0.53, 0.5, 0.05, 0.15, 0.6f)}, {"blue"});
    std::vector<Track> tracks = tracker.finish();
    ASSERT_EQ(tracks.size(), 1u);
    EXPECT_EQ(tracks[0].best.pts_us, 400'000);
    EXPECT_EQ(tracks[0].color, "blue");  // 1.7 of confidence against 0.9
}

TEST(ColorName, NamesThePaletteColoursOfSolidPatches) {
    const std::vector<std::pair<cv::Scalar, std::string>> cases = {
        {{0, 0, 220}, "red"},     {{0, 140, 255}, "orange"},  {{0, 230, 230}, "yellow"},
        {{40, 200, 40}, "green"}, {{220, 60, 20}, "blue"},    {{200, 40, 150}, "purple"},
        {{20, 20, 20}, "black"},  {{240, 240, 240}, "white"}, {{128, 128, 128}, "grey"},
        {{30, 70, 120}, "brown"},
    };
    for (const auto& [bgr, name] : cases) {
        cv::Mat image(100, 100, CV_8UC3, bgr);
        EXPECT_EQ(dominant_color(image, cv::Rect(10, 10, 80, 80)), name) << bgr;
    }
}

TEST(ColorName, TheObjectCountsNotTheBackgroundAtTheBoxEdges) {
    // A red coat in a box whose outer fifth on each side is grey pavement.
    cv::Mat image(200, 200, CV_8UC3, cv::Scalar(128, 128, 128));
    cv::rectangle(image, cv::Rect(70, 40, 60, 120), cv::Scalar(0, 0, 200), cv::FILLED);
    EXPECT_EQ(dominant_color(image, cv::Rect(50, 30, 100, 140)), "red");
    EXPECT_TRUE(dominant_color(image, cv::Rect(500, 500, 10, 10)).empty());
    EXPECT_TRUE(is_color_name("brown"));
    EXPECT_FALSE(is_color_name("magenta"));
}

// vtest.avi at 4.0-7.2 s (the index's boxes): a man and a woman walk up the road side by side,
// each moving most of a box width per examined frame; at 5.2 s the detector also boxes both
// together (confidence 0.35). Once the tracker has seen them move, each stays on one track:
// neither the box around both nor the neighbour's box overlapping where one was takes it.
TEST(Tracker, TwoPeopleWalkingSideBySideStayOneTrackEach) {
    Tracker tracker(TrackerRules{.aspect = 768.0 / 576.0});
    struct Pair {
        double left_x, right_x, y, left_w, right_w, h;
    };
    const Pair steps[] = {
        {0.738, 0.781, 0.407, 0.051, 0.047, 0.162}, {0.711, 0.753, 0.394, 0.044, 0.052, 0.157},
        {0.671, 0.732, 0.381, 0.051, 0.049, 0.157}, {0.654, 0.704, 0.370, 0.042, 0.042, 0.155},
        {0.624, 0.683, 0.364, 0.049, 0.041, 0.146}, {0.607, 0.656, 0.353, 0.048, 0.038, 0.150},
        {0.598, 0.640, 0.348, 0.041, 0.038, 0.138}, {0.579, 0.628, 0.337, 0.045, 0.040, 0.140},
        {0.576, 0.619, 0.327, 0.040, 0.039, 0.138}};
    std::vector<int32_t> left;
    std::vector<int32_t> right;
    for (size_t i = 0; i < std::size(steps); ++i) {
        const Pair& p = steps[i];
        std::vector<Detection> boxes = {person(p.left_x, p.y, p.left_w, p.h, 0.75f),
                                        person(p.right_x, p.y, p.right_w, p.h, 0.70f)};
        if (i == 3) {  // around both
            boxes.push_back(person(0.677, p.y, 0.057, p.h, 0.35f));
        }
        const std::vector<int32_t> ids =
            tracker.add(4'000'000 + static_cast<int64_t>(i) * 400'000, boxes,
                        std::vector<std::string>(boxes.size(), "black"));
        left.push_back(ids[0]);
        right.push_back(ids[1]);
    }
    for (size_t i = 2; i < left.size(); ++i) {  // their pace known from the third frame
        EXPECT_EQ(left[i], left[2]) << "left walker at frame " << i;
        EXPECT_EQ(right[i], right[2]) << "right walker at frame " << i;
    }
    EXPECT_NE(left[2], right[2]);
}

// vtest.avi at 38-43 s: a man walks out at the right edge; 2.4 s later a woman walks in there.
// He would be out of the picture by then at his pace: she starts a track of her own.
TEST(Tracker, SomeoneWalkingInWhereAnotherWalkedOutIsSomeoneElse) {
    Tracker tracker;
    for (int i = 0; i < 6; ++i) {  // walking right, 0.02 of the frame a step, last box at 0.90
        tracker.add(i * 400'000, {person(0.80 + 0.02 * i, 0.40)}, {"black"});
    }
    for (int i = 0; i < 4; ++i) {  // 2.4 s later, coming in at the edge
        tracker.add(2'000'000 + 2'400'000 + i * 400'000, {person(0.94 - 0.02 * i, 0.40)}, {"red"});
    }
    std::vector<Track> tracks = tracker.finish();
    ASSERT_EQ(tracks.size(), 2u);
    EXPECT_EQ(tracks[0].color, "black");
    EXPECT_EQ(tracks[1].color, "red");
    EXPECT_EQ(tracks[1].sightings.size(), 4u);
}

// A track in a 1920x1080 frame, its box 100 px tall and 40 wide centred at (x, y) px when last
// seen at `last_us`, moving `sizes_a_second` of its larger side a second to the right.
LiveTrack walker(double x, double y, int64_t last_us, double sizes_a_second,
                 int32_t sightings = 4) {
    LiveTrack track;
    track.last_us = last_us;
    track.sightings = sightings;
    track.box = media::Box{(x - 20) / 1920, (y - 50) / 1080, 40.0 / 1920, 100.0 / 1080};
    track.vx = sizes_a_second * 100.0 / 1920;
    return track;
}

const cv::Size kFullHd(1920, 1080);

// 0.4 s after it was seen, a walker at 1 size a second is 40 px on: a window of 208 around there.
TEST(LiveTracks, AWalkerAloneInItsWindowIsFollowed) {
    const std::map<int32_t, LiveTrack> live = {{1, walker(900, 500, 1'000'000, 1.0)}};
    EXPECT_TRUE(followed({cv::Rect(836, 396, 208, 208)}, live, 1'400'000, kFullHd, 208));
    EXPECT_FALSE(followed({}, live, 1'400'000, kFullHd, 208)) << "no window, nothing to follow";
    // A second window where no track is: something new moves there.
    EXPECT_FALSE(followed({cv::Rect(836, 396, 208, 208), cv::Rect(100, 100, 208, 208)}, live,
                          1'400'000, kFullHd, 208));
}

TEST(LiveTracks, TwoTracksInOneWindowAreLookedAtEveryTime) {
    const std::map<int32_t, LiveTrack> live = {{1, walker(900, 500, 1'000'000, 1.0)},
                                               {2, walker(980, 520, 1'000'000, -1.0)}};
    EXPECT_FALSE(followed({cv::Rect(836, 396, 208, 208)}, live, 1'400'000, kFullHd, 208));
}

TEST(LiveTracks, OnlyASteadyTrackIsFollowed) {
    const cv::Rect window(836, 396, 208, 208);
    auto follows = [&](const LiveTrack& track, int64_t now) {
        return followed({window}, {{1, track}}, now, kFullHd, 208);
    };
    EXPECT_TRUE(follows(walker(900, 500, 1'000'000, 1.5), 1'000'000));
    // A car crossing the picture: 3 of its lengths a second.
    EXPECT_FALSE(follows(walker(900, 500, 1'000'000, 3.0), 1'000'000));
    EXPECT_FALSE(follows(walker(900, 500, 1'000'000, 0.0, 1), 1'000'000)) << "seen once";
    EXPECT_FALSE(follows(walker(900, 500, 1'000'000, 0.0), 3'400'000)) << "unseen for 2.4 s";
}

// A window much larger than one around the track: something beside it moves too.
TEST(LiveTracks, AWindowLargerThanTheTracksOwnIsLookedAtEveryTime) {
    const std::map<int32_t, LiveTrack> live = {{1, walker(900, 500, 1'000'000, 0.0)}};
    EXPECT_TRUE(followed({cv::Rect(796, 396, 264, 264)}, live, 1'000'000, kFullHd, 208));
    EXPECT_FALSE(followed({cv::Rect(692, 292, 416, 416)}, live, 1'000'000, kFullHd, 208));
}

}  // namespace

}  // namespace footage::indexers::objects
