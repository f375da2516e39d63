# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/naming/name_pattern.cpp
    lib/naming/builtin_patterns.cpp
)
