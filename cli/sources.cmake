# The command line: parsing, printing and exit codes over footage_lib.
target_sources(footage PRIVATE
    cli/app.cpp
    cli/cmd_cameras.cpp
    cli/cmd_clip.cpp
    cli/cmd_complete.cpp
    cli/cmd_help.cpp
    cli/cmd_index.cpp
    cli/cmd_keygen.cpp
    cli/cmd_log.cpp
    cli/cmd_merge.cpp
    cli/cmd_recordings.cpp
    cli/cmd_repair.cpp
    cli/cmd_report.cpp
    cli/cmd_search.cpp
    cli/cmd_trace.cpp
    cli/cmd_verify.cpp
    cli/common.cpp
    cli/help_format.cpp
    cli/interrupt.cpp
    cli/main.cpp
    cli/progress.cpp
    cli/search_filters.cpp
    cli/text_table.cpp
)
