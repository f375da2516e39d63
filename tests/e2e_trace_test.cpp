// End to end: `footage trace HIT_ID` on vtest.avi (Debian's opencv-doc: people walking in and
// out of view of one camera), on the object catalog the object tests index once per run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"
#include "tests/support/vtest_objects.hpp"

namespace footage::test {
namespace {

class VtestTrace : public VtestObjectIndex {
  protected:
    static RunResult trace(std::vector<std::string> args) {
        args.insert(args.begin(), {"trace", "--db", s_db});
        return run_footage(args);
    }

    static nlohmann::json people() {
        RunResult run = run_footage({"search", "--db", s_db, "--json", "--object", "person"});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return run.exit_code == 0 ? run.json()["hits"] : nlohmann::json::array();
    }

    // The person whose sighting ends first: a start with the rest of the clip ahead of it.
    static std::string first_person() {
        std::string id;
        std::string end;
        for (const nlohmann::json& hit : people()) {
            if (id.empty() || hit["end"].get<std::string>() < end) {
                id = hit["id"];
                end = hit["end"];
            }
        }
        return id;
    }

    // A person seen in the middle of the clip: a start with sightings before and after it.
    static std::string middle_person() {
        nlohmann::json hits = people();
        return hits.empty() ? std::string() : hits[hits.size() / 2]["id"].get<std::string>();
    }

