# Sources of this area: target_sources(footage_lib PRIVATE ...). The OSD clock reader is not an
# indexer yet (index --osd comes with the new indexer interface).
target_sources(footage_lib PRIVATE
    indexers/osd/seconds_digit.cpp
    indexers/osd/glyphs.cpp
    indexers/osd/osd_format.cpp
    indexers/osd/osd_reader.cpp
)
