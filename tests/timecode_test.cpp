#include <gtest/gtest.h>

#include <type_traits>

#include "lib/timecode/instant.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::timecode {
namespace {

constexpr int64_t kS = 1'000'000;
// 2020-11-03T07:05:00Z
const int64_t kInstant = civil_to_us(2020, 11, 3, 7, 5, 0);

// The day count the OSD reader dates its readings with (one implementation, here).
TEST(CivilDays, CountsDaysFromTheEpochAndKnowsLeapYears) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2020, 11, 3), 18569);
    EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
    EXPECT_EQ(days_from_civil(2020, 11, 3) * 86'400 * kS, civil_to_us(2020, 11, 3, 0, 0, 0));
    EXPECT_EQ(days_in_month(2024, 2), 29);
    EXPECT_EQ(days_in_month(1900, 2), 28);
    EXPECT_EQ(days_in_month(2000, 2), 29);
    EXPECT_EQ(days_in_month(2021, 4), 30);
}

TEST(Zone, FixedOffsetsAndUtc) {
    EXPECT_EQ(Zone::parse("+07:00").name(), "+07:00");
    EXPECT_EQ(Zone::parse("+0700").offset_at_utc(0), 7 * 3600);
    EXPECT_EQ(Zone::parse("-0530").offset_at_utc(0), -(5 * 3600 + 30 * 60));
    EXPECT_EQ(Zone::parse("+7").name(), "+07:00");
    EXPECT_EQ(Zone::parse("Z").name(), "UTC");
    EXPECT_EQ(Zone::parse("UTC").offset_at_utc(kInstant), 0);
    EXPECT_EQ(Zone::parse(Zone::parse("-03:30").name()).offset_at_utc(0), -(3 * 3600 + 1800));
}

TEST(Zone, IanaNames) {
    Zone saigon = Zone::parse("Asia/Ho_Chi_Minh");
    EXPECT_EQ(saigon.name(), "Asia/Ho_Chi_Minh");
    EXPECT_EQ(saigon.offset_at_utc(kInstant), 7 * 3600);
    EXPECT_EQ(Zone::parse(saigon.name()).offset_at_utc(kInstant), 7 * 3600);
}

TEST(Zone, UnknownNameIsAParseErrorNamingIt) {
    try {
        Zone::parse("Mars/Olympus");
        FAIL();
    } catch (const ParseError& error) {
        EXPECT_NE(std::string(error.what()).find("Mars/Olympus"), std::string::npos);
    }
    EXPECT_THROW(Zone::parse("+25:00"), ParseError);
}

TEST(Zone, DaylightSavingTransitions) {
    Zone london = Zone::parse("Europe/London");
    // Fall back, 2020-10-25 01:30 local happens twice: the earlier (BST, UTC+1) is taken.
    EXPECT_EQ(london.local_to_utc(civil_to_us(2020, 10, 25, 1, 30, 0)),
              civil_to_us(2020, 10, 25, 0, 30, 0));
    // Spring forward, 2020-03-29 01:30 local does not exist: read with the offset before it.
    EXPECT_EQ(london.local_to_utc(civil_to_us(2020, 3, 29, 1, 30, 0)),
              civil_to_us(2020, 3, 29, 1, 30, 0));
    EXPECT_EQ(london.offset_at_utc(civil_to_us(2020, 7, 1, 12, 0, 0)), 3600);
    EXPECT_EQ(london.offset_at_utc(civil_to_us(2020, 12, 1, 12, 0, 0)), 0);
}

