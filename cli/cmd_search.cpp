// Placeholder until this command is built; its area replaces this file.
#include "cli/commands.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

void add_search_command(CLI::App& app, const GlobalOptions&, int&) {
    CLI::App* command = app.add_subcommand("search", "Search the motion index (not built yet)");
    command->allow_extras();
    command->callback(
        []() { throw UsageError("`footage search` is not built yet in this version"); });
}

}  // namespace footage::cli
