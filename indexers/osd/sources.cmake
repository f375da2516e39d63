# Sources of this area: target_sources(footage_lib PRIVATE ...). The OSD clock reader and the
# indexer `index --osd` built on it.
target_sources(footage_lib PRIVATE
    indexers/osd/seconds_digit.cpp
    indexers/osd/glyphs.cpp
    indexers/osd/osd_format.cpp
    indexers/osd/clock_lines.cpp
    indexers/osd/osd_reader.cpp
    indexers/osd/clock_start.cpp
    indexers/osd/native_luma.cpp
    indexers/osd/osd_store.cpp
    indexers/osd/osd_indexer.cpp
    indexers/osd/osd_camera.cpp
    indexers/osd/text_line_ocr.cpp
    indexers/osd/recogniser_glyphs.cpp
)
