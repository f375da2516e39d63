// End to end: `footage report` over a generated case with bags that are intact, gone and
// tampered with. The folder is self-contained, every picture it shows exists and decodes, the
// hits are exactly those `footage search` finds, report.json validates against the schema in the
// repo, the custody log gains an export entry that pins report.json, and headless Chromium
// renders the page (screenshot and A4 PDF) with every image loaded.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "lib/catalog/sqlite.hpp"
#include "lib/evidence/sha256.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";
const char* kCase = "C-17";

std::string chromium() {
    for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
        if (fs::exists(candidate)) {
            return candidate;
        }
    }
    return "";
}

class Report : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<TempDir>();
        IndexedDrive indexed = indexed_drive();
        ASSERT_EQ(indexed.run.exit_code, 1) << indexed.run.err;  // the drive holds broken files
        // The case (bags and the report the tests read) is made once per test run; each test
        // process then works on its own copy of the catalog.
        nlohmann::json shared = shared_fixture("report", [&](const fs::path& dir) {
            s_work = dir;
            copy_catalog(indexed.catalog, db());
            nlohmann::json made;
            made["keygen"] = to_json(run_footage({"keygen", "--out", key().string()}));
            made["intact"] = clip({"--camera", "ch01", "--from", "2020-11-03 14:00:27", "--to",
                                   "2020-11-03 14:00:33", "--case", kCase, "--sign",
                                   key().string()});
            made["gone"] = clip({"--camera", "ch01", "--from", "2020-11-03 14:00:10", "--to",
                                 "2020-11-03 14:00:16", "--case", kCase});
            made["tampered"] = clip({"--camera", "ch02", "--from", "2020-11-03 14:00:19", "--to",
                                     "2020-11-03 14:00:22", "--case", kCase});
            made["other_case"] = clip({"--camera", "ch02", "--from", "2020-11-03 14:00:19",
                                       "--to", "2020-11-03 14:00:22", "--case", "C-99"});
            if (made["gone"] != "") {
                fs::remove_all(made["gone"].get<std::string>());
            }
            if (made["tampered"] != "") {
                for (const fs::directory_entry& entry : fs::directory_iterator(
                         fs::path(made["tampered"].get<std::string>()) / "data")) {
                    if (entry.path().extension() == ".mp4") {
                        flip_byte(entry.path(), 1000);
                    }
                }
            }
            made["run"] = to_json(report({"--out", report_dir().string(), "--case", kCase,
                                          "--operator", "Sgt. Tran", "--pubkey",
                                          key().string() + ".pub", "--json"}));
            made["report_dir"] = report_dir().string();
            made["catalog"] = db();
            return made;
        });
        ASSERT_EQ(shared["keygen"]["exit_code"], 0) << shared["keygen"]["err"];
        s_intact = shared["intact"];
        s_gone = shared["gone"];
        s_tampered = shared["tampered"];
        s_other_case = shared["other_case"];
        ASSERT_FALSE(s_intact.empty() || s_gone.empty() || s_tampered.empty() ||
                     s_other_case.empty());
        s_run = run_result(shared["run"]);
        ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
        s_report_dir = shared["report_dir"].get<std::string>();
        s_work = s_dir->path();
        copy_catalog(shared["catalog"].get<std::string>(), db());
        s_json = read_json(report_dir() / "report.json");
        s_html = read_file(report_dir() / "index.html");
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    // The catalog and bags of this process (or, while the shared case is made, of that).
    static std::string db() { return (s_work / "footage.db").string(); }
    // The case's report, shared by every test: read it, or copy it to change it.
    static fs::path report_dir() {
        return s_report_dir.empty() ? s_work / "case file C-17" : s_report_dir;
    }
    // The case's signing key pair (made with the shared case).
    static fs::path key() { return s_work / "case.key"; }

    // Makes a bag and returns its path ("" when clip failed).
    static std::string clip(std::vector<std::string> args) {
        args.insert(args.begin(), {"clip", "--db", db(), "--tz", kZone, "--json", "--out",
                                   (s_work / "bags").string()});
        RunResult run = run_footage(args);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return run.exit_code == 0 ? run.json()["bag"].get<std::string>() : "";
    }

    static RunResult report(std::vector<std::string> args) {
        args.insert(args.begin(), {"report", "--db", db(), "--tz", kZone});
        return run_footage(args);
    }

    static nlohmann::json custody() {
        RunResult log = run_footage({"log", "--db", db(), "--json"});
        EXPECT_EQ(log.exit_code, 0) << log.err;
        return log.json()["entries"];
    }

    static std::unique_ptr<TempDir> s_dir;
    static inline fs::path s_work;
    static inline fs::path s_report_dir;
    static std::string s_intact, s_gone, s_tampered, s_other_case;
    static RunResult s_run;
    static nlohmann::json s_json;
    static std::string s_html;
    TempDir m_dir;
};

