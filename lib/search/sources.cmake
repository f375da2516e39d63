# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/search/hit_id.cpp
    lib/search/hit_lookup.cpp
    lib/search/search.cpp
    lib/search/query_json.cpp
    lib/search/hit_json.cpp
    lib/search/region.cpp
    lib/search/thumbnail.cpp
)
