# Sources of this area: target_sources(footage_lib PRIVATE ...) and target_sources(footage PRIVATE cli/...).
target_sources(footage PRIVATE cli/cmd_search.cpp)