std::unique_ptr<TempDir> Report::s_dir;
std::string Report::s_intact, Report::s_gone, Report::s_tampered, Report::s_other_case;
RunResult Report::s_run;
nlohmann::json Report::s_json;
std::string Report::s_html;

TEST_F(Report, EveryImageExistsAndDecodesAndTheJsonValidatesAgainstTheSchema) {
    RunResult checked = check_report(report_dir());
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    nlohmann::json summary = checked.json();
    const nlohmann::json hits = s_json["hits"];
    const nlohmann::json cameras = s_json["cameras"];
    ASSERT_FALSE(hits.empty());
    // A chart per camera, and a thumbnail and a contact sheet per hit, every one shown.
    EXPECT_EQ(summary["svg"].get<size_t>(), cameras.size());
    EXPECT_EQ(summary["jpeg"].get<size_t>(), 2 * hits.size());
    for (const nlohmann::json& hit : hits) {
        EXPECT_FALSE(hit["thumbnail"].is_null()) << hit.dump();
        EXPECT_EQ(hit["contact_sheet"]["frames"].size(), 6u) << hit.dump();
    }
}

TEST_F(Report, CoverageShowsWhatEachCameraRecordedItsGapsAndItsMotion) {
    std::map<std::string, nlohmann::json> cameras;
    for (const nlohmann::json& camera : s_json["cameras"]) {
        cameras[camera["id"]] = camera;
    }
    // The drive: ch01 two consecutive 30 s files, ch02 one 30 s file, all from 14:00:00.
    EXPECT_EQ(s_json["period"]["start"], "2020-11-03T14:00:00+07:00");
    EXPECT_EQ(s_json["period"]["end"], "2020-11-03T14:01:00+07:00");
    const nlohmann::json ch01 = cameras["ch01"];
    EXPECT_EQ(ch01["recordings"], 2);
    ASSERT_EQ(ch01["recorded"].size(), 1u) << ch01["recorded"].dump();
    EXPECT_EQ(ch01["recorded"][0]["start"], "2020-11-03T14:00:00+07:00");
    EXPECT_EQ(ch01["recorded"][0]["end"], "2020-11-03T14:01:00+07:00");
    EXPECT_TRUE(ch01["gaps"].empty());
    const nlohmann::json ch02 = cameras["ch02"];
    ASSERT_EQ(ch02["gaps"].size(), 1u);
    EXPECT_EQ(ch02["gaps"][0]["start"], "2020-11-03T14:00:30+07:00");
    EXPECT_EQ(ch02["gaps"][0]["end"], "2020-11-03T14:01:00+07:00");
    // Motion density: ch01 moves 10-16 s and 27-33 s; cam04 never moves.
    const double bin = ch01["motion_density"]["bin_seconds"];
    const nlohmann::json density = ch01["motion_density"]["values"];
    EXPECT_GT(density[static_cast<size_t>(13.0 / bin)].get<double>(), 0.5);
    EXPECT_EQ(density[static_cast<size_t>(5.0 / bin)].get<double>(), 0.0);
    EXPECT_EQ(density[static_cast<size_t>(45.0 / bin)].get<double>(), 0.0);
    for (const nlohmann::json& value : cameras["cam04"]["motion_density"]["values"]) {
        EXPECT_EQ(value.get<double>(), 0.0);
    }
    // Each chart shows the gaps and the hits of its camera.
    std::string chart = read_file(report_dir() / ch02["chart"].get<std::string>());
    EXPECT_NE(chart.find("class=\"gap\""), std::string::npos);
    EXPECT_NE(chart.find("class=\"hit\""), std::string::npos);
    EXPECT_NE(chart.find("class=\"motion\""), std::string::npos);
}

