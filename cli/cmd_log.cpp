// Placeholder until this command is built; its area replaces this file.
#include "cli/commands.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

void add_log_command(CLI::App& app, const GlobalOptions&, int&) {
    CLI::App* command =
        app.add_subcommand("log", "Print or verify the custody log (not built yet)");
    command->allow_extras();
    command->callback([]() { throw UsageError("`footage log` is not built yet in this version"); });
}

}  // namespace footage::cli
