# The OSD clock reader (indexers/osd) over generated clips with a burned-in recorder clock,
# made once per test run by tests/gen/make_osd_clips.py with their truth in cases.json.
add_test(NAME generate_osd_clips
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gen/make_osd_clips.py
            --out ${FOOTAGE_TESTDATA}/osd)
set_tests_properties(generate_osd_clips PROPERTIES FIXTURES_SETUP osd_clips TIMEOUT 600)

add_executable(footage_osd_tests osd_reader_test.cpp)
target_link_libraries(footage_osd_tests PRIVATE footage_lib footage_warnings GTest::gtest_main)
target_compile_definitions(footage_osd_tests PRIVATE
    FOOTAGE_TESTDATA_DEFAULT="${FOOTAGE_TESTDATA}")
gtest_discover_tests(footage_osd_tests DISCOVERY_TIMEOUT 60
    PROPERTIES FIXTURES_REQUIRED osd_clips TIMEOUT 300)
