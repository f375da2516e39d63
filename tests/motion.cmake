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

# Night-like footage: low contrast, strong sensor noise (heavy-tailed packet sizes), one dim
# object for 0.8 s between two keyframes; 30 s of 320x180 (a few seconds to make and index).
add_test(NAME generate_night_drive
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gen/make_drive.py --out ${FOOTAGE_TESTDATA}/night
            --profile night --width 320 --height 180 --hours 0.0084 --box 16 --burst 0.8)
set_tests_properties(generate_night_drive PROPERTIES FIXTURES_SETUP drive TIMEOUT 600)

# Dim indoor footage like issue 22's held-out recording: sensor noise, a slow lighting swell, two
# 1.2-s crossings between keyframes; 60 s of 320x180 (a few seconds to make and index).
add_test(NAME generate_indoor_drive
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gen/make_drive.py --out ${FOOTAGE_TESTDATA}/indoor
            --profile indoor --width 320 --height 180 --hours 0.016667)
set_tests_properties(generate_indoor_drive PROPERTIES FIXTURES_SETUP drive TIMEOUT 600)

# A recorder's burned-in clock across the path of three 4-s crossings, as every real recording
# has one: 60 s of 640x360 (a few seconds to make and index).
add_test(NAME generate_clock_drive
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gen/make_drive.py --out ${FOOTAGE_TESTDATA}/clock
            --profile bench --width 640 --height 360 --hours 0.0167 --active-fraction 0.2
            --burst 4 --clock path)
set_tests_properties(generate_clock_drive PROPERTIES FIXTURES_SETUP drive TIMEOUT 600)
# The same clock over a still scene for 18 s, then one 4-s crossing: 40 s of 640x360 (3 s to make).
add_test(NAME generate_clock_still_drive
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gen/make_drive.py
            --out ${FOOTAGE_TESTDATA}/clock_still --profile bench --width 640 --height 360
            --hours 0.0112 --active-fraction 0.1 --burst 4 --clock path)
set_tests_properties(generate_clock_still_drive PROPERTIES FIXTURES_SETUP drive TIMEOUT 600)
target_sources(footage_e2e_tests PRIVATE e2e_motion_clock_test.cpp)
