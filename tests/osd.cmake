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
