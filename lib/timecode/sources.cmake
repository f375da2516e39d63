# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/timecode/zone.cpp
    lib/timecode/time.cpp
)
