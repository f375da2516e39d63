// HTML escaping of names from a drive: markup becomes entities, bytes that are not UTF-8 become
// U+FFFD, and valid UTF-8 passes through. Custody entries told in words.
#include <gtest/gtest.h>

#include "lib/report/custody_text.hpp"
#include "lib/report/html_escape.hpp"

namespace footage::report {
namespace {

const std::string kReplacement = "\xef\xbf\xbd";

TEST(HtmlEscape, MarkupCharactersBecomeEntities) {
    EXPECT_EQ(html_escape("<a href=\"x\">Tom's & Jerry's</a>"),
              "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(HtmlEscape, ValidUtf8PassesThrough) {
    const std::string text = "Nguy\xe1\xbb\x85n \xe2\x82\xac \xf0\x9f\x93\xb7 caf\xc3\xa9";
    EXPECT_EQ(html_escape(text), text);
}

TEST(HtmlEscape, BytesThatAreNotUtf8BecomeReplacementCharacters) {
    EXPECT_EQ(valid_utf8("a\xff"
                         "b"),
              "a" + kReplacement + "b");
    EXPECT_EQ(valid_utf8("\xc3\x28"), kReplacement + "(");           // bad continuation
    EXPECT_EQ(valid_utf8("\xc0\xaf"), kReplacement + kReplacement);  // overlong '/'
    EXPECT_EQ(valid_utf8("\xed\xa0\x80"), kReplacement + kReplacement + kReplacement);  // surrogate
    EXPECT_EQ(valid_utf8("\xe2\x82"), kReplacement + kReplacement);  // truncated at the end
    EXPECT_EQ(valid_utf8(std::string("a\0b", 3)), "a" + kReplacement + "b");
}

// An acquisition says how its camera was learnt; one written before that was recorded does not.
TEST(CustodyText, AnAcquisitionSaysHowItsCameraWasLearnt) {
    evidence::CustodyEntry entry;
    entry.action = "acquire";
    entry.details = {{"path", "/drive/gate/clip_0001.mp4"}, {"camera", "gate"}, {"size", 10}};
    EXPECT_EQ(
        custody_text(entry).what,
        "Recording /drive/gate/clip_0001.mp4 of camera gate taken into the catalog (10 bytes)");
    entry.details["camera_source"] = "folder";
    EXPECT_NE(custody_text(entry).what.find("of camera gate (named by its folder) taken"),
              std::string::npos)
        << custody_text(entry).what;
    entry.details["camera_source"] = "name:hikvision";
    EXPECT_NE(custody_text(entry).what.find("(from its file name, pattern hikvision)"),
              std::string::npos)
        << custody_text(entry).what;
}

}  // namespace
}  // namespace footage::report
