# The indexer interface's registry; each indexer's folder lists its own sources.
target_sources(footage_lib PRIVATE indexers/registry.cpp indexers/index_tables.cpp)
include(indexers/motion/sources.cmake)
include(indexers/objects/sources.cmake)
include(indexers/osd/sources.cmake)
