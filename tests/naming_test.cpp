#include <gtest/gtest.h>

#include "lib/ingest/time_source.hpp"
#include "lib/naming/name_pattern.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/zone.hpp"
#include "lib/util/error.hpp"

namespace footage::naming {
namespace {

int64_t civil(int y, int mo, int d, int h, int mi, int s) {
    return timecode::civil_to_us(y, mo, d, h, mi, s);
}

NameMatcher builtin() { return NameMatcher(builtin_patterns()); }

TEST(BuiltinPatterns, EveryExampleMatchesItsOwnPattern) {
    NameMatcher matcher = builtin();
    for (const NamePattern& pattern : builtin_patterns()) {
        std::optional<NameFacts> facts = matcher.match(pattern.example);
        ASSERT_TRUE(facts) << pattern.name << ": " << pattern.example;
        EXPECT_EQ(facts->pattern_name, pattern.name) << pattern.example;
        EXPECT_TRUE(facts->start_civil_us) << pattern.name;
    }
}

TEST(BuiltinPatterns, Hikvision) {
    NameMatcher matcher = builtin();
    auto facts = matcher.match("/media/usb/export/ch01_20201103140000_20201103150000.mp4");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->camera_id, "ch01");
    EXPECT_EQ(facts->channel, 1);
    EXPECT_EQ(*facts->start_civil_us, civil(2020, 11, 3, 14, 0, 0));
    EXPECT_EQ(*facts->end_civil_us, civil(2020, 11, 3, 15, 0, 0));
    facts = matcher.match("CH12_20201103140000.MP4");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->camera_id, "ch12");
    EXPECT_FALSE(facts->end_civil_us);
}

TEST(BuiltinPatterns, DahuaExportGenericPrefixIsNotARecorder) {
    NameMatcher matcher = builtin();
    for (const char* prefix : {"NVR", "XVR", "HVR", "HDCVI"}) {
        auto facts =
            matcher.match(std::string(prefix) + "_ch1_main_20201103140000_20201103150000.dav");
        ASSERT_TRUE(facts) << prefix;
        EXPECT_EQ(facts->camera_id, "ch01");
        EXPECT_EQ(facts->pattern_name, "dahua-export");
    }
    auto site = matcher.match("Warehouse7_ch3_sub_20201103140000_20201103150000.dav");
    ASSERT_TRUE(site);
    EXPECT_EQ(site->camera_id, "Warehouse7/ch03");
    EXPECT_EQ(site->recorder, "Warehouse7");
    auto split = matcher.match("NVR_ch2_main_20260507_000000_20260507_010000.dav");
    ASSERT_TRUE(split);
    EXPECT_EQ(split->camera_id, "ch02");
    EXPECT_EQ(*split->start_civil_us, civil(2026, 5, 7, 0, 0, 0));
    EXPECT_EQ(*split->end_civil_us, civil(2026, 5, 7, 1, 0, 0));
}

TEST(BuiltinPatterns, DahuaDiskLayoutAndMidnight) {
    NameMatcher matcher = builtin();
    auto facts = matcher.match("/mnt/2020-11-03/001/dav/23/23.30.00-00.15.00[R][0@0][0].dav");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->pattern_name, "dahua-disk");
    EXPECT_EQ(facts->camera_id, "ch01");
    EXPECT_EQ(*facts->start_civil_us, civil(2020, 11, 3, 23, 30, 0));
    EXPECT_EQ(*facts->end_civil_us, civil(2020, 11, 4, 0, 15, 0));
}

TEST(BuiltinPatterns, IpBrickcomCanonAndFolders) {
    NameMatcher matcher = builtin();
    auto ip = matcher.match("192.168.1.64_01_20201103140000_20201103150000.mp4");
    ASSERT_TRUE(ip);
    EXPECT_EQ(ip->camera_id, "192.168.1.64/ch01");
    EXPECT_EQ(ip->channel, 1);
    auto brickcom = matcher.match("20201103-140000-150000_192.168.1.20-CH2.avi");
    ASSERT_TRUE(brickcom);
    EXPECT_EQ(brickcom->camera_id, "192.168.1.20/ch02");
    EXPECT_EQ(*brickcom->end_civil_us, civil(2020, 11, 3, 15, 0, 0));
    auto canon = matcher.match("NVR_MEDIA_lobby_20201103_070000_20201103_080000.mp4");
    ASSERT_TRUE(canon);
    EXPECT_EQ(canon->camera_id, "lobby");
    EXPECT_EQ(canon->zone, "UTC");
    auto folder = matcher.match("/drive/cam03/2020-11-03/14-00-00.mp4");
    ASSERT_TRUE(folder);
    EXPECT_EQ(folder->camera_id, "cam03");
    EXPECT_EQ(*folder->start_civil_us, civil(2020, 11, 3, 14, 0, 0));
}

