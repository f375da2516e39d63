#include "cli/app.hpp"

#include <filesystem>
#include <iostream>
#include <new>
#include <regex>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/help_format.hpp"
#include "lib/media/av_error.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

// The argument as a POSIX shell would need it typed.
std::string shell_quoted(const std::string& arg) {
    if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_./=:,@+%") == std::string::npos) {
        return arg;
    }
    std::string quoted = "'";
    for (char c : arg) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

// "--from 2020-11-03 14:00" typed without quotes: the shell splits the time off the date.
std::string unquoted_time_hint(int argc, char** argv) {
    static const std::regex kDate(R"(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})");
    static const std::regex kTimeOfDay(
        R"(\d{1,2}(:\d{2}(:\d{2}([.,]\d+)?)?)?\s*([aApP]\.?[mM]\.?)?([+-]\d{2}:?\d{2}|Z)?)");
    for (int i = 2; i + 1 < argc; ++i) {
        std::string option = argv[i - 1];
        if (option.starts_with("--") && std::regex_match(argv[i], kDate) &&
            std::regex_match(argv[i + 1], kTimeOfDay) &&
            std::string(argv[i + 1]).find(':') != std::string::npos) {
            return "A date and time with a space between them is one argument: quote it, as in " +
                   option + " \"" + argv[i] + " " + argv[i + 1] + "\"\n";
        }
    }
    return "";
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{
        "footage: forensic search of exported CCTV recordings.\n"
        "Index an exported drive once, then search it by time, camera, motion and "
        "region,\ncut evidentiary clips and verify them. See `man footage`.",
        "footage"};
    app.formatter(std::make_shared<HelpFormatter>());  // before the subcommands: they copy it
    app.fallthrough();
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("footage ") + FOOTAGE_VERSION);
    app.footer(
        "Exit codes: 0 success, 1 negative answer (nothing found, mismatch, files "
        "skipped), 2 usage or environment error.");

    GlobalOptions global;
    for (int i = 0; i < argc; ++i) {
        global.command_line += (i > 0 ? " " : "") + shell_quoted(argv[i]);
    }
    add_global_options(app, global);
    ExitCode exit_code = kExitSuccess;
    add_index_command(app, global, exit_code);
    add_cameras_command(app, global, exit_code);
    add_recordings_command(app, global, exit_code);
    add_search_command(app, global, exit_code);
    add_trace_command(app, global, exit_code);
    add_clip_command(app, global, exit_code);
    add_verify_command(app, global, exit_code);
    add_log_command(app, global, exit_code);
    add_keygen_command(app, global, exit_code);
    add_repair_command(app, global, exit_code);
    add_merge_command(app, global, exit_code);
    add_report_command(app, global, exit_code);
    add_help_command(app, global, exit_code);
    add_complete_command(app, global, exit_code);

    media::quiet_ffmpeg_logs();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "footage: error: " << e.what() << "\n"
                  << unquoted_time_hint(argc, argv) << "Run with --help for usage.\n";
        return kExitUsage;
    } catch (const std::filesystem::filesystem_error& e) {  // a path the system refused
        std::cerr << "footage: error: " << (e.path1().empty() ? "" : e.path1().string() + ": ")
                  << e.code().message() << '\n';
        return kExitUsage;
    } catch (const Error& e) {  // usage, catalog, I/O or media: the message names the thing
        std::cerr << "footage: error: " << e.what() << '\n';
        return kExitUsage;
    } catch (const std::bad_alloc&) {  // the machine ran out of memory: not a bug of ours
        std::cerr << "footage: error: out of memory\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "footage: internal error (a bug; please report it): " << e.what() << '\n';
        return kExitBug;
    }
    return exit_code;
}

}  // namespace footage::cli
