# Unit tests of this area: target_sources(footage_unit_tests PRIVATE ...) / target_sources(footage_e2e_tests PRIVATE ...); defined after both executables.
target_sources(footage_unit_tests PRIVATE motion_test.cpp)

# Real footage from Debian packages (skipped cleanly when offline).
add_test(NAME fetch_real_clips
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/fetch_real_clips.sh ${FOOTAGE_TESTDATA}/real)
# Part of the "drive" fixture every end-to-end test requires.
set_tests_properties(fetch_real_clips PROPERTIES FIXTURES_SETUP drive TIMEOUT 600)
target_sources(footage_e2e_tests PRIVATE e2e_real_clips_test.cpp)