TEST(ParseTime, AcceptedForms) {
    Zone saigon = Zone::parse("Asia/Ho_Chi_Minh");
    EXPECT_EQ(parse_time("2020-11-03 14:05:00", saigon), kInstant);
    EXPECT_EQ(parse_time("2020-11-03T14:05:00", saigon), kInstant);
    EXPECT_EQ(parse_time("2020-11-03T14:05:00+07:00", Zone::utc()), kInstant);
    EXPECT_EQ(parse_time("2020-11-03T07:05:00Z", saigon), kInstant);
    EXPECT_EQ(parse_time("2020-11-03 14:05", saigon), kInstant);
    EXPECT_EQ(parse_time("20201103T140500", saigon), kInstant);
    EXPECT_EQ(parse_time("2020-11-03T07:05:00.250Z", saigon), kInstant + 250'000);
    EXPECT_EQ(parse_time("2020-11-03", Zone::utc()), civil_to_us(2020, 11, 3, 0, 0, 0));
    EXPECT_EQ(parse_time("  2020-11-03T14:05:00+0700 ", Zone::utc()), kInstant);
    EXPECT_EQ(parse_time("1969-12-31T23:59:59Z", Zone::utc()), -kS);
}

TEST(ParseTime, BadTimesSayWhatIsWrong) {
    Zone utc = Zone::utc();
    for (const char* text : {"2020-13-03 14:00", "2020-02-30", "2021-02-29", "2020-11-03 24:00",
                             "2020-11-03 14:60", "yesterday", "", "2020-11-03 14:00:00 trailing",
                             "2020-11-03T14:00:00+25:00", "2020/11/03"}) {
        try {
            parse_time(text, utc);
            ADD_FAILURE() << "accepted " << text;
        } catch (const ParseError& error) {
            EXPECT_NE(std::string(error.what()).find("bad time"), std::string::npos)
                << error.what();
        }
    }
    EXPECT_EQ(parse_time("2020-02-29", utc), civil_to_us(2020, 2, 29, 0, 0, 0));
}

TEST(ParseTime, TwelveHourTimesAndDayMonthDatesWithAnOrder) {
    Zone saigon = Zone::parse("Asia/Ho_Chi_Minh");
    EXPECT_EQ(parse_time("2020-11-03 2:05pm", saigon), kInstant);
    EXPECT_EQ(parse_time("2020-11-03 2:05 PM", saigon), kInstant);
    EXPECT_EQ(parse_time("2020-11-03 02:05:00 p.m.", saigon), kInstant);
    EXPECT_EQ(parse_time("2020-11-03 12:00am", Zone::utc()), civil_to_us(2020, 11, 3, 0, 0, 0));
    EXPECT_EQ(parse_time("2020-11-03 12pm", Zone::utc()), civil_to_us(2020, 11, 3, 12, 0, 0));
    EXPECT_EQ(parse_time("3/11/2020 14:05", saigon, DateOrder::dmy), kInstant);
    EXPECT_EQ(parse_time("11/3/2020 2:05pm", saigon, DateOrder::mdy), kInstant);
    EXPECT_EQ(parse_time("03.11.2020 14:05:00", saigon, DateOrder::dmy), kInstant);
    EXPECT_EQ(parse_time("3-11-2020", Zone::utc(), DateOrder::dmy),
              civil_to_us(2020, 11, 3, 0, 0, 0));
    // Without an order a day-first date is refused, never guessed, and the refusal says how.
    for (const char* text : {"3/11/2020 14:05", "25/11/2020"}) {
        try {
            parse_time(text, saigon);
            ADD_FAILURE() << "guessed " << text;
        } catch (const ParseError& error) {
            EXPECT_NE(std::string(error.what()).find("--date-order"), std::string::npos)
                << error.what();
        }
    }
    for (const char* text : {"2020-11-03 13:00pm", "2020-11-03 0:30am", "3/11/20 14:05"}) {
        EXPECT_THROW(parse_time(text, saigon, DateOrder::dmy), ParseError) << text;
    }
    EXPECT_THROW(parse_time("13/25/2020", saigon, DateOrder::dmy), ParseError);
}

TEST(FormatTime, OffsetAndMillisecondsOnlyWhenNeeded) {
    EXPECT_EQ(format_time(kInstant, Zone::parse("Asia/Ho_Chi_Minh")), "2020-11-03T14:05:00+07:00");
    EXPECT_EQ(format_time(kInstant, Zone::utc()), "2020-11-03T07:05:00+00:00");
    EXPECT_EQ(format_time(kInstant + 250'000, Zone::parse("-05:30")),
              "2020-11-03T01:35:00.250-05:30");
    EXPECT_EQ(format_time(-kS, Zone::utc()), "1969-12-31T23:59:59+00:00");
}

TEST(FormatTime, RoundTrips) {
    for (const char* name :
         {"UTC", "Asia/Ho_Chi_Minh", "Europe/London", "America/New_York", "+05:45"}) {
        Zone zone = Zone::parse(name);
        for (int64_t t = kInstant - 400LL * 86400 * kS; t < kInstant;
             t += 86400LL * 7 * kS + 123'000) {
            EXPECT_EQ(parse_time(format_time(t, zone), Zone::utc()), t) << name;
        }
    }
}

TEST(Duration, AcceptedForms) {
    EXPECT_EQ(parse_duration("90"), 90 * kS);
    EXPECT_EQ(parse_duration("90s"), 90 * kS);
    EXPECT_EQ(parse_duration("1.5s"), 1'500'000);
    EXPECT_EQ(parse_duration("2m"), 120 * kS);
    EXPECT_EQ(parse_duration("1h30m"), 5400 * kS);
    EXPECT_EQ(parse_duration("1h 30m 5s"), 5405 * kS);
    EXPECT_EQ(parse_duration("500ms"), 500'000);
}

TEST(Duration, BadDurations) {
    for (const char* text : {"", "-5s", "5x", "1h30", "s", "1..5s", "abc"}) {
        EXPECT_THROW(parse_duration(text), ParseError) << text;
    }
}

TEST(Duration, Formats) {
    EXPECT_EQ(format_duration(0), "0s");
    EXPECT_EQ(format_duration(4'500'000), "4.5s");
    EXPECT_EQ(format_duration(3723 * kS), "1h02m03s");
    EXPECT_EQ(format_duration(125 * kS), "2m05s");
}

// Motion events are built on two clocks (a recording's offsets when indexed, true UTC when
// searched); the instants of one must not pass for the other's, nor for a bare count.
TEST(Instant, ClocksDoNotMix) {
    static_assert(!std::is_convertible_v<OffsetInstant, UtcInstant>);
    static_assert(!std::is_constructible_v<UtcInstant, OffsetInstant>);
    static_assert(!std::is_convertible_v<int64_t, UtcInstant>);
    static_assert(!std::is_convertible_v<UtcInstant, int64_t>);
    const UtcInstant start{1'000'000};
    const UtcInstant end = start + 2'500'000;
    EXPECT_EQ(end - start, 2'500'000);
    EXPECT_LT(start, end);
    EXPECT_EQ((end - 2'500'000), start);
}

}  // namespace
}  // namespace footage::timecode
