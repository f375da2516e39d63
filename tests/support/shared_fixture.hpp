#pragma once
// Set-up that every test process of a suite would repeat (gtest_discover_tests runs each test in
// a process of its own, so SetUpTestSuite runs once per test): indexing the drive, cutting the
// bags the tests only read, indexing vtest.avi with the detector. It is done once per test run
// instead: the first process builds it in $FOOTAGE_TESTDATA/shared/NAME under a lock, the
// others wait for it and reuse it. What was built is read-only for the tests; a test that
// writes to a catalog works on its own copy (copy_catalog).
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/run_footage.hpp"

namespace footage::test {

// Runs `build` in the shared folder NAME unless a previous process of this test run (same
// binary, same generated drive) already did, and returns what `build` returned. The folder is
// rebuilt from scratch when the footage binary or the drive changed since.
nlohmann::json shared_fixture(const std::string& name,
                              const std::function<nlohmann::json(const std::filesystem::path& dir)>& build);

// A catalog file (with its WAL, if any) copied to `to`, for a test that adds to it.
void copy_catalog(const std::filesystem::path& from, const std::filesystem::path& to);

// The generated drive indexed as the suites index it (`index --tz Asia/Ho_Chi_Minh -q DRIVE`),
// once per test run: the catalog to copy (never to write) and how that run ended.
struct IndexedDrive {
    std::filesystem::path catalog;
    RunResult run;
};
IndexedDrive indexed_drive();

// A RunResult as JSON and back, for keeping a set-up step's outcome with the shared folder.
nlohmann::json to_json(const RunResult& run);
RunResult run_result(const nlohmann::json& json);

}  // namespace footage::test
