// What may be skipped undecoded: the plan from packet sizes and keyframe comparisons, and the
// keyframe comparison itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include <opencv2/imgproc.hpp>

#include "lib/ingest/keyframe_change.hpp"
#include "lib/ingest/still_plan.hpp"

namespace footage::ingest {
namespace {

constexpr int64_t kGopUs = 2'000'000;
constexpr int kFramesPerGop = 50;

// `gops` GOPs of 25 fps with noisy P-frame sizes; `extra[g]` bytes added to one P-frame of GOP g.
std::vector<media::PacketInfo> packets(int gops, const std::map<int, int32_t>& extra = {}) {
    std::mt19937 random(7);
    std::uniform_real_distribution<double> noise(1850.0, 2150.0);
    std::vector<media::PacketInfo> out;
    for (int g = 0; g < gops; ++g) {
        for (int f = 0; f < kFramesPerGop; ++f) {
            media::PacketInfo packet;
            packet.pts_us = g * kGopUs + f * 40'000;
            packet.dts_us = packet.pts_us;
            packet.key = f == 0;
            packet.size = packet.key ? 30'000 : static_cast<int32_t>(noise(random));
            auto bump = extra.find(g);
            if (bump != extra.end() && f == 20) {
                packet.size += bump->second;
            }
            out.push_back(packet);
        }
    }
    return out;
}

// Every keyframe decoded; those listed differ from the one before.
std::map<int64_t, bool> keyframes(int gops, const std::vector<int>& differing = {}) {
    std::map<int64_t, bool> out;
    for (int g = 0; g < gops; ++g) {
        out[g * kGopUs] =
            g == 0 || std::find(differing.begin(), differing.end(), g) != differing.end();
    }
    return out;
}

bool decoded(const StillPlan& plan, int gop) {
    int64_t middle = gop * kGopUs + kGopUs / 2;
    for (const media::Span& span : plan.decode) {
        if (span.start_us <= middle && middle < span.end_us) {
            return true;
        }
    }
    return false;
}

TEST(StillPlan, AQuietStreamIsDecodedOnlyAtItsEnds) {
    StillPlan plan = plan_stills(packets(20), keyframes(20));
    ASSERT_FALSE(plan.still.empty());
    EXPECT_TRUE(decoded(plan, 0));
    EXPECT_TRUE(decoded(plan, 1));
    EXPECT_FALSE(decoded(plan, 2));
    EXPECT_FALSE(decoded(plan, 17));
    EXPECT_TRUE(decoded(plan, 18));
    EXPECT_TRUE(decoded(plan, 19));
    EXPECT_EQ(plan.still.size(), 1u);
    EXPECT_EQ(plan.still[0].start_us, 2 * kGopUs);
    EXPECT_EQ(plan.still[0].end_us, 18 * kGopUs);
    EXPECT_EQ(plan.decode.back().end_us, std::numeric_limits<int64_t>::max());
}

TEST(StillPlan, ALargePacketMarksItsGopAndOneEitherSide) {
    StillPlan plan = plan_stills(packets(20, {{10, 1500}}), keyframes(20));
    EXPECT_FALSE(decoded(plan, 8));
    EXPECT_TRUE(decoded(plan, 9));
    EXPECT_TRUE(decoded(plan, 10));
    EXPECT_TRUE(decoded(plan, 11));
    EXPECT_FALSE(decoded(plan, 12));
}

TEST(StillPlan, ASmallPacketIsEvidenceToo) {
    // Rate control may spend fewer bits on noise when content moves.
    StillPlan plan = plan_stills(packets(20, {{10, -1500}}), keyframes(20));
    EXPECT_TRUE(decoded(plan, 10));
}

TEST(StillPlan, AChangedKeyframeMarksTheGopBeforeIt) {
    StillPlan plan = plan_stills(packets(20), keyframes(20, {7}));
    EXPECT_FALSE(decoded(plan, 4));
    EXPECT_TRUE(decoded(plan, 5));
    EXPECT_TRUE(decoded(plan, 6));
    EXPECT_TRUE(decoded(plan, 7));
    EXPECT_FALSE(decoded(plan, 8));
}

TEST(StillPlan, AKeyframeThatDidNotDecodeIsNotTrusted) {
    std::map<int64_t, bool> seen = keyframes(20);
    seen.erase(12 * kGopUs);
    StillPlan plan = plan_stills(packets(20), seen);
    EXPECT_TRUE(decoded(plan, 11));
    EXPECT_TRUE(decoded(plan, 12));
}

TEST(StillPlan, ThinEvidenceMeansDecodeEverything) {
    EXPECT_TRUE(plan_stills(packets(3), keyframes(3)).decode.empty());
    std::vector<media::PacketInfo> untimed = packets(20);
    untimed[100].pts_us = timecode::kUnknownTime;
    EXPECT_TRUE(plan_stills(untimed, keyframes(20)).decode.empty());
    // Too little would be saved.
    std::vector<int> all(20);
    std::iota(all.begin(), all.end(), 0);
    StillPlan busy = plan_stills(packets(20), keyframes(20, all));
    EXPECT_TRUE(busy.decode.empty());
    EXPECT_TRUE(busy.still.empty());
}

// Sizes as a noisy night stream gives them: each P-frame is either full (~2000 bytes) or, one
// time in five, skip-heavy (~700 bytes), so that every GOP holds packets far from the usual.
std::vector<media::PacketInfo> heavy_tailed_packets(int gops, int busy_gop) {
    std::vector<media::PacketInfo> out = packets(gops);
    std::mt19937 random(11);
    std::uniform_int_distribution<int> pick(0, 4);
    for (media::PacketInfo& packet : out) {
        if (!packet.key && pick(random) == 0) {
            packet.size = 700;
        }
    }
    for (int f = 10; f < 35; ++f) {  // a second of a headlight sweep: a third more bytes
        out[static_cast<size_t>(busy_gop * kFramesPerGop + f)].size += 700;
    }
    return out;
}

TEST(StillPlan, HeavyTailedSizesStillLetQuietGopsBeSkippedButNotABusyOne) {
    // Failed before: the per-packet limit marked every GOP, so nothing was skipped.
    std::vector<media::PacketInfo> sizes = heavy_tailed_packets(30, 15);
    StillPlan plan = plan_stills(sizes, keyframes(30));
    ASSERT_FALSE(plan.still.empty());
    EXPECT_FALSE(decoded(plan, 5));
    EXPECT_FALSE(decoded(plan, 25));
    EXPECT_TRUE(decoded(plan, 14));
    EXPECT_TRUE(decoded(plan, 15));
    EXPECT_TRUE(decoded(plan, 16));
}

// Sizes as a dim, noisy indoor stream gives them: P-frames of ~85 bytes whose noise is spread
// by up to 20 bytes; in every third GOP one P-frame is 55 bytes over (a noise spike, about four
// spreads, alone in its GOP); in GOP 30 an object costs `object_bytes` more for a second.
std::vector<media::PacketInfo> spiky_small_packets(int gops, int32_t object_bytes = 50) {
    std::vector<media::PacketInfo> out;
    for (int g = 0; g < gops; ++g) {
        for (int f = 0; f < kFramesPerGop; ++f) {
            media::PacketInfo packet;
            packet.pts_us = g * kGopUs + f * 40'000;
            packet.dts_us = packet.pts_us;
            packet.key = f == 0;
            packet.size = packet.key ? 36'000 : 85 + ((f * 7 + g * 13) % 41) - 20;
            if (!packet.key && g % 3 == 1 && f == 5 + g % 40) {
                packet.size = 85 + 55;
            }
            if (!packet.key && g == 30 && f >= 10 && f < 35) {
                packet.size += object_bytes;
            }
            out.push_back(packet);
        }
    }
    return out;
}

TEST(StillPlan, LoneNoiseSpikesDoNotKeepAGopButAnObjectLastingASecondDoes) {
    // Failed before: every spike was over three spreads, so a third of the GOPs and their
    // neighbours were kept and nothing could be skipped. Motion lasts more than one frame; a
    // single packet must stand out by more than the noise of a whole GOP's packets can.
    std::vector<media::PacketInfo> sizes = spiky_small_packets(60);
    StillPlan plan = plan_stills(sizes, keyframes(60));
    ASSERT_FALSE(plan.still.empty());
    for (int g : {4, 7, 10, 13, 16, 19, 22, 25, 40, 43, 46, 49, 52, 55}) {
        EXPECT_FALSE(decoded(plan, g)) << "GOP " << g;
    }
    EXPECT_TRUE(decoded(plan, 29));
    EXPECT_TRUE(decoded(plan, 30));
    EXPECT_TRUE(decoded(plan, 31));
    EXPECT_TRUE(checking_pays(sizes, 1280 * 720));
}

TEST(StillPlan, AnObjectAddingLessThanTheNoiseToEveryFrameOfASecondKeepsItsGop) {
    // Failed before: no packet of GOP 30 is unusual on its own (18 bytes over, against noise of
    // up to 20), so the object crossing between two keyframes was skipped; together, its
    // second of packets is far from any other second of the recording.
    std::vector<media::PacketInfo> sizes = spiky_small_packets(60, 18);
    StillPlan plan = plan_stills(sizes, keyframes(60));
    ASSERT_FALSE(plan.still.empty());
    EXPECT_TRUE(decoded(plan, 29));
    EXPECT_TRUE(decoded(plan, 30));
    EXPECT_TRUE(decoded(plan, 31));
    EXPECT_FALSE(decoded(plan, 25));
    EXPECT_FALSE(decoded(plan, 35));
}

TEST(StillPlan, CheckingKeyframesPaysOnlyWhenEnoughCouldBeSkipped) {
    EXPECT_TRUE(checking_pays(packets(20)));
    // Large packets in every other GOP: with the margins nothing can be skipped.
    std::map<int, int32_t> busy;
    for (int g = 0; g < 20; g += 2) {
        busy[g] = 1500;
    }
    EXPECT_FALSE(checking_pays(packets(20, busy)));
    EXPECT_FALSE(checking_pays(packets(3)));  // too little evidence
}

// Feeds `check` the keyframes it wants, in order, as KeyframeChange would judge them: a keyframe
// whose predecessor was not checked is compared with an older one, so its verdict is
// `after_gap` (either way, it must not matter).
bool feed(KeyframeCheck& check, int gops, const std::vector<int>& differing, bool after_gap) {
    bool previous_checked = false;
    for (int g = 0; g < gops; ++g) {
        const int64_t pts = g * kGopUs;
        if (!check.wanted(pts)) {
            previous_checked = false;
            continue;
        }
        bool differs = std::find(differing.begin(), differing.end(), g) != differing.end();
        if (!previous_checked) {
            differs = after_gap;
        }
        previous_checked = true;
        if (!check.record(pts, differs)) {
            return false;
        }
    }
    return true;
}

void expect_same_plan(const StillPlan& a, const StillPlan& b) {
    ASSERT_EQ(a.decode.size(), b.decode.size());
    ASSERT_EQ(a.still.size(), b.still.size());
    for (size_t i = 0; i < a.decode.size(); ++i) {
        EXPECT_EQ(a.decode[i].start_us, b.decode[i].start_us);
        EXPECT_EQ(a.decode[i].end_us, b.decode[i].end_us);
    }
    for (size_t i = 0; i < a.still.size(); ++i) {
        EXPECT_EQ(a.still[i].start_us, b.still[i].start_us);
        EXPECT_EQ(a.still[i].end_us, b.still[i].end_us);
    }
}

TEST(KeyframeCheck, KeyframesBetweenGopsThePacketSizesKeepAreNotDecodedAndThePlanIsTheSame) {
    // Failed before (no such check: every keyframe was decoded). GOPs 10 to 12 hold large
    // packets, so keyframes 11 and 12 (and the first) cannot change what is decoded.
    std::vector<media::PacketInfo> sizes = packets(40, {{10, 1500}, {11, 1500}, {12, 1500}});
    const std::vector<int> differing = {20, 30};
    StillPlan all = plan_stills(sizes, keyframes(40, differing));
    ASSERT_FALSE(all.still.empty());
    for (bool after_gap : {true, false}) {
        KeyframeCheck check(sizes);
        EXPECT_FALSE(check.wanted(0));
        EXPECT_TRUE(check.wanted(10 * kGopUs));
        EXPECT_FALSE(check.wanted(11 * kGopUs));
        EXPECT_FALSE(check.wanted(12 * kGopUs));
        EXPECT_TRUE(check.wanted(13 * kGopUs));
        ASSERT_TRUE(feed(check, 40, differing, after_gap));
        expect_same_plan(check.plan(), all);
    }
}

TEST(KeyframeCheck, StopsEarlyWhenEveryKeyframeChanges) {
    // Quiet sizes, but every keyframe differs (flickering light, rain): once an eighth of the
    // keyframes is checked, the check gives up instead of decoding every keyframe for nothing.
    std::vector<media::PacketInfo> sizes = packets(200);
    std::vector<int> every(200);
    std::iota(every.begin(), every.end(), 0);
    KeyframeCheck busy(sizes);
    EXPECT_FALSE(feed(busy, 200, every, true));
    KeyframeCheck quiet(sizes);
    EXPECT_TRUE(feed(quiet, 200, {50, 120}, true));
    EXPECT_FALSE(quiet.plan().still.empty());
}

TEST(StillPlan, CheckingPaysWhenKeyframesAreDearButFewAgainstTheFramesTheyLetSkip) {
    // Like 1080p daylight H.264: 50 KB keyframes, 400-byte P-frames, a fifth of the GOPs busy.
    // Failed before: with a fixed cost per frame of the median packet (400 bytes) a keyframe
    // looked like 60 P-frames of work, and the check never ran on such footage; measured, a
    // 1080p frame costs ~12 KB of entropy decoding in reconstruction, and a keyframe ~5 frames.
    std::mt19937 random(3);
    std::uniform_real_distribution<double> noise(380.0, 440.0);
    std::vector<media::PacketInfo> day;
    for (int g = 0; g < 60; ++g) {
        for (int f = 0; f < kFramesPerGop; ++f) {
            media::PacketInfo packet;
            packet.pts_us = g * kGopUs + f * 40'000;
            packet.dts_us = packet.pts_us;
            packet.key = f == 0;
            packet.size = packet.key ? 50'000 : static_cast<int32_t>(noise(random));
            if (g % 5 == 2 && f > 0) {
                packet.size += 3000;
            }
            day.push_back(packet);
        }
    }
    EXPECT_TRUE(checking_pays(day, 1920 * 1080));
    EXPECT_FALSE(checking_pays(day));  // without the frame's area: the old, cautious estimate
}

media::LumaFrame frame_of(const cv::Mat& image) {
    media::LumaFrame frame;
    frame.width = image.cols;
    frame.height = image.rows;
    frame.stride = static_cast<int32_t>(image.step);
    frame.data = image.data;
    return frame;
}

cv::Mat noisy_scene(unsigned seed, int brightness) {
    cv::Mat image(180, 320, CV_8UC1, cv::Scalar(80 + brightness));
    cv::Mat noise(image.size(), CV_8SC1);
    cv::RNG rng(seed);
    rng.fill(noise, cv::RNG::NORMAL, 0, 4);
    cv::add(image, noise, image, cv::noArray(), CV_8U);
    return image;
}

TEST(KeyframeChange, NoiseAndGlobalBrightnessAreNotAChangeButASmallObjectIs) {
    KeyframeChange change;
    EXPECT_TRUE(change.differs(frame_of(noisy_scene(1, 0))));  // nothing to compare with yet
    EXPECT_FALSE(change.differs(frame_of(noisy_scene(2, 0))));
    EXPECT_FALSE(change.differs(frame_of(noisy_scene(3, 12))));  // lights up a little
    cv::Mat with_object = noisy_scene(4, 12);
    cv::rectangle(with_object, cv::Rect(100, 60, 4, 4), cv::Scalar(220), cv::FILLED);
    EXPECT_TRUE(change.differs(frame_of(with_object)));
}

}  // namespace
}  // namespace footage::ingest
