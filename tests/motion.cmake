# Unit tests of this area: target_sources(footage_unit_tests PRIVATE ...) / target_sources(footage_e2e_tests PRIVATE ...); defined after both executables.
target_sources(footage_unit_tests PRIVATE motion_test.cpp still_plan_test.cpp)

# Real footage from Debian packages (skipped cleanly when offline).
add_test(NAME fetch_real_clips
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/fetch_real_clips.sh ${FOOTAGE_TESTDATA}/real)
# Part of the "drive" fixture every end-to-end test requires.
set_tests_properties(fetch_real_clips PROPERTIES FIXTURES_SETUP drive TIMEOUT 600)
target_sources(footage_e2e_tests PRIVATE e2e_real_clips_test.cpp)

# Footage where still GOPs can be skipped: small one-second objects, sensor noise, 2 s GOPs.
add_test(NAME generate_still_drive
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gen/make_drive.py --out ${FOOTAGE_TESTDATA}/still
            --profile bench --width 320 --height 180 --hours 0.0333 --active-fraction 0.1
            --box 12 --burst 1)
set_tests_properties(generate_still_drive PROPERTIES FIXTURES_SETUP drive TIMEOUT 600)
target_sources(footage_e2e_tests PRIVATE e2e_still_skip_test.cpp)
