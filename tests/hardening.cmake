# Hardening (SECURITY.md): fuzz targets, fault-injection and hostile-input tests, and the
# SECURITY.md results table, which is rendered from the rows these tests write.
set(FOOTAGE_SANITIZER_REPORTS ${CMAKE_BINARY_DIR}/sanitizer-reports)

# Sanitizer defaults (exit code, LeakSanitizer suppressions for third-party libraries) are
# compiled into every program of a FOOTAGE_SANITIZE build, so a plain `ctest` gets them too.
set(footage_sanitized_programs footage footage_unit_tests footage_e2e_tests)

footage_test_executable(footage_hardening_tests FIXTURE drive LABEL e2e TIMEOUT 900
    SOURCES support/run_footage.cpp support/hardening_results.cpp support/shared_fixture.cpp
            e2e_faults_test.cpp e2e_hostile_test.cpp e2e_drive_test.cpp e2e_repair_test.cpp)
list(APPEND footage_sanitized_programs footage_hardening_tests)

# Fuzz targets: libFuzzer when FOOTAGE_FUZZ (a short run each), else a replay of the corpus.
set(FOOTAGE_FUZZ_SECONDS 8 CACHE STRING "Seconds each fuzz target runs in the test suite")
set(footage_fuzz_targets name_pattern time verify bag packets_csv custody probe_index mp4_repair
    onnx_graph)
foreach(target ${footage_fuzz_targets})
    add_executable(footage_fuzz_${target} fuzz/fuzz_${target}.cpp)
    target_link_libraries(footage_fuzz_${target} PRIVATE footage_lib footage_warnings)
    if(FOOTAGE_FUZZ)
        target_link_options(footage_fuzz_${target} PRIVATE -fsanitize=fuzzer)
        set(mode fuzz)
    else()
        target_sources(footage_fuzz_${target} PRIVATE fuzz/replay_main.cpp)
        set(mode replay)
    endif()
    list(APPEND footage_sanitized_programs footage_fuzz_${target})
    add_test(NAME fuzz.${target}
        COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/run_fuzz.sh ${mode}
                $<TARGET_FILE:footage_fuzz_${target}> ${target}
                ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${target}
                ${CMAKE_BINARY_DIR}/fuzz-work/${target} ${FOOTAGE_RESULTS} ${FOOTAGE_FUZZ_SECONDS})
    set_tests_properties(fuzz.${target} PROPERTIES FIXTURES_REQUIRED drive TIMEOUT 600)
endforeach()

if(FOOTAGE_SANITIZE)
    foreach(program ${footage_sanitized_programs})
        target_sources(${program} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/hardening/sanitizer_defaults.cpp)
        target_compile_definitions(${program} PRIVATE
            FOOTAGE_SANITIZER_REPORTS="${FOOTAGE_SANITIZER_REPORTS}")
    endforeach()
endif()

# Every test requires the "drive" fixture, or (the unit tests) "results": the reset runs before
# all of them and the table check after all of them. (gtest_discover_tests cannot pass a list of
# fixtures, so the rows share the drive's fixture.)
# The results of this run, rendered into SECURITY.md's tables and compared with the committed
# ones (`tests/hardening/security_table.py --write` updates them).
set(groups faults hostile)
if(FOOTAGE_FUZZ)
    list(APPEND groups fuzz)
else()
    list(APPEND groups fuzz-replay)
endif()
if(FOOTAGE_SANITIZE)
    list(APPEND groups sanitizers)
endif()
string(REPLACE ";" "," groups "${groups}")
add_test(NAME hardening_results_reset
    COMMAND /bin/sh -c "rm -rf '${FOOTAGE_RESULTS}' '${FOOTAGE_SANITIZER_REPORTS}' '${FOOTAGE_TESTDATA}/shared' && mkdir -p '${FOOTAGE_RESULTS}' '${FOOTAGE_SANITIZER_REPORTS}' && chmod 1777 '${FOOTAGE_RESULTS}' '${FOOTAGE_SANITIZER_REPORTS}'")
set_tests_properties(hardening_results_reset PROPERTIES FIXTURES_SETUP "drive;results")
add_test(NAME security_table_up_to_date
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/hardening/security_table.py
            --results ${FOOTAGE_RESULTS} --reports ${FOOTAGE_SANITIZER_REPORTS}
            --security ${PROJECT_SOURCE_DIR}/SECURITY.md --groups ${groups})
set_tests_properties(security_table_up_to_date PROPERTIES FIXTURES_CLEANUP "drive;results")
