// Placeholder until this command is built; its area replaces this file.
#include "cli/commands.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

void add_verify_command(CLI::App& app, const GlobalOptions&, int&) {
    CLI::App* command =
        app.add_subcommand("verify", "Verify an evidence bag or manifest (not built yet)");
    command->allow_extras();
    command->callback(
        []() { throw UsageError("`footage verify` is not built yet in this version"); });
}

}  // namespace footage::cli
