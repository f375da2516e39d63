#pragma once
// vtest.avi (Debian's opencv-doc: people walking on a campus, a parked van and car) indexed with
// --objects once per test run and shared by the suites that read its object index
// (tests/e2e_objects_test.cpp, tests/e2e_appearance_test.cpp): whichever suite comes first
// makes it; each test process works on its own copy of the catalog.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/object_model.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"

namespace footage::test {

inline std::filesystem::path vtest() {
    const char* env = std::getenv("FOOTAGE_TESTDATA");
    return std::filesystem::path(env != nullptr ? env : FOOTAGE_TESTDATA_DEFAULT) / "real" /
           "vtest.avi";
}

// Why a test on vtest.avi with the detector cannot run here, or "" when it can.
inline std::string vtest_with_model_missing() {
    if (std::string why = object_model_missing(); !why.empty()) {
        return why;
    }
    return std::filesystem::exists(vtest())
               ? ""
               : vtest().string() + " is missing (scripts/fetch_real_clips.sh)";
}

// A suite on the shared index: s_db is this process's copy, s_index the indexing run.
class VtestObjectIndex : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_skip = vtest_with_model_missing();
        if (!s_skip.empty()) {
            return;
        }
        s_dir = new TempDir();
        s_db = (*s_dir / "footage.db").string();
        nlohmann::json shared =
            shared_fixture("vtest-objects", [](const std::filesystem::path& dir) {
                const std::string catalog = (dir / "footage.db").string();
                RunResult run =
                    run_footage({"index", "--db", catalog, "--tz", "UTC", "--camera", "yard",
                                 "--start", "2020-01-01 10:00:00", "--objects", vtest().string()});
                return nlohmann::json{{"catalog", catalog}, {"run", to_json(run)}};
            });
        s_index = run_result(shared["run"]);
        copy_catalog(shared["catalog"].get<std::string>(), s_db);
    }

    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }

    void SetUp() override {
        if (!s_skip.empty()) {
            GTEST_SKIP() << s_skip;
        }
        ASSERT_EQ(s_index.exit_code, 0) << s_index.err;
    }

    static inline std::string s_skip;
    static inline TempDir* s_dir = nullptr;
    static inline std::string s_db;
    static inline RunResult s_index;
};

}  // namespace footage::test
