# The OSD clock reader (indexers/osd) over generated clips with a burned-in recorder clock,
# made once per test run by tests/gen/make_osd_clips.py with their truth in cases.json (62 clips:
# ~200 s of CPU, 9.6 min wall on a loaded 2-core machine).
add_test(NAME generate_osd_clips
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gen/make_osd_clips.py
            --out ${FOOTAGE_TESTDATA}/osd)
set_tests_properties(generate_osd_clips PROPERTIES FIXTURES_SETUP osd_clips TIMEOUT 1200)

footage_test_executable(footage_osd_tests FIXTURE osd_clips LABEL e2e TIMEOUT 300
    SOURCES osd_reader_test.cpp)

# index --osd end to end on a few of the same clips (~1 s of indexing per clip).
footage_test_executable(footage_osd_index_tests FIXTURE osd_clips LABEL e2e TIMEOUT 120
    SOURCES osd_index_test.cpp support/run_footage.cpp)

# The OSD reader's text-line recogniser on lines drawn with known text (a few seconds); the
# model test is skipped when scripts/fetch_ocr_model.sh could not install the model.
find_package(OpenCV REQUIRED COMPONENTS freetype)
footage_test_executable(footage_osd_ocr_tests FIXTURE results LABEL unit TIMEOUT 120
    SOURCES osd_ocr_test.cpp)
target_link_libraries(footage_osd_ocr_tests PRIVATE opencv_freetype)

# The fold makes the shipped recogniser load in cv::dnn and read drawn lines
# (~4 s; exit 77: skipped when scripts/fetch_ocr_model.sh could not install it).
add_test(NAME ppocr_fold_reads_drawn_lines
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/models/ppocr_rec_fold_test.py
            ${FOOTAGE_MODEL_DIR})
set_tests_properties(ppocr_fold_reads_drawn_lines PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)

# The reader's pixel steps on synthetic pictures, and where the tens of seconds change on
# per-second pictures of a thin digit (well under a second).
footage_test_executable(footage_osd_pixels_tests FIXTURE results LABEL unit TIMEOUT 60
    SOURCES osd_pixels_test.cpp osd_glyphs_test.cpp osd_clock_start_test.cpp
            osd_recogniser_glyphs_test.cpp)

# The clock's layout as recorders draw it: CJK dates, the date on a line of its own (the parser on
# named cells, and the reader on frames drawn here; a few seconds).
footage_test_executable(footage_osd_layout_tests FIXTURE results LABEL unit TIMEOUT 120
    SOURCES osd_layout_test.cpp)
target_link_libraries(footage_osd_layout_tests PRIVATE opencv_freetype)

