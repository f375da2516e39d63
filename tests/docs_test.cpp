// The man pages built into the binary, and their plain-text rendering for `footage help`.
#include <string>

#include <gtest/gtest.h>

#include "lib/docs/man_pages.hpp"
#include "lib/docs/roff_text.hpp"

namespace footage::docs {
namespace {

TEST(RoffText, LaysOutSectionsTaggedParagraphsAndExamplesAsManDoes) {
    std::string roff =
        ".TH X 1\n"
        ".SH NAME\n"
        "footage\\-x \\- does \\fBthings\\fR well\n"
        ".SH OPTIONS\n"
        ".TP\n"
        ".BI \\-\\-camera \" ID\"\n"
        "Only this camera.\n"
        ".TP\n"
        ".B 0\n"
        "Success.\n"
        ".IP \\(bu 2\n"
        "one\n"
        ".PP\n"
        ".RB [ \\-\\-json ]\n"
        ".\\\" a comment\n"
        ".SH EXAMPLES\n"
        ".nf\n"
        "footage x \\e\n"
        "    --y\n"
        ".fi\n";
    EXPECT_EQ(roff_to_text(roff),
              "NAME\n"
              "       footage-x - does things well\n"
              "\n"
              "OPTIONS\n"
              "       --camera ID\n"
              "              Only this camera.\n"
              "\n"
              "       0      Success.\n"
              "\n"
              "       \u2022 one\n"
              "\n"
              "       [--json]\n"
              "\n"
              "EXAMPLES\n"
              "       footage x \\\n"
              "           --y\n");
}

TEST(RoffText, FillsToTheWidth) {
    std::string roff = ".SH D\n";
    for (int i = 0; i < 40; ++i) {
        roff += "word" + std::to_string(i) + "\n";
    }
    std::string text = roff_to_text(roff, 40);
    size_t start = 0;
    int lines = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        EXPECT_LE(end - start, 40u) << text.substr(start, end - start);
        start = end + 1;
        ++lines;
    }
    EXPECT_GT(lines, 8);
    EXPECT_NE(text.find("word39"), std::string::npos);
}

TEST(ManPages, EveryPageIsBuiltInAndRendersWithoutRoffLeftOver) {
    ASSERT_TRUE(man_page("").has_value()) << "footage(1)";
    EXPECT_TRUE(man_page("search").has_value());
    EXPECT_FALSE(man_page("serach").has_value());
    EXPECT_GE(man_pages().size(), 12u);
    for (const ManPage& page : man_pages()) {
        std::string text = roff_to_text(page.roff);
        std::string name =
            page.command.empty() ? "footage" : "footage-" + std::string(page.command);
        EXPECT_EQ(text.rfind("NAME\n       " + name + " - ", 0), 0u) << text.substr(0, 120);
        EXPECT_EQ(text.find('\\'), text.find("\\\n")) << name << ": an escape was left";
        EXPECT_EQ(text.find('?'), std::string::npos) << name << ": an unknown special character";
        EXPECT_EQ(text.find("\n."), std::string::npos) << name << ": a macro was printed";
    }
}

}  // namespace
}  // namespace footage::docs
