// Defaults for the sanitizer runtimes in a FOOTAGE_SANITIZE build ($ASAN_OPTIONS etc. still
// override them). A finding exits with 86, which no footage contract uses (0/1/2 do), and is
// also written under FOOTAGE_SANITIZER_REPORTS, where the suite's last test looks for it.

extern "C" {

const char* __asan_default_options() {
    return "exitcode=86:detect_leaks=1:detect_stack_use_after_return=1:"
           "check_initialization_order=1:log_path=" FOOTAGE_SANITIZER_REPORTS "/asan";
}

const char* __ubsan_default_options() {
    return "exitcode=86:print_stacktrace=1:halt_on_error=1:log_path=" FOOTAGE_SANITIZER_REPORTS
           "/ubsan";
}

// Leaks inside third-party libraries only; never footage's own code.
const char* __lsan_default_suppressions() { return ""; }

}  // extern "C"
