// Man pages and `footage help` against what the binary really offers, so the pages cannot drift.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/run_footage.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

fs::path man_dir() { return source_dir() / "man"; }

// The roff source with its hyphen escapes undone, so "\-\-camera" reads "--camera".
std::string page_words(const fs::path& page) {
    std::string text = read_file(page);
    std::string plain;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-') {
            plain += '-';
            ++i;
        } else {
            plain += text[i];
        }
    }
    return plain;
}

// Whether `words` names `option` as a whole word ("--pad" is not in "--padding").
bool mentions(const std::string& words, const std::string& option) {
    for (size_t at = words.find(option); at != std::string::npos; at = words.find(option, at + 1)) {
        size_t after = at + option.size();
        if (after == words.size() ||
            !(std::isalnum(static_cast<unsigned char>(words[after])) || words[after] == '-')) {
            return true;
        }
    }
    return false;
}

// Lines of one section of CLI11's --help ("Options:", "Subcommands:"), up to the blank line.
std::vector<std::string> help_section(const std::string& help, const std::string& heading) {
    std::vector<std::string> lines;
    std::istringstream in(help);
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line == heading) {
            inside = true;
        } else if (inside && line.empty()) {
            break;
        } else if (inside) {
            lines.push_back(line);
        }
    }
    return lines;
}

std::vector<std::string> registered_commands() {
    RunResult help = run_footage({"--help"});
    EXPECT_EQ(help.exit_code, 0) << help.err;
    std::vector<std::string> commands;
    static const std::regex entry(R"(^\s+([a-z][a-z0-9-]*)\s)");
    for (const std::string& line : help_section(help.out, "Subcommands:")) {
        std::smatch match;
        if (std::regex_search(line, match, entry)) {
            commands.push_back(match[1]);
        }
    }
    return commands;
}

// Every long option a --help lists, e.g. "--camera" and "--no-motion" (but not --help).
std::set<std::string> listed_long_options(const std::string& help) {
    std::set<std::string> options;
    static const std::regex names(R"(^\s+(-[^\s]+))");
    static const std::regex long_name(R"(--[a-z][a-z0-9-]*)");
    for (const std::string& line : help_section(help, "Options:")) {
        std::smatch match;
        if (!std::regex_search(line, match, names)) {
            continue;
        }
        std::string first = match[1];
        for (std::sregex_iterator it(first.begin(), first.end(), long_name), end; it != end; ++it) {
            if (it->str() != "--help") {
                options.insert(it->str());
            }
        }
    }
    return options;
}

TEST(ManPages, TheBinaryListsItsCommands) {
    std::vector<std::string> commands = registered_commands();
    std::set<std::string> names(commands.begin(), commands.end());
    for (const char* expected : {"index", "cameras", "recordings", "search", "clip", "verify",
                                 "log", "keygen", "merge", "help"}) {
        EXPECT_TRUE(names.count(expected)) << expected << " missing from footage --help";
    }
    EXPECT_FALSE(names.count("__complete")) << "the completion helper is hidden";
}

TEST(ManPages, EveryCommandHasAPageThatNamesEveryOptionItsHelpLists) {
    std::vector<std::string> commands = registered_commands();
    ASSERT_FALSE(commands.empty());
    for (const std::string& command : commands) {
        fs::path page = man_dir() / ("footage-" + command + ".1");
        ASSERT_TRUE(fs::exists(page)) << command << " has no man page " << page;
        std::string words = page_words(page);
        EXPECT_NE(words.find(".SH NAME\nfootage-" + command + " -"), std::string::npos) << page;
        RunResult help = run_footage({command, "--help"});
        ASSERT_EQ(help.exit_code, 0) << command << ": " << help.err;
        std::set<std::string> options = listed_long_options(help.out);
        for (const std::string& option : options) {
            EXPECT_TRUE(mentions(words, option))
                << page.filename() << " does not mention " << option << " that `footage " << command
                << " --help` lists";
        }
    }
}

TEST(ManPages, TheMainPageNamesEveryGlobalOptionAndCommand) {
    RunResult help = run_footage({"--help"});
    std::set<std::string> options = listed_long_options(help.out);
    EXPECT_TRUE(options.count("--db")) << help.out;
    std::string words = page_words(man_dir() / "footage.1");
    for (const std::string& option : options) {
        EXPECT_TRUE(mentions(words, option)) << "footage.1 does not mention " << option;
    }
    for (const std::string& command : registered_commands()) {
        EXPECT_NE(words.find("footage-" + command + " (1)"), std::string::npos)
            << "footage.1 has no SEE ALSO for " << command;
    }
}