TEST_F(Report, TheCheckerNoticesAMissingImageAndJsonThatBreaksTheSchema) {
    fs::path copy = m_dir / "copy";
    fs::copy(report_dir(), copy, fs::copy_options::recursive);
    fs::remove(copy / s_json["hits"][0]["thumbnail"].get<std::string>());
    nlohmann::json broken = s_json;
    broken["hits"][0]["start"] = "yesterday";
    std::ofstream(copy / "report.json") << broken.dump();
    RunResult checked = check_report(copy);
    EXPECT_EQ(checked.exit_code, 1);
    EXPECT_NE(checked.err.find(": missing"), std::string::npos) << checked.err;
    EXPECT_NE(checked.err.find("does not match"), std::string::npos) << checked.err;
}

TEST_F(Report, TheHitsAreExactlyWhatSearchFindsAndEachIsInTheHtml) {
    RunResult searched = run_footage({"search", "--db", db(), "--tz", kZone, "--json"});
    ASSERT_EQ(searched.exit_code, 0) << searched.err;
    nlohmann::json found = searched.json()["hits"];
    std::vector<std::string> expected;
    for (const nlohmann::json& hit : found) {
        expected.push_back(hit["id"]);
    }
    std::vector<std::string> reported;
    for (const nlohmann::json& hit : s_json["hits"]) {
        reported.push_back(hit["id"]);
        EXPECT_NE(s_html.find("data-hit-id=\"" + hit["id"].get<std::string>() + "\""),
                  std::string::npos)
            << hit["id"];
        EXPECT_NE(s_html.find(hit["start"].get<std::string>()), std::string::npos);
    }
    EXPECT_EQ(reported, expected);
    EXPECT_EQ(s_run.json()["hits"].get<size_t>(), expected.size());
}

TEST_F(Report, FiltersSelectHitsExactlyAsSearchDoes) {
    const std::vector<std::string> filters = {"--camera",       "1",
                                              "--from",         "2020-11-03 14:00:05",
                                              "--to",           "2020-11-03 14:01:00",
                                              "--region",       "0,0,1,0.5",
                                              "--min-duration", "2s",
                                              "--limit",        "1"};
    std::vector<std::string> search_args = {"search", "--db", db(), "--tz", kZone, "--json"};
    search_args.insert(search_args.end(), filters.begin(), filters.end());
    RunResult searched = run_footage(search_args);
    ASSERT_EQ(searched.exit_code, 0) << searched.err;
    nlohmann::json expected = searched.json();

    std::vector<std::string> report_args = {"--out", (m_dir / "r").string(), "--case", kCase};
    report_args.insert(report_args.end(), filters.begin(), filters.end());
    RunResult made = report(report_args);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    nlohmann::json reported = read_json(m_dir / "r/report.json");
    ASSERT_EQ(reported["hits"].size(), 1u);
    EXPECT_EQ(reported["hits"][0]["id"], expected["hits"][0]["id"]);
    EXPECT_EQ(reported["hits_total"], expected["total"]);
    EXPECT_EQ(reported["filters"]["cameras"], nlohmann::json::array({"ch01"}));
    EXPECT_EQ(reported["filters"]["from"], "2020-11-03T14:00:05+07:00");
    // The period charted is the filter's window; only ch01 is charted.
    EXPECT_EQ(reported["period"]["start"], "2020-11-03T14:00:05+07:00");
    ASSERT_EQ(reported["cameras"].size(), 1u);
    EXPECT_EQ(reported["cameras"][0]["id"], "ch01");
}

TEST_F(Report, EveryBagOfTheCaseIsListedWithItsStatusInHtmlAndJson) {
    std::map<std::string, std::string> status;
    for (const nlohmann::json& bag : s_json["bags"]) {
        status[bag["path"]] = bag["status"];
        EXPECT_NE(s_html.find(bag["path"].get<std::string>()), std::string::npos) << bag["path"];
        EXPECT_NE(s_html.find(bag["tagmanifest_sha256"].get<std::string>()), std::string::npos);
    }
    EXPECT_EQ(status.size(), 3u);
    EXPECT_EQ(status[s_intact], "intact");
    EXPECT_EQ(status[s_gone], "missing");
    EXPECT_EQ(status[s_tampered], "not intact");
    EXPECT_EQ(status.count(s_other_case), 0u) << "a bag of another case is listed";
    EXPECT_EQ(s_html.find(s_other_case), std::string::npos);
    // The intact bag's payload hashes are listed as its manifest states them.
    for (const nlohmann::json& bag : s_json["bags"]) {
        if (bag["path"] == s_intact) {
            std::string manifest = read_file(fs::path(s_intact) / "manifest-sha256.txt");
            ASSERT_FALSE(bag["files"].empty());
            for (const nlohmann::json& file : bag["files"]) {
                EXPECT_NE(manifest.find(file["sha256"].get<std::string>() + "  " +
                                        file["file"].get<std::string>()),
                          std::string::npos);
                EXPECT_NE(s_html.find(file["sha256"].get<std::string>()), std::string::npos);
            }
        }
    }
    EXPECT_EQ(s_run.json()["bags_not_intact"], 2);
}

