# Tests of this area: target_sources(footage_unit_tests PRIVATE ...) / target_sources(footage_e2e_tests PRIVATE ...); defined after both executables.
target_sources(footage_unit_tests PRIVATE report_test.cpp)
target_sources(footage_e2e_tests PRIVATE e2e_report_test.cpp)

# The examples/case scripts, run against the generated drive (the second uses the first's bags).
set(FOOTAGE_EXAMPLES_WORK ${CMAKE_BINARY_DIR}/testdata/examples-case)
add_test(NAME example_run_case
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_examples_test.sh run-case $<TARGET_FILE:footage>
            ${FOOTAGE_TESTDATA}/drive ${FOOTAGE_EXAMPLES_WORK} ${PROJECT_SOURCE_DIR})
set_tests_properties(example_run_case PROPERTIES
    FIXTURES_REQUIRED drive FIXTURES_SETUP example_case TIMEOUT 600)
add_test(NAME example_reverify_bags
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_examples_test.sh reverify $<TARGET_FILE:footage>
            ${FOOTAGE_TESTDATA}/drive ${FOOTAGE_EXAMPLES_WORK} ${PROJECT_SOURCE_DIR})
set_tests_properties(example_reverify_bags PROPERTIES
    FIXTURES_REQUIRED "drive;example_case" TIMEOUT 600)
