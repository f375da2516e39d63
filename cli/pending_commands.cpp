// Registration points for commands whose areas are being built; each area replaces its entry
// with cli/cmd_<name>.cpp and removes it from here.
#include "cli/commands.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

void add_pending(CLI::App& app, const char* name, const char* what) {
    CLI::App* command = app.add_subcommand(name, std::string(what) + " (not built yet)");
    command->allow_extras();
    command->callback([name]() {
        throw UsageError(std::string("`footage ") + name + "` is not built yet in this version");
    });
}

}  // namespace

void add_search_command(CLI::App& app, const GlobalOptions&, int&) {
    add_pending(app, "search", "Search the motion index");
}
void add_clip_command(CLI::App& app, const GlobalOptions&, int&) {
    add_pending(app, "clip", "Cut an evidentiary clip into a BagIt package");
}
void add_verify_command(CLI::App& app, const GlobalOptions&, int&) {
    add_pending(app, "verify", "Verify an evidence bag or manifest");
}
void add_log_command(CLI::App& app, const GlobalOptions&, int&) {
    add_pending(app, "log", "Print or verify the custody log");
}
void add_keygen_command(CLI::App& app, const GlobalOptions&, int&) {
    add_pending(app, "keygen", "Make an Ed25519 key pair for signing bags");
}

}  // namespace footage::cli
