#pragma once
// Each subcommand registers itself on the app; its callback stores the exit code.
#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace footage::cli {

void add_index_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_cameras_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_recordings_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_search_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_trace_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_clip_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_verify_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_log_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_keygen_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_repair_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_merge_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_report_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_help_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);
void add_complete_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code);

}  // namespace footage::cli
