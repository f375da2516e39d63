# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/report/html_escape.cpp
    lib/report/custody_text.cpp
    lib/report/frame_sketch.cpp
    lib/report/case_facts.cpp
    lib/report/coverage_chart.cpp
    lib/report/hit_pictures.cpp
    lib/report/trace_pictures.cpp
    lib/report/report_json.cpp
    lib/report/html_page.cpp
    lib/report/report_writer.cpp
)