TEST(BuiltinPatterns, BadVariantsDoNotMatch) {
    NameMatcher matcher = builtin();
    for (const char* name :
         {"ch01_20201303140000.mp4", "ch01_20201103250000.mp4", "ch01_2020110314000.mp4",
          "ch01-20201103140000.mp4", "chA_20201103140000.mp4", "ch01_2020110314000x.mp4",
          "clip_0001.mp4", "NVR_ch1_main_20201103140000.dav", "cam03/2020-13-03/14-00-00.mp4",
          "2020-11-03/001/dav/14/14.00.00.dav"}) {
        EXPECT_FALSE(matcher.match(name)) << name;
    }
}

TEST(UserPattern, NamedFieldsAndErrors) {
    NamePattern pattern = user_pattern("site7_cam{channel}_{start}");
    NameMatcher matcher({pattern});
    auto facts = matcher.match("/x/site7_cam5_20201103140000.mp4");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->camera_id, "ch05");
    EXPECT_EQ(facts->pattern_name, "user");
    EXPECT_THROW(user_pattern("cam{channel}_{foo}"), ParseError);
    EXPECT_THROW(user_pattern("cam{channel_{start}"), ParseError);
    EXPECT_THROW(user_pattern("cam}{channel}_{start}"), ParseError);
    EXPECT_THROW(user_pattern("cam_{start}"), ParseError);     // no camera
    EXPECT_THROW(user_pattern("cam{channel}_x"), ParseError);  // no time
}

// Eight {*} against a long name that almost matches: a backtracking regex tried every way of
// cutting it (minutes per file); the template matcher answers at once.
TEST(UserPattern, ManyWildcardsDoNotBacktrackExponentially) {
    NameMatcher matcher({user_pattern("{*}a{*}a{*}a{*}a{*}a{*}a{*}a{*}_ch{channel}_{start}")});
    std::string hostile(200, 'a');
    EXPECT_FALSE(matcher.match(hostile + "_ch1_2020110314000x.mp4"));
    auto facts = matcher.match("/x/" + hostile + "_ch1_20201103140000.mp4");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->camera_id, "ch01");
    EXPECT_THROW(user_pattern("{**}/{**}/{**}/ch{channel}_{start}"), ParseError);
}

TEST(UserPattern, LazyRecorderAndFoldersInTheTemplate) {
    NameMatcher matcher({user_pattern("{recorder}/{*}/cam{channel}_{*}_{start}")});
    auto facts = matcher.match("/media/usb/NVR-07/export 2/cam3_main_x_20201103140000.mp4");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->recorder, "NVR-07");
    EXPECT_EQ(facts->camera_id, "NVR-07/ch03");
    EXPECT_EQ(*facts->start_civil_us, civil(2020, 11, 3, 14, 0, 0));
}

// A file whose name says nothing, indexed with --osd: the camera is the folder it sits in.
TEST(CameraFromFolder, TheFolderBelowTheInputNamesTheCamera) {
    using ingest::camera_from_folder;
    const std::filesystem::path root = "/media/export";
    EXPECT_EQ(camera_from_folder(root / "gate/clip_0001.mp4", root), "gate");
    // Two folders of one name under different parents are two cameras, never merged.
    EXPECT_EQ(camera_from_folder(root / "site1/gate/a.mp4", root), "site1/gate");
    EXPECT_EQ(camera_from_folder(root / "site2/gate/a.mp4", root), "site2/gate");
    // Date folders are days, not cameras.
    EXPECT_EQ(camera_from_folder(root / "gate/2020-11-03/a.mp4", root), "gate");
    EXPECT_EQ(camera_from_folder(root / "gate/20201103/a.mp4", root), "gate");
    // Numbered folders are kept (recorders number channel folders).
    EXPECT_EQ(camera_from_folder(root / "NVR/1/a.mp4", root), "NVR/1");
    // A file in the input folder itself (or given by name): that folder's own name.
    EXPECT_EQ(camera_from_folder(root / "a.mp4", root), "export");
    EXPECT_EQ(camera_from_folder("/media/export/2020-11-03/a.mp4", "/media/export/2020-11-03"), "");
    EXPECT_EQ(camera_from_folder("/a.mp4", "/"), "");
}

// identify() says how it learnt the camera: the custody log's acquisitions carry it.
TEST(Identify, SaysHowTheCameraWasLearnt) {
    const NameMatcher matcher = builtin();
    const timecode::Zone utc = timecode::Zone::utc();
    const std::filesystem::path root = "/media/export";
    ingest::Declared folder;
    folder.camera_from_folder = true;
    EXPECT_EQ(
        ingest::identify(root / "gate/clip_0001.mp4", root, matcher, {}, folder, utc).camera_source,
        "folder");
    ingest::Identity named =
        ingest::identify(root / "ch01_20201103140000.mp4", root, matcher, {}, folder, utc);
    EXPECT_EQ(named.camera_id, "ch01");
    EXPECT_TRUE(named.camera_source.starts_with("name:")) << named.camera_source;
    ingest::Declared declared;
    declared.camera_id = "lobby";
    EXPECT_EQ(ingest::identify(root / "ch01_20201103140000.mp4", root, matcher, {}, declared, utc)
                  .camera_source,
              "declared");
    EXPECT_EQ(ingest::identify(root / "clip_0001.mp4", root, matcher, {}, {}, utc).camera_source,
              "");
}

}  // namespace
}  // namespace footage::naming