TEST(Help, ShowsTheManPageOfACommandAsText) {
    RunResult help = run_footage({"help", "search"});
    ASSERT_EQ(help.exit_code, 0) << help.err;
    EXPECT_EQ(help.out.rfind("NAME\n", 0), 0u) << help.out.substr(0, 200);
    EXPECT_NE(help.out.find("footage-search - find motion"), std::string::npos);
    EXPECT_EQ(help.out.find("\\f"), std::string::npos) << "a font escape was left in the text";
    EXPECT_EQ(help.out.find(".TP"), std::string::npos) << "a macro was left in the text";
    RunResult options = run_footage({"search", "--help"});
    for (const std::string& option : listed_long_options(options.out)) {
        EXPECT_TRUE(mentions(help.out, option)) << option;
    }
}

TEST(Help, EveryCommandsHelpIsItsManPage) {
    for (const std::string& command : registered_commands()) {
        RunResult help = run_footage({"help", command, "--json"});
        ASSERT_EQ(help.exit_code, 0) << command << ": " << help.err;
        nlohmann::json page = help.json();
        EXPECT_EQ(page["roff"].get<std::string>(),
                  read_file(man_dir() / ("footage-" + command + ".1")))
            << "the page built into the binary is not man/footage-" << command << ".1";
        std::string text = page["text"].get<std::string>();
        EXPECT_NE(text.find("footage-" + command), std::string::npos) << text.substr(0, 200);
        EXPECT_NE(text.find("EXIT STATUS"), std::string::npos) << command;
    }
}

TEST(Help, AloneShowsFootageOne) {
    RunResult help = run_footage({"help"});
    ASSERT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("footage - forensic search of exported CCTV recordings"),
              std::string::npos)
        << help.out.substr(0, 300);
    EXPECT_NE(help.out.find("EXIT STATUS"), std::string::npos);
    RunResult same = run_footage({"help", "footage"});
    EXPECT_EQ(same.out, help.out);
}

// The example block at the end of a --help: from the line starting "Example:" or "Examples:".
std::vector<std::string> example_lines(const std::string& help) {
    std::vector<std::string> lines;
    std::istringstream in(help);
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.rfind("Example:", 0) == 0 || line.rfind("Examples:", 0) == 0) {
            inside = true;
            line = line.substr(line.find(':') + 1);
        } else if (inside && line.empty()) {
            break;
        }
        if (inside) {
            lines.push_back(line.substr(std::min(line.find_first_not_of(' '), line.size())));
        }
    }
    return lines;
}

// A wrapped example pasted line by line into a shell must stay one command.
TEST(Help, EveryWrappedExampleLineEndsWithABackslash) {
    size_t wrapped = 0;
    for (const std::string& command : registered_commands()) {
        RunResult help = run_footage({command, "--help"});
        ASSERT_EQ(help.exit_code, 0) << command << ": " << help.err;
        const std::vector<std::string> lines = example_lines(help.out);
        for (size_t i = 0; i < lines.size(); ++i) {
            const bool continued = i + 1 < lines.size() && lines[i + 1].rfind("footage ", 0) != 0;
            const bool backslash = !lines[i].empty() && lines[i].back() == '\\';
            EXPECT_EQ(backslash, continued)
                << "footage " << command << " --help, example line: " << lines[i];
            wrapped += continued ? 1 : 0;
        }
        if (command == "search" || command == "clip" || command == "report") {
            EXPECT_FALSE(lines.empty()) << command << " --help has no example";
        }
    }
    EXPECT_GE(wrapped, 3u);
}

// What CLI11 prints for a flag's default or a checked range means nothing to a reader.
TEST(Help, NoCommandsHelpShowsCli11Artefacts) {
    std::vector<std::string> commands = registered_commands();
    commands.push_back("");
    for (const std::string& command : commands) {
        RunResult help =
            command.empty() ? run_footage({"--help"}) : run_footage({command, "--help"});
        ASSERT_EQ(help.exit_code, 0) << command << ": " << help.err;
        for (const std::regex& artefact :
             {std::regex(R"(\{(false|true)\})"), std::regex(R"(:(INT|UINT|FLOAT|TEXT|NUMBER)\b)"),
              std::regex(R"(in \[[-0-9.]+ - [-0-9.]+\])"), std::regex(R"(\bINT\b)")}) {
            std::smatch match;
            EXPECT_FALSE(std::regex_search(help.out, match, artefact))
                << "footage " << command << " --help shows \"" << match.str() << "\"";
        }
    }
}

TEST(Help, AnUnknownCommandIsAUsageErrorThatListsTheCommands) {
    RunResult help = run_footage({"help", "serach"});
    EXPECT_EQ(help.exit_code, 2);
    EXPECT_TRUE(help.out.empty()) << help.out;
    EXPECT_NE(help.err.find("serach"), std::string::npos) << help.err;
    for (const char* command : {"index", "search", "clip", "verify"}) {
        EXPECT_NE(help.err.find(command), std::string::npos) << help.err;
    }
}

}  // namespace
}  // namespace footage::test