    // What a user checks of any chain: time order, each step another track of the class, each
    // within reach of the step before it and at least as alike as the floor.
    static void expect_a_sound_chain(const nlohmann::json& result, const std::string& start,
                                     double within_s, double floor) {
        const nlohmann::json& steps = result["steps"];
        std::set<std::string> ids;
        std::string previous_start;
        int starts = 0;
        for (size_t i = 0; i < steps.size(); ++i) {
            const nlohmann::json& step = steps[i];
            EXPECT_EQ(step["kind"], "object");
            EXPECT_EQ(step["label"], "person");
            EXPECT_TRUE(ids.insert(step["id"].get<std::string>()).second) << step["id"];
            EXPECT_GE(step["start"].get<std::string>(), previous_start) << step["id"];
            previous_start = step["start"].get<std::string>();
            if (step["step"] == 0) {
                ++starts;
                EXPECT_EQ(step["id"], start);
                EXPECT_TRUE(step["similarity"].is_null());
                continue;
            }
            EXPECT_GE(step["similarity"].get<double>(), floor) << step["id"];
            EXPECT_LE(step["similarity"].get<double>(), 1.0);
            EXPECT_GE(step["similarity_to_start"].get<double>(), 0.0);
            if (i > 0) {
                EXPECT_GE(step["gap"].get<double>(), 0.0);
                EXPECT_LE(step["gap"].get<double>(), within_s) << step["id"];
            }
        }
        EXPECT_EQ(starts, 1);
        EXPECT_TRUE(steps[0]["gap"].is_null());
        EXPECT_TRUE(result["stopped"]["forward"].is_string());
        EXPECT_FALSE(result["stopped"]["forward"].get<std::string>().empty());
    }
};

TEST_F(VtestTrace, FollowsThePersonForwardStepByStep) {
    const std::string start = first_person();
    ASSERT_FALSE(start.empty());
    RunResult run = trace({start, "--json", "--within", "20s", "--min-similarity", "0.5"});
    ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
    const nlohmann::json result = run.json();
    EXPECT_EQ(result["start"], start);
    EXPECT_EQ(result["query"]["within"], 20.0);
    EXPECT_EQ(result["query"]["min_similarity"], 0.5);
    EXPECT_TRUE(result["stopped"]["backward"].is_null());
    ASSERT_GE(result["steps"].size(), 2u);
    EXPECT_EQ(result["steps"][0]["id"], start);  // forward only: the start comes first
    for (const nlohmann::json& step : result["steps"]) {
        EXPECT_GE(step["step"].get<int>(), 0);
    }
    expect_a_sound_chain(result, start, 20.0, 0.5);

    // The table says the same, and why the chain ends.
    RunResult table = trace({start, "--within", "20s", "--min-similarity", "0.5"});
    EXPECT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("similarity 0."), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("forward: "), std::string::npos) << table.out;
}

TEST_F(VtestTrace, BackwardAddsWhereTheyCameFromBeforeTheStart) {
    const std::string start = middle_person();
    ASSERT_FALSE(start.empty());
    RunResult run = trace({start, "--json", "--backward", "--within", "30s", "--min-similarity",
                           "0.5", "--steps", "3"});
    ASSERT_LE(run.exit_code, 1) << run.err;
    const nlohmann::json result = run.json();
    expect_a_sound_chain(result, start, 30.0, 0.5);
    EXPECT_TRUE(result["stopped"]["backward"].is_string());
    bool before_start = true;
    int back = 0;
    for (const nlohmann::json& step : result["steps"]) {
        const int number = step["step"].get<int>();
        EXPECT_LE(number, 3);
        EXPECT_GE(number, -3);
        if (number == 0) {
            before_start = false;
        }
        EXPECT_EQ(number < 0, before_start) << step["id"];
        back += number < 0 ? 1 : 0;
    }
    EXPECT_GE(back, 1) << result.dump(1);
}

TEST_F(VtestTrace, StopsAtTheFloorAndSaysSo) {
    const std::string start = first_person();
    RunResult run = trace({start, "--json", "--min-similarity", "1"});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    const nlohmann::json result = run.json();
    ASSERT_EQ(result["steps"].size(), 1u);
    EXPECT_EQ(result["steps"][0]["id"], start);
    EXPECT_NE(result["stopped"]["forward"].get<std::string>().find("under the floor 1.000"),
              std::string::npos)
        << result["stopped"];
}

TEST_F(VtestTrace, RefusesWhatIsNotAnObjectHitOfTheCatalog) {
    RunResult unknown = trace({"yard@20200101T100000.000Z+1000ms#person"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("no such object hit"), std::string::npos) << unknown.err;
    RunResult motion = trace({"yard@20200101T100000.000Z+1000ms"});
    EXPECT_EQ(motion.exit_code, 2);
    EXPECT_NE(motion.err.find("not an object hit"), std::string::npos) << motion.err;
    EXPECT_EQ(trace({"not-a-hit"}).exit_code, 2);
    EXPECT_EQ(trace({first_person(), "--min-similarity", "2"}).exit_code, 2);
    EXPECT_EQ(trace({first_person(), "--camera", "nosuch"}).exit_code, 2);
}

TEST_F(VtestTrace, TheReportShowsTheQueryBesideTheGalleryAndTheChain) {
    const std::string start = first_person();
    const std::filesystem::path out = *s_dir / "report-trace";
    RunResult run =
        run_footage({"report", "--db", s_db, "--out", out.string(), "--like", start, "--limit", "3",
                     "--trace", start, "--within", "20s", "--min-similarity", "0.5"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    // Self-contained, every picture shown and decodable, report.json valid against its schema.
    RunResult checked = check_report(out);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    const nlohmann::json report = nlohmann::json::parse(std::ifstream(out / "report.json"));
    ASSERT_EQ(report["hits"].size(), 3u);
    EXPECT_GE(report["hits"][0]["similarity"].get<double>(),
              report["hits"][2]["similarity"].get<double>());
    ASSERT_TRUE(report["reference"].is_object());
    EXPECT_EQ(report["reference"]["id"], start);
    EXPECT_TRUE(std::filesystem::exists(out / report["reference"]["thumbnail"].get<std::string>()));

    const nlohmann::json& trace = report["trace"];
    ASSERT_TRUE(trace.is_object());
    EXPECT_EQ(trace["start"], start);
    ASSERT_GE(trace["steps"].size(), 2u);
    EXPECT_EQ(trace["steps"][0]["step"], 0);
    EXPECT_EQ(trace["steps"][0]["hit"]["id"], start);
    for (const nlohmann::json& step : trace["steps"]) {
        EXPECT_TRUE(std::filesystem::exists(out / step["hit"]["thumbnail"].get<std::string>()));
    }
    EXPECT_TRUE(std::filesystem::exists(out / trace["sheet"].get<std::string>()));
    EXPECT_TRUE(std::filesystem::exists(out / trace["timeline"].get<std::string>()));

    std::ifstream html_file(out / "index.html");
    const std::string html((std::istreambuf_iterator<char>(html_file)),
                           std::istreambuf_iterator<char>());
    EXPECT_NE(html.find("Looking for"), std::string::npos);
    EXPECT_NE(html.find("id=\"trace\""), std::string::npos);
    EXPECT_NE(html.find("data-trace-step=\"1\""), std::string::npos);
    EXPECT_NE(html.find("Forward, the chain ends"), std::string::npos);

    // --within and the like mean nothing without --trace.
    EXPECT_EQ(
        run_footage({"report", "--db", s_db, "--out", (*s_dir / "no").string(), "--within", "20s"})
            .exit_code,
        2);
}

}  // namespace
}  // namespace footage::test
