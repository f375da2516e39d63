# Sources of this area: target_sources(footage_lib PRIVATE ...) and target_sources(footage PRIVATE cli/...).
target_sources(footage_lib PRIVATE
    lib/search/hit_id.cpp
    lib/search/hit_lookup.cpp
    lib/search/search.cpp
    lib/search/query_json.cpp
    lib/search/hit_json.cpp
    lib/search/region.cpp
    lib/search/thumbnail.cpp
    lib/media/grab_frame.cpp
)
target_sources(footage PRIVATE cli/cmd_search.cpp cli/search_filters.cpp)