TEST_F(Report, TheCustodyLogGainsAnExportEntryPinningReportJsonAndStillVerifies) {
    nlohmann::json entries = custody();
    const int64_t seq = s_run.json()["custody_seq"];
    ASSERT_GE(seq, 2);
    ASSERT_GE(entries.size(), static_cast<size_t>(seq));
    // The report shows the log as it stood just before its own entry.
    EXPECT_EQ(s_json["custody"]["entries"].size(), static_cast<size_t>(seq - 1));
    EXPECT_EQ(s_json["custody"]["head_sha256"],
              entries[static_cast<size_t>(seq - 2)]["entry_sha256"]);
    const nlohmann::json& exported = entries[static_cast<size_t>(seq - 1)];
    EXPECT_EQ(exported["seq"], seq);
    EXPECT_EQ(exported["action"], "export");
    EXPECT_EQ(exported["operator"], "Sgt. Tran");
    EXPECT_EQ(exported["details"]["report"], fs::absolute(report_dir()).string());
    EXPECT_EQ(exported["details"]["report_json_sha256"],
              evidence::sha256_file(report_dir() / "report.json"));
    EXPECT_EQ(exported["details"]["index_html_sha256"],
              evidence::sha256_file(report_dir() / "index.html"));
    RunResult verified = run_footage({"log", "--db", db(), "--verify"});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(Report, AnExistingFolderIsNeverOverwritten) {
    const std::string before = evidence::sha256_file(report_dir() / "index.html");
    const size_t entries = custody().size();
    RunResult again = report({"--out", report_dir().string(), "--case", kCase});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
    EXPECT_EQ(evidence::sha256_file(report_dir() / "index.html"), before);
    EXPECT_EQ(custody().size(), entries);
    EXPECT_FALSE(fs::exists(report_dir().string() + ".partial"));
    // An empty folder is not overwritten either.
    fs::create_directory(m_dir / "empty");
    EXPECT_EQ(report({"--out", (m_dir / "empty").string()}).exit_code, 2);
    EXPECT_TRUE(fs::is_empty(m_dir / "empty"));
}

TEST_F(Report, AnUnreadableCatalogIsAUsageErrorAndLeavesNothing) {
    RunResult run = run_footage(
        {"report", "--db", (m_dir / "none.db").string(), "--out", (m_dir / "r").string()});
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_FALSE(fs::exists(m_dir / "r"));
    EXPECT_FALSE(fs::exists(m_dir / "none.db"));
    std::ofstream(m_dir / "junk.db") << "not a catalog";
    run = run_footage(
        {"report", "--db", (m_dir / "junk.db").string(), "--out", (m_dir / "r").string()});
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_FALSE(fs::exists(m_dir / "r"));
    EXPECT_FALSE(fs::exists(m_dir / "r.partial"));
}

TEST_F(Report, NoHitsIsStillAValidReportThatSaysSo) {
    RunResult made = report({"--out", (m_dir / "r").string(), "--camera", "cam04", "--json"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    nlohmann::json json = read_json(m_dir / "r/report.json");
    EXPECT_TRUE(json["hits"].empty());
    EXPECT_EQ(json["cameras"].size(), 1u);
    EXPECT_NE(read_file(m_dir / "r/index.html").find("No hits"), std::string::npos);
    RunResult checked = check_report(m_dir / "r");
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
}

// Names on a drive are data: markup characters and bytes that are not UTF-8 must reach the page
// as text. (`footage index` cannot yet take a non-UTF-8 path: its custody entry fails to
// serialise; so the catalog is pointed at the renamed file directly, as a fixed index would.)
TEST_F(Report, NamesFromTheDriveAreEscapedInTheHtml) {
    const std::string hostile = "evil <b>x</b> & \"q\" 'a'";
    fs::path dir = m_dir / hostile;
    fs::create_directories(dir);
    fs::path file = dir / "<img src=x onerror=alert(1)>.mp4";
    fs::copy_file(generated_drive() / "NVR_ch2_main_20201103140000_20201103140030.mp4", file);
    std::string db_path = (m_dir / "hostile.db").string();
    RunResult indexed =
        run_footage({"index", "--db", db_path, "--tz", kZone, "--camera", "cam<&>\"'", "--start",
                     "2020-11-03 14:00:00", "-q", file.string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    fs::path not_utf8 = dir / "<img src=x onerror=alert(1)> \xff\xfe.mp4";
    fs::rename(file, not_utf8);
    {
        catalog::Database db(db_path, catalog::Database::Mode::read_write_create);
        db.prepare("UPDATE recordings SET path = ? WHERE path = ?")
            .bind(1, not_utf8.string())
            .bind(2, file.string())
            .run();
        ASSERT_EQ(db.changes(), 1);
    }
    RunResult made = run_footage({"report", "--db", db_path, "--tz", kZone, "--out",
                                  (m_dir / "r").string(), "--operator", "<O'Brien & \"Co\">"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::string html = read_file(m_dir / "r/index.html");
    nlohmann::json json = read_json(m_dir / "r/report.json");
    ASSERT_FALSE(json["hits"].empty());
    EXPECT_FALSE(json["hits"][0]["thumbnail"].is_null()) << json["hits"][0].dump();
    EXPECT_EQ(html.find("<b>x</b>"), std::string::npos);
    EXPECT_EQ(html.find("<img src=x"), std::string::npos);
    EXPECT_EQ(html.find("cam<&>"), std::string::npos);
    EXPECT_EQ(html.find("<O'Brien"), std::string::npos);
    EXPECT_EQ(html.find('\xff'), std::string::npos);
    EXPECT_NE(html.find("evil &lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot; &#39;a&#39;/&lt;img "
                        "src=x onerror=alert(1)&gt; \xef\xbf\xbd\xef\xbf\xbd.mp4"),
              std::string::npos);
    EXPECT_NE(html.find("cam&lt;&amp;&gt;&quot;&#39;"), std::string::npos);
    EXPECT_NE(html.find("&lt;O&#39;Brien &amp; &quot;Co&quot;&gt;"), std::string::npos);
    RunResult checked = check_report(m_dir / "r");
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    // The chart names the camera too, and is well-formed XML (check_report parses it).
    std::string chart = read_file(m_dir / "r" / json["cameras"][0]["chart"].get<std::string>());
    EXPECT_EQ(chart.find("cam<&>"), std::string::npos);
    EXPECT_NE(chart.find("cam&lt;&amp;&gt;"), std::string::npos);
}

// The page is read by a prosecutor, not an engineer.
TEST_F(Report, TheHtmlReadsForSomeoneWhoIsNotAnEngineer) {
    // Where: words and a sketch of the frame, not fractions; the score explained, not raw.
    EXPECT_FALSE(std::regex_search(s_html, std::regex(R"(x [01]\.[0-9]{3}, y [01]\.[0-9]{3})")));
    EXPECT_EQ(s_html.find("<th>Score</th>"), std::string::npos);
    EXPECT_NE(s_html.find("<th>How much moved</th>"), std::string::npos);
    EXPECT_NE(s_html.find("of the picture"), std::string::npos);
    // Each hit: a sketch of the frame, and its picture captioned with the camera and time.
    for (size_t i = 0; i < s_json["hits"].size(); ++i) {
        const nlohmann::json& hit = s_json["hits"][i];
        const size_t article = s_html.find("data-hit-id=\"" + hit["id"].get<std::string>() + "\"");
        ASSERT_NE(article, std::string::npos);
        const std::string body =
            s_html.substr(article, s_html.find("</article>", article) - article);
        EXPECT_NE(body.find("<svg class=\"sketch\""), std::string::npos) << body;
        EXPECT_NE(body.find("<figcaption>Hit " + std::to_string(i + 1) + ": camera " +
                            hit["camera"].get<std::string>() + ", " +
                            hit["peak"].get<std::string>() + "</figcaption>"),
                  std::string::npos)
            << body;
    }
    // What moved is outlined by one box drawn around it, not covered by a red grid.
    for (const nlohmann::json& hit : s_json["hits"]) {
        RunResult decoded =
            run_program("ffmpeg", {"-v", "error", "-nostdin", "-i",
                                   (report_dir() / hit["thumbnail"].get<std::string>()).string(),
                                   "-f", "rawvideo", "-pix_fmt", "bgr24", "-"});
        ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
        ASSERT_FALSE(decoded.out.empty());
        int64_t red = 0;
        int64_t outline = 0;
        for (size_t i = 0; i + 2 < decoded.out.size(); i += 3) {
            const int b = static_cast<unsigned char>(decoded.out[i]);
            const int g = static_cast<unsigned char>(decoded.out[i + 1]);
            const int r = static_cast<unsigned char>(decoded.out[i + 2]);
            red += r > 180 && g < 90 && b < 90 ? 1 : 0;
            outline += b > 110 && r < 80 && b > g + 40 ? 1 : 0;
        }
        EXPECT_EQ(red, 0) << hit["thumbnail"];
        EXPECT_GT(outline, 0) << hit["thumbnail"] << ": no outline";
    }
    // Gaps are what they are: not in the export.
    EXPECT_NE(s_html.find("not in the export"), std::string::npos);
    EXPECT_EQ(s_html.find("Gap from"), std::string::npos);
    // The custody log is a table of time, action, operator and what, each hash whole in one
    // monospace block (no break-all that wraps it every few characters).
    EXPECT_NE(s_html.find("<th>#</th><th>Time</th><th>Action</th><th>Operator</th><th>What</th>"),
              std::string::npos);
    EXPECT_EQ(s_html.find("break-all"), std::string::npos);
    for (const nlohmann::json& entry : s_json["custody"]["entries"]) {
        EXPECT_NE(s_html.find("<code class=\"hashblock\">" +
                              entry["entry_sha256"].get<std::string>() + "</code>"),
                  std::string::npos)
            << entry.dump();
    }
    EXPECT_NE(s_html.find("Recording " + generated_drive().string()), std::string::npos)
        << "an acquire entry is not told in words";
    // Every source recording of the period, with its full SHA-256, as `recordings` has it.
    RunResult recordings = run_footage({"recordings", "--db", db(), "--json"});
    ASSERT_EQ(recordings.exit_code, 0) << recordings.err;
    std::set<std::string> expected, listed;
    const nlohmann::json all = recordings.json()["recordings"];
    for (const nlohmann::json& recording : all) {
        if (recording["status"] == "ok" && !recording["camera"].is_null()) {
            expected.insert(recording["sha256"].get<std::string>());
        }
    }
    for (const nlohmann::json& camera : s_json["cameras"]) {
        for (const nlohmann::json& source : camera["source_recordings"]) {
            listed.insert(source["sha256"].get<std::string>());
            EXPECT_NE(
                s_html.find("<code class=\"hashblock\">" + source["sha256"].get<std::string>()),
                std::string::npos);
        }
    }
    EXPECT_EQ(listed, expected);
    // Signatures are checked with --pubkey and shown.
    for (const nlohmann::json& bag : s_json["bags"]) {
        const std::string signature = bag["signature"]["status"];
        EXPECT_EQ(signature, bag["path"] == s_intact     ? "valid"
                             : bag["path"] == s_tampered ? "not signed"
                                                         : "not checked")
            << bag.dump();
    }
    EXPECT_NE(s_html.find("signature valid"), std::string::npos);
}

// Every clock offset is on the record: who declared it and when; one set before offsets were
// logged says so; a bag cut before a change is explained next to its hit.
TEST_F(Report, ClockOffsetsShowWhoSetThemAndExplainBagsCutBefore) {
    const std::string copy = (m_dir / "offset.db").string();
    for (const char* suffix : {"", "-wal"}) {
        if (fs::exists(db() + suffix)) {
            fs::copy_file(db() + suffix, copy + suffix);
        }
    }
    RunResult declared = run_footage({"cameras", "--db", copy, "--camera", "1", "--clock-offset",
                                      "+2s", "--operator", "Det. Ng"});
    ASSERT_EQ(declared.exit_code, 0) << declared.err;
    {  // An older catalog: ch02's offset was stored before offsets were logged.
        catalog::Database database(copy, catalog::Database::Mode::read_write_create);
        database.prepare("UPDATE cameras SET clock_offset_us = -1000000 WHERE id = 'ch02'").run();
    }
    const fs::path out = m_dir / "r";
    RunResult made = run_footage(
        {"report", "--db", copy, "--tz", kZone, "--out", out.string(), "--case", kCase});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    RunResult checked = check_report(out);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    const nlohmann::json json = read_json(out / "report.json");
    const std::string html = read_file(out / "index.html");
    std::map<std::string, nlohmann::json> clocks;
    for (const nlohmann::json& camera : json["cameras"]) {
        clocks[camera["id"]] = camera["clock_offset"];
    }
    EXPECT_EQ(clocks["ch01"]["seconds"], 2.0);
    EXPECT_EQ(clocks["ch01"]["status"], "declared");
    EXPECT_EQ(clocks["ch01"]["set_by"], "Det. Ng");
    ASSERT_TRUE(clocks["ch01"]["set_at"].is_string());
    EXPECT_EQ(clocks["ch01"]["history"].size(), 1u);
    EXPECT_TRUE(clocks["ch01"]["history"][0]["old_seconds"].is_null());
    EXPECT_EQ(clocks["ch02"]["seconds"], -1.0);
    EXPECT_EQ(clocks["ch02"]["status"], "set before offsets were logged");
    EXPECT_TRUE(clocks["ch02"]["set_by"].is_null());
    EXPECT_EQ(clocks["cam04"]["status"], "none declared");
    EXPECT_NE(html.find("declared by Det. Ng on " + clocks["ch01"]["set_at"].get<std::string>()),
              std::string::npos);
    EXPECT_NE(html.find("set before clock offsets were logged"), std::string::npos);
    EXPECT_EQ(html.find("camera clock offsets applied"), std::string::npos);

    // The signed bag was cut at 14:00:27-33 on ch01's clock then; today that footage is 2 s
    // later, and its hit says why.
    nlohmann::json bag;
    for (const nlohmann::json& candidate : json["bags"]) {
        if (candidate["path"] == s_intact) {
            bag = candidate;
        }
    }
    ASSERT_FALSE(bag.is_null());
    EXPECT_EQ(bag["shift_seconds_since_cut"], 2.0);
    ASSERT_EQ(bag["clock_offset_changes_since_cut"].size(), 1u);
    EXPECT_EQ(bag["signature"]["status"], "not checked");
    bool explained = false;
    for (const nlohmann::json& hit : json["hits"]) {
        const bool has_bag =
            std::find(hit["bags"].begin(), hit["bags"].end(), s_intact) != hit["bags"].end();
        if (!has_bag) {
            continue;
        }
        EXPECT_EQ(hit["camera"], "ch01");
        const size_t article = html.find("data-hit-id=\"" + hit["id"].get<std::string>() + "\"");
        ASSERT_NE(article, std::string::npos);
        const std::string body = html.substr(article, html.find("</article>", article) - article);
        explained =
            body.find("class=\"note clock-note\"") != std::string::npos &&
            body.find("before the clock offset of camera ch01 was changed") != std::string::npos &&
            body.find("2020-11-03T14:00:29") != std::string::npos;
        EXPECT_TRUE(explained) << body;
    }
    EXPECT_TRUE(explained) << "no hit lists the bag cut before the offset";
}

TEST_F(Report, HeadlessChromiumRendersAScreenshotAndAnA4PdfWithEveryImageLoaded) {
    const std::string browser = chromium();
    if (browser.empty()) {
        GTEST_SKIP() << "chromium is not installed (scripts/setup.sh --tests installs it)";
    }
    const std::string url = "file://" + fs::absolute(report_dir() / "index.html").string();
    const std::vector<std::string> flags = {"--headless",
                                            "--no-sandbox",
                                            "--disable-gpu",
                                            "--no-first-run",
                                            "--disable-background-networking",
                                            "--disable-dev-shm-usage",
                                            "--hide-scrollbars",
                                            "--user-data-dir=" + (m_dir / "profile").string()};
    const auto run_chromium = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = flags;
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(url);
        return run_program(browser, args);
    };

    RunResult dom = run_chromium({"--virtual-time-budget=10000", "--dump-dom"});
    ASSERT_EQ(dom.exit_code, 0) << dom.err;
    std::smatch match;
    ASSERT_TRUE(std::regex_search(dom.out, match, std::regex("data-images=\"([a-z]+)\"")))
        << dom.out.substr(0, 2000);
    EXPECT_EQ(match[1], "ok") << dom.out.substr(0, 2000);
    ASSERT_TRUE(std::regex_search(dom.out, match, std::regex("data-images-total=\"([0-9]+)\"")));
    EXPECT_EQ(std::stoul(match[1]), s_json["cameras"].size() + 2 * s_json["hits"].size());
    // Evidence pictures keep their proportions on screen and with the print layout (A4 width).
    EXPECT_NE(dom.out.find("data-images-distorted=\"\""), std::string::npos)
        << dom.out.substr(std::min(dom.out.find("data-images-distorted"), dom.out.size()), 300);
    {
        fs::path print_copy = m_dir / "print";
        fs::copy(report_dir(), print_copy, fs::copy_options::recursive);
        std::string page = read_file(print_copy / "index.html");
        page.replace(page.find("@media print"), 12, "@media all");
        std::ofstream(print_copy / "index.html", std::ios::trunc) << page;
        std::vector<std::string> print_args = flags;
        print_args.insert(print_args.end(),
                          {"--window-size=718,1000", "--virtual-time-budget=10000", "--dump-dom",
                           "file://" + fs::absolute(print_copy / "index.html").string()});
        RunResult printed_dom = run_program(browser, print_args);
        ASSERT_EQ(printed_dom.exit_code, 0) << printed_dom.err;
        EXPECT_NE(printed_dom.out.find("data-images-distorted=\"\""), std::string::npos)
            << printed_dom.out.substr(
                   std::min(printed_dom.out.find("data-images-distorted"), printed_dom.out.size()),
                   300);
    }

    // The page's check notices an image that does not decode.
    fs::path copy = m_dir / "copy";
    fs::copy(report_dir(), copy, fs::copy_options::recursive);
    std::ofstream(copy / s_json["hits"][0]["thumbnail"].get<std::string>(), std::ios::trunc)
        << "not a jpeg";
    std::vector<std::string> broken_args = flags;
    broken_args.insert(broken_args.end(), {"--virtual-time-budget=10000", "--dump-dom",
                                           "file://" + fs::absolute(copy / "index.html").string()});
    RunResult broken = run_program(browser, broken_args);
    ASSERT_EQ(broken.exit_code, 0) << broken.err;
    EXPECT_NE(broken.out.find("data-images=\"failed\""), std::string::npos);
    EXPECT_NE(broken.out.find("data-images-failed=\"" +
                              s_json["hits"][0]["thumbnail"].get<std::string>() + "\""),
              std::string::npos);

    const fs::path png = m_dir / "page.png";
    RunResult shot = run_chromium({"--window-size=1200,1600", "--screenshot=" + png.string()});
    ASSERT_EQ(shot.exit_code, 0) << shot.err;
    ASSERT_TRUE(fs::exists(png)) << shot.err;
    EXPECT_GT(fs::file_size(png), 10'000u);
    EXPECT_EQ(read_file(png).substr(1, 3), "PNG");

    const fs::path pdf = m_dir / "page.pdf";
    RunResult printed = run_chromium({"--no-pdf-header-footer", "--print-to-pdf=" + pdf.string()});
    ASSERT_EQ(printed.exit_code, 0) << printed.err;
    ASSERT_TRUE(fs::exists(pdf)) << printed.err;
    std::string bytes = read_file(pdf);
    EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
    // A4 (595 x 842 points), and each of the six sections starts a page.
    EXPECT_NE(bytes.find("/MediaBox [0 0 594.95996 841.91998]"), std::string::npos);
    size_t pages = 0;
    for (size_t at = bytes.find("/Type /Page\n"); at != std::string::npos;
         at = bytes.find("/Type /Page\n", at + 1)) {
        ++pages;
    }
    EXPECT_GE(pages, 6u);

    // The first page is not mostly blank: the case header and the coverage share it.
    if (fs::exists("/usr/bin/pdftoppm")) {
        const fs::path first = m_dir / "first";
        RunResult rendered =
            run_program("/usr/bin/pdftoppm",
                        {"-f", "1", "-l", "1", "-r", "20", "-gray", pdf.string(), first.string()});
        ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
        fs::path pgm;
        for (const fs::directory_entry& entry : fs::directory_iterator(m_dir.path())) {
            if (entry.path().extension() == ".pgm") {
                pgm = entry.path();
            }
        }
        ASSERT_FALSE(pgm.empty());
        std::ifstream in(pgm, std::ios::binary);
        std::string magic;
        int width = 0, height = 0, maximum = 0;
        in >> magic >> width >> height >> maximum;
        in.get();
        std::string pixels(static_cast<size_t>(width * height), '\0');
        in.read(pixels.data(), static_cast<std::streamsize>(pixels.size()));
        int last_row = 0;
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                if (static_cast<unsigned char>(pixels[static_cast<size_t>(y * width + x)]) < 200) {
                    last_row = y;
                }
            }
        }
        EXPECT_GT(last_row, height * 6 / 10)
            << "the first page ends at row " << last_row << " of " << height;
    } else {
        ADD_FAILURE() << "pdftoppm is not installed (scripts/setup.sh --tests installs it)";
    }
}

}  // namespace
}  // namespace footage::test
