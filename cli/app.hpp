#pragma once

namespace footage::cli {

// Parses the command line, runs the subcommand and returns the exit code (docs/ARCHITECTURE.md).
int run(int argc, char** argv);

}  // namespace footage::cli
