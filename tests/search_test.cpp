// Hit IDs and regions as users type them.
#include <gtest/gtest.h>

#include "lib/search/hit_id.hpp"
#include "lib/search/region.hpp"
#include "lib/util/error.hpp"

namespace footage::search {
namespace {

TEST(HitId, FormatsAndParsesBack) {
    HitKey key{"192.168.1.64/ch03", 1'604'412'303'200'000, 1'604'412'307'800'000, ""};
    std::string id = format_hit_id(key);
    EXPECT_EQ(id, "192.168.1.64/ch03@20201103T140503.200Z+4600ms");
    HitKey back = parse_hit_id(id);
    EXPECT_EQ(back.camera_id, key.camera_id);
    EXPECT_EQ(back.start_utc_us, key.start_utc_us);
    EXPECT_EQ(back.end_utc_us, key.end_utc_us);
    EXPECT_EQ(back.tag, "");
}

TEST(HitId, ObjectHitsCarryWhatWasSeen) {
    HitKey key{"ch03", 1'604'412'303'200'000, 1'604'412'307'800'000, "traffic-light.2"};
    std::string id = format_hit_id(key);
    EXPECT_EQ(id, "ch03@20201103T140503.200Z+4600ms#traffic-light.2");
    HitKey back = parse_hit_id(id);
    EXPECT_EQ(back.camera_id, "ch03");
    EXPECT_EQ(back.start_utc_us, key.start_utc_us);
    EXPECT_EQ(back.end_utc_us, key.end_utc_us);
    EXPECT_EQ(back.tag, "traffic-light.2");
    EXPECT_THROW(parse_hit_id("ch03@20201103T140503.200Z+4600ms#"), ParseError);
}

TEST(HitId, RejectsWhatIsNotAnId) {
    for (const char* bad : {"", "ch01", "@20201103T140503.200Z+4600ms", "ch01@20201103T140503Z+1ms",
                            "ch01@20201103T140503.200Z+ms", "ch01@20201103T140503.200Z+-5ms",
                            "ch01@20201303T140503.200Z+5ms", "ch01@20201103T140503.200Z+5s"}) {
        EXPECT_THROW(parse_hit_id(bad), ParseError) << bad;
    }
}

// The error names the ID the user typed, whatever part of it is wrong; a duration too long for
// the clock (its end would overflow) is refused, not wrapped round.
TEST(HitId, ItsErrorNamesTheIdAndLongDurationsAreRefused) {
    for (const char* bad :
         {"ch01@20201303T140503.200Z+5ms", "ch01@20201131T140503.200Z+5ms",
          "ch01@20201103T250503.200Z+5ms", "ch01@20201103T140503.200Z+9223372036854775807ms"}) {
        try {
            parse_hit_id(bad);
            ADD_FAILURE() << bad << " was taken for a hit ID";
        } catch (const ParseError& error) {
            EXPECT_NE(std::string(error.what()).find(bad), std::string::npos) << error.what();
        }
    }
}

TEST(Region, ParsesFractions) {
    media::Box box = parse_region("0.25,0.5,0.2,0.3");
    EXPECT_DOUBLE_EQ(box.x, 0.25);
    EXPECT_DOUBLE_EQ(box.y, 0.5);
    EXPECT_DOUBLE_EQ(box.w, 0.2);
    EXPECT_DOUBLE_EQ(box.h, 0.3);
}

TEST(Region, RejectsBoxesOutsideTheFrameOrMalformed) {
    for (const char* bad : {"", "0.1,0.1,0.1", "0.1,0.1,0.1,0.1,0.1", "a,b,c,d", "0.5,0.5,0.6,0.1",
                            "0,0,0,0.5", "-0.1,0,0.5,0.5", "0.1,0.1,0.2,0.2x"}) {
        EXPECT_THROW(parse_region(bad), ParseError) << bad;
    }
}

}  // namespace
}  // namespace footage::search
