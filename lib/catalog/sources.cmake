# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/catalog/sqlite.cpp
    lib/catalog/schema.cpp
    lib/catalog/catalog.cpp
    lib/catalog/camera_select.cpp
    lib/catalog/coverage.cpp
)
