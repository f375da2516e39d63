#pragma once
// Rows of SECURITY.md's results tables, written by the tests that produce them: what was tried,
// what footage did (as observed by the test, not as hoped), and which test shows it.
// tests/hardening/security_table.py renders the rows and checks SECURITY.md is up to date.
#include <string>

namespace footage::test {

// Appends one row for the running test to $FOOTAGE_RESULTS_DIR (else the build's default).
void record_result(const std::string& group, const std::string& tried, const std::string& result);

}  // namespace footage::test
