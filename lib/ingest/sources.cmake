# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/ingest/walk.cpp
    lib/ingest/time_source.cpp
    lib/ingest/keyframe_change.cpp
    lib/ingest/merge.cpp
    lib/ingest/shard.cpp
    lib/ingest/still_plan.cpp
    lib/ingest/pipeline.cpp
    lib/ingest/ingest.cpp
    lib/ingest/index_settings.cpp
)
