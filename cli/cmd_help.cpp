#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

#include "cli/commands.hpp"
#include "lib/docs/man_pages.hpp"
#include "lib/docs/roff_text.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

bool man_on_path() {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path != nullptr ? path : "";
    while (!dirs.empty()) {
        std::size_t colon = dirs.find(':');
        std::filesystem::path candidate =
            std::filesystem::path(std::string(dirs.substr(0, colon))) / "man";
        if (::access(candidate.c_str(), X_OK) == 0) {
            return true;
        }
        dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    }
    return false;
}

// On a terminal the page goes through man(1), as `man footage-CMD` would show it; returns false
// when man could not show it.
bool show_with_man(std::string_view roff) {
    std::FILE* man = ::popen("man -l -", "w");
    if (man == nullptr) {
        return false;
    }
    // The pager may be quit before the whole page is read; that is not an error.
    void (*previous)(int) = std::signal(SIGPIPE, SIG_IGN);
    std::fwrite(roff.data(), 1, roff.size(), man);
    int status = ::pclose(man);
    std::signal(SIGPIPE, previous);
    return status == 0;
}

std::string command_list(CLI::App& app) {
    std::string list;
    for (const CLI::App* sub :
         app.get_subcommands([](CLI::App* s) { return !s->get_group().empty(); })) {
        list += (list.empty() ? "" : ", ") + sub->get_name();
    }
    return list;
}

}  // namespace

void add_help_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto topic = std::make_shared<std::string>();
    CLI::App* command =
        app.add_subcommand("help", "Show the manual page of footage, or of one command");
    command->footer(
        "The text is that of man footage-COMMAND; without a command, man footage.\n"
        "On a terminal it is shown through man(1) when man is installed.");
    command->add_option("command", *topic, "The command (index, search, clip, ...)")
        ->type_name("COMMAND");
    command->callback([topic, &app, &global, &exit_code]() {
        std::string name = *topic;
        if (name == "footage") {
            name.clear();
        } else if (name.starts_with("footage-")) {
            name.erase(0, 8);
        }
        std::optional<docs::ManPage> page = docs::man_page(name);
        if (!page) {
            throw UsageError("help: no command '" + *topic + "'; the commands are " +
                             command_list(app));
        }
        if (global.json) {
            print_json({{"command", std::string(page->command)},
                        {"roff", std::string(page->roff)},
                        {"text", docs::roff_to_text(page->roff)}});
        } else if (!(::isatty(STDOUT_FILENO) && man_on_path() && show_with_man(page->roff))) {
            std::cout << docs::roff_to_text(page->roff);
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
