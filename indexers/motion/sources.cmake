# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    indexers/motion/grid_codec.cpp
    indexers/motion/motion_model.cpp
    indexers/motion/events.cpp
    indexers/motion/motion_store.cpp
    indexers/motion/motion_indexer.cpp
    indexers/motion/motion_search.cpp
)
