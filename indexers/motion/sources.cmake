# Sources of this area: target_sources(footage_lib PRIVATE ...) and target_sources(footage PRIVATE cli/...).
target_sources(footage_lib PRIVATE
    indexers/motion/grid_codec.cpp
    indexers/motion/motion_model.cpp
    indexers/motion/events.cpp
    indexers/motion/motion_store.cpp
    indexers/motion/motion_indexer.cpp
    indexers/motion/motion_search.cpp
)
