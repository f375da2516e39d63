# Hardening builds (SECURITY.md): sanitizers over everything we compile, and libFuzzer's coverage
# instrumentation for the fuzz targets in tests/fuzz/. Included before any target is defined so
# that footage_lib, the binary and the tests are all built the same way.
option(FOOTAGE_SANITIZE "Build everything with AddressSanitizer (+LeakSanitizer) and UBSan" OFF)
option(FOOTAGE_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)

if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # FFmpeg's AV_TIME_BASE_Q macro is a C compound literal, which clang's -Wpedantic flags in
    # C++; added after footage_warnings' own flags (deferred until it exists) to take effect.
    cmake_language(DEFER CALL target_compile_options footage_warnings INTERFACE
                   -Wno-c99-extensions)
endif()

if(FOOTAGE_SANITIZE)
    # Undefined behaviour stops the program, so a finding cannot scroll by unnoticed.
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

if(FOOTAGE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "FOOTAGE_FUZZ needs clang (CXX=clang++): libFuzzer is part of it")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link)
    if(NOT FOOTAGE_SANITIZE)
        # The coverage callbacks come with a sanitizer runtime, else with this one.
        add_link_options(-fsanitize=fuzzer-no-link)
    endif()
endif()
