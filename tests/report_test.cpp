// HTML escaping of names from a drive: markup becomes entities, bytes that are not UTF-8 become
// U+FFFD, and valid UTF-8 passes through.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace footage::report
