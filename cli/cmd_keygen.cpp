// Placeholder until this command is built; its area replaces this file.
#include "cli/commands.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

void add_keygen_command(CLI::App& app, const GlobalOptions&, int&) {
    CLI::App* command =
        app.add_subcommand("keygen", "Make an Ed25519 key pair for signing bags (not built yet)");
    command->allow_extras();
    command->callback(
        []() { throw UsageError("`footage keygen` is not built yet in this version"); });
}

}  // namespace footage::cli
