// The evidence commands attacked (issue 17): forged and gutted bags, links and special files
// where verify reads, rehashed custody chains, wrong keys and sources, races between two clips
// and two index runs, broken shards. Each attack must end in a clear, defined answer (never
// INTACT for a forgery, never a hang); results go into SECURITY.md's "hostile" table.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "lib/catalog/catalog.hpp"
#include "lib/evidence/sha256.hpp"
#include "tests/support/hardening_results.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";
const char* kFirst = "NVR/ch01_20201103140000_20201103140030.mp4";

std::string said(const RunResult& run) { return run.out + run.err; }

bool has(const RunResult& run, const std::string& text) {
    return said(run).find(text) != std::string::npos;
}

// What an attacker with a text editor and sha256sum does after changing a bag: every manifest,
// Payload-Oxum and the tag manifest recomputed from the files as they now are.
void rehash(const fs::path& bag) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(bag / "data")) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path().lexically_relative(bag).generic_string());
        }
    }
    std::sort(files.begin(), files.end());
    std::string m256;
    std::string m512;
    uint64_t octets = 0;
    for (const std::string& file : files) {
        evidence::FileDigests digests = evidence::sha256_and_sha512_file(bag / file);
        m256 += digests.sha256 + "  " + file + "\n";
        m512 += digests.sha512 + "  " + file + "\n";
        octets += digests.size;
    }
    std::ofstream(bag / "manifest-sha256.txt", std::ios::trunc) << m256;
    std::ofstream(bag / "manifest-sha512.txt", std::ios::trunc) << m512;
    std::istringstream info(read_file(bag / "bag-info.txt"));
    std::string rewritten;
    for (std::string line; std::getline(info, line);) {
        rewritten += line.rfind("Payload-Oxum:", 0) == 0
                         ? "Payload-Oxum: " + std::to_string(octets) + "." +
                               std::to_string(files.size())
                         : line;
        rewritten += "\n";
    }
    std::ofstream(bag / "bag-info.txt", std::ios::trunc) << rewritten;
    std::string tags;
    for (const char* tag : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt",
                            "manifest-sha512.txt"}) {
        tags += evidence::sha256_hex(read_file(bag / tag)) + "  " + tag + "\n";
    }
    std::ofstream(bag / "tagmanifest-sha256.txt", std::ios::trunc) << tags;
}

std::string verdict(const RunResult& run) {
    std::string text = "exit " + std::to_string(run.exit_code);
    if (run.out.find("NOT INTACT") != std::string::npos) {
        text += ", NOT INTACT";
    } else if (run.out.find("INTACT") != std::string::npos) {
        text += ", INTACT";
    }
    return text;
}

class Attack : public ::testing::Test {
  protected:
    std::string db() const { return (m_dir / "footage.db").string(); }
    RunResult index(const std::vector<std::string>& files, const std::string& catalog = "") {
        std::vector<std::string> args = {"index", "--db", catalog.empty() ? db() : catalog,
                                         "--tz", kZone, "--no-motion", "-q"};
        args.insert(args.end(), files.begin(), files.end());
        return run_footage(args);
    }
    RunResult clip(std::vector<std::string> extra) {
        std::vector<std::string> args = {"clip", "--db", db(), "--tz", kZone, "--camera", "ch01",
                                         "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_footage(args);
    }
    // A bag of one recording, 3 s, made fresh for this test.
    fs::path make_bag(const std::vector<std::string>& extra = {}) {
        EXPECT_EQ(index({(generated_drive() / kFirst).string()}).exit_code, 0);
        std::vector<std::string> args = {"--from", "2020-11-03 14:00:05", "--to",
                                         "2020-11-03 14:00:08", "--out",
                                         (m_dir / "bags").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult made = clip(args);
        EXPECT_EQ(made.exit_code, 0) << made.err;
        return made.json()["bag"].get<std::string>();
    }
    fs::path copy(const fs::path& bag, const std::string& name) {
        fs::path to = m_dir / name;
        fs::remove_all(to);
        fs::copy(bag, to, fs::copy_options::recursive);
        return to;
    }
    TempDir m_dir;
};

// Item 1: every file verify reads is opened without following links, must be a regular file,
// and is size-capped; a FIFO never blocks.
TEST_F(Attack, TagFilesPayloadAndSourcesAreNeverFollowedOrWaitedOn) {
    fs::path bag = make_bag();
    fs::path outside = m_dir / "outside";
    fs::create_directories(outside);
    struct Case {
        std::string tried;
        std::string file;
        std::function<void(const fs::path&)> make;
    };
    auto link_outside = [&](const std::string& file) {
        return [&, file](const fs::path& b) {
            fs::path target = outside / fs::path(file).filename();
            fs::remove(target);
            fs::copy_file(b / file, target);
            fs::remove(b / file);
            fs::create_symlink(target, b / file);
        };
    };
    auto fifo = [](const std::string& file) {
        return [file](const fs::path& b) {
            fs::remove(b / file);
            ASSERT_EQ(::mkfifo((b / file).c_str(), 0644), 0);
        };
    };
    auto to_zero = [](const std::string& file) {
        return [file](const fs::path& b) {
            fs::remove(b / file);
            fs::create_symlink("/dev/zero", b / file);
        };
    };
    std::string clip_name;
    for (const auto& entry : fs::directory_iterator(bag / "data")) {
        if (entry.path().extension() == ".mp4") {
            clip_name = "data/" + entry.path().filename().string();
        }
    }
    std::vector<Case> cases = {
        {"the tag manifest a symlink to an identical copy outside the bag", "tagmanifest-sha256.txt",
         link_outside("tagmanifest-sha256.txt")},
        {"bagit.txt a symlink to an identical copy outside the bag", "bagit.txt",
         link_outside("bagit.txt")},
        {"manifest-sha256.txt a symlink to an identical copy outside the bag",
         "manifest-sha256.txt", link_outside("manifest-sha256.txt")},
        {"bagit.txt a symlink to /dev/zero", "bagit.txt", to_zero("bagit.txt")},
        {"manifest-sha512.txt a symlink to /dev/zero", "manifest-sha512.txt",
         to_zero("manifest-sha512.txt")},
        {"bag-info.txt a FIFO nobody writes to", "bag-info.txt", fifo("bag-info.txt")},
        {"the tag manifest a FIFO nobody writes to", "tagmanifest-sha256.txt",
         fifo("tagmanifest-sha256.txt")},
        {"data/custody.jsonl a symlink to an identical copy outside the bag",
         "data/custody.jsonl", link_outside("data/custody.jsonl")},
        {"a listed clip replaced by a FIFO", clip_name, fifo(clip_name)},
    };
    for (const Case& c : cases) {
        fs::path forged = copy(bag, "forged");
        c.make(forged);
        RunResult run = run_footage({"verify", forged.string()});
        bool refused = (run.exit_code == 1 || run.exit_code == 2) && has(run, c.file) &&
                       run.out.find("\nINTACT") == std::string::npos &&
                       run.out.rfind("INTACT", 0) != 0;
        EXPECT_TRUE(refused) << c.tried << "\n" << said(run);
        std::string reason = has(run, "a symlink (not followed)") ? "\"a symlink (not followed)\""
                             : has(run, "FIFO")                   ? "\"not a regular file (a FIFO)\""
                                                                  : "";
        EXPECT_FALSE(reason.empty()) << c.tried << "\n" << said(run);
        record_result("hostile", c.tried,
                      verdict(run) + (refused ? "; names " + c.file + ", " + reason
                                              : "; NOT REFUSED"));
    }

    // --source: a link, a FIFO, /dev/zero, an empty name (an unset variable in a script).
    fs::path source = generated_drive() / kFirst;
    fs::create_symlink(source, m_dir / "linked.mp4");
    ASSERT_EQ(::mkfifo((m_dir / "fifo.mp4").c_str(), 0644), 0);
    struct SourceCase {
        std::string tried;
        std::string path;
        std::string reason;
    };
    for (const SourceCase& c : std::vector<SourceCase>{
             {"`verify --source` a symlink to the real source", (m_dir / "linked.mp4").string(),
              "a symlink (not followed)"},
             {"`verify --source` a FIFO nobody writes to", (m_dir / "fifo.mp4").string(), "FIFO"},
             {"`verify --source /dev/zero`", "/dev/zero", "a device"},
             {"`verify --source \"\"` (an unset variable)", "", "empty path"}}) {
        RunResult run = run_footage({"verify", bag.string(), "--source", c.path});
        EXPECT_EQ(run.exit_code, 2) << c.tried << said(run);
        EXPECT_TRUE(has(run, c.reason)) << c.tried << said(run);
        record_result("hostile", c.tried,
                      "exit " + std::to_string(run.exit_code) +
                          (has(run, c.reason) ? "; says \"" + c.reason + "\"" : "; UNCLEAR"));
    }
}

// Items 4, 3 and 2: a gutted bag, an empty checksum list, a manifest.json without clips, a
// custody chain reordered or cut and rehashed, a signed bag changed and rehashed.
TEST_F(Attack, GuttedOrRehashedBagsAreNotIntact) {
    fs::path key = m_dir / "key";
    ASSERT_EQ(run_footage({"keygen", "--out", key.string()}).exit_code, 0);
    fs::path bag = make_bag({"--sign", key.string()});
    ASSERT_EQ(run_footage({"verify", bag.string()}).exit_code, 0);

    struct Case {
        std::string tried;
        std::string expect;
        std::function<void(const fs::path&)> make;
    };
    std::vector<Case> cases = {
        {"a gutted bag: payload deleted, manifests emptied, Oxum 0.0, tag manifest recomputed",
         "holds no payload files",
         [](const fs::path& b) {
             for (const auto& entry : fs::directory_iterator(b / "data")) {
                 fs::remove(entry.path());
             }
             rehash(b);
         }},
        {"a bag whose manifest.json lists no clips (clips deleted, everything rehashed)",
         "lists no clips",
         [](const fs::path& b) {
             nlohmann::json manifest = read_json(b / "data/manifest.json");
             for (const auto& output : manifest["outputs"]) {
                 fs::remove(b / "data" / output["path"].get<std::string>());
             }
             manifest["outputs"] = nlohmann::json::array();
             std::ofstream(b / "data/manifest.json", std::ios::trunc) << manifest.dump(2);
             rehash(b);
         }},
        {"data/custody.jsonl with two entries swapped, everything rehashed",
         "custody chain is broken",
         [](const fs::path& b) {
             std::istringstream in(read_file(b / "data/custody.jsonl"));
             std::vector<std::string> lines;
             for (std::string line; std::getline(in, line);) {
                 lines.push_back(line);
             }
             ASSERT_GE(lines.size(), 2u);
             std::swap(lines[0], lines[1]);
             std::ofstream out(b / "data/custody.jsonl", std::ios::trunc);
             for (const std::string& line : lines) {
                 out << line << "\n";
             }
             out.close();
             rehash(b);
         }},
        {"data/custody.jsonl with its last entry (the clip) deleted, everything rehashed",
         "not the clip entry of this bag's outputs",
         [](const fs::path& b) {
             std::string text = read_file(b / "data/custody.jsonl");
             text.pop_back();
             text = text.substr(0, text.rfind('\n') + 1);
             std::ofstream(b / "data/custody.jsonl", std::ios::trunc) << text;
             rehash(b);
         }},
        {"data/custody.jsonl with the clip entry's operator edited, everything rehashed",
         "custody chain is broken",
         [](const fs::path& b) {
             std::string text = read_file(b / "data/custody.jsonl");
             size_t at = text.rfind("\"operator\":\"");
             ASSERT_NE(at, std::string::npos);
             text.insert(at + 12, "X");
             std::ofstream(b / "data/custody.jsonl", std::ios::trunc) << text;
             rehash(b);
         }},
    };
    for (const Case& c : cases) {
        fs::path forged = copy(bag, "forged");
        c.make(forged);
        RunResult run = run_footage({"verify", forged.string()});
        bool caught = run.exit_code == 1 && has(run, "NOT INTACT") && has(run, c.expect);
        EXPECT_TRUE(caught) << c.tried << "\n" << said(run);
        record_result("hostile", c.tried,
                      verdict(run) + (caught ? "; \"" + c.expect + "\"" : "; NOT CAUGHT"));
    }

    // An empty sha256sum file is not a pass (sha256sum -c fails on it too).
    std::ofstream(m_dir / "SHA256SUMS") << "";
    RunResult empty = run_footage({"verify", (m_dir / "SHA256SUMS").string()});
    EXPECT_EQ(empty.exit_code, 1) << said(empty);
    EXPECT_TRUE(has(empty, "lists no files")) << said(empty);
    record_result("hostile", "an empty sha256sum file",
                  verdict(empty) + (has(empty, "lists no files") ? "; \"lists no files\"" : ""));

    // A bare manifest.json with no outputs.
    std::ofstream(m_dir / "manifest.json") << R"({"outputs": []})";
    RunResult bare = run_footage({"verify", (m_dir / "manifest.json").string()});
    EXPECT_EQ(bare.exit_code, 1) << said(bare);
    record_result("hostile", "a manifest.json with no outputs", verdict(bare));

    // Item 2: a signed bag changed and rehashed: without --pubkey verify says the signature was
    // not checked; with it, the signature is invalid.
    fs::path resigned = copy(bag, "resigned");
    std::ofstream(resigned / "bag-info.txt", std::ios::app) << "Source-Organization: forger\n";
    rehash(resigned);
    RunResult unchecked = run_footage({"verify", resigned.string()});
    bool says = has(unchecked, "signed; signature not checked (give --pubkey)");
    EXPECT_TRUE(says) << said(unchecked);
    RunResult checked =
        run_footage({"verify", resigned.string(), "--pubkey", key.string() + ".pub"});
    EXPECT_EQ(checked.exit_code, 1) << said(checked);
    EXPECT_TRUE(has(checked, "signature INVALID")) << said(checked);
    record_result("hostile",
                  "a signed bag whose bag-info.txt was changed and all manifests recomputed, "
                  "verified without --pubkey",
                  verdict(unchecked) + (says ? "; says \"signed; signature not checked (give "
                                               "--pubkey)\""
                                             : "; SAYS NOTHING OF THE SIGNATURE"));
    record_result("hostile", "the same bag verified with --pubkey",
                  verdict(checked) + (has(checked, "signature INVALID") ? "; signature INVALID"
                                                                        : "; NOT CAUGHT"));
}

// Item 9 and issue 18 item 16: what verify says for a derivative, two sources, a wrong source,
// a wrong key, and a folder of bags.
TEST_F(Attack, VerifySaysExactlyWhatItChecked) {
    fs::path first = generated_drive() / kFirst;
    fs::path second = generated_drive() / "NVR/ch01_20201103140030_20201103140100.mp4";
    ASSERT_EQ(index({first.string(), second.string()}).exit_code, 0);
    fs::path key = m_dir / "key";
    ASSERT_EQ(run_footage({"keygen", "--out", key.string()}).exit_code, 0);
    ASSERT_EQ(run_footage({"keygen", "--out", (m_dir / "other").string()}).exit_code, 0);
    RunResult two = clip({"--from", "2020-11-03 14:00:28", "--to", "2020-11-03 14:00:32",
                          "--sign", key.string(), "--out", (m_dir / "bags").string()});
    ASSERT_EQ(two.exit_code, 0) << two.err;
    fs::path bag = two.json()["bag"].get<std::string>();

    RunResult both = run_footage(
        {"verify", bag.string(), "--source", first.string(), "--source", second.string()});
    EXPECT_EQ(both.exit_code, 0) << said(both);
    EXPECT_FALSE(has(both, "not checked against a source")) << said(both);
    RunResult one = run_footage({"verify", bag.string(), "--source", first.string()});
    EXPECT_EQ(one.exit_code, 0) << said(one);
    EXPECT_TRUE(has(one, "not checked against a source")) << said(one);
    record_result("hostile", "`verify --source A --source B` on a bag cut from two recordings",
                  verdict(both) + "; both clips matched" +
                      "; with one --source the other clip is named \"not checked against a "
                      "source\"");

    RunResult wrong_source = run_footage(
        {"verify", bag.string(), "--source",
         (generated_drive() / "NVR_ch2_main_20201103140000_20201103140030.mp4").string()});
    EXPECT_EQ(wrong_source.exit_code, 1) << said(wrong_source);
    EXPECT_TRUE(has(wrong_source, "INTACT  ") && !has(wrong_source, "NOT INTACT") &&
                has(wrong_source, "packets are not from this source"))
        << said(wrong_source);
    record_result("hostile", "an intact bag checked with a recording that is not its source",
                  verdict(wrong_source) + "; \"packets are not from this source\"");

    RunResult wrong_key =
        run_footage({"verify", bag.string(), "--pubkey", (m_dir / "other.pub").string()});
    EXPECT_EQ(wrong_key.exit_code, 1) << said(wrong_key);
    EXPECT_TRUE(!has(wrong_key, "NOT INTACT") &&
                has(wrong_key, "signature does not match this key"))
        << said(wrong_key);
    record_result("hostile", "an intact signed bag checked with another key",
                  verdict(wrong_key) + "; \"signature does not match this key\"");

    // A re-encoded clip is a derivative, and verify says so.
    RunResult exact = clip({"--from", "2020-11-03 14:00:05", "--to", "2020-11-03 14:00:07",
                            "--exact", "--out", (m_dir / "bags").string()});
    ASSERT_EQ(exact.exit_code, 0) << exact.err;
    RunResult derivative = run_footage(
        {"verify", exact.json()["bag"].get<std::string>(), "--source", first.string()});
    EXPECT_EQ(derivative.exit_code, 0) << said(derivative);
    EXPECT_TRUE(has(derivative, "DERIVATIVE")) << said(derivative);
    record_result("hostile", "`verify --source` of an `--exact` (re-encoded) clip",
                  verdict(derivative) +
                      (has(derivative, "DERIVATIVE") ? "; says DERIVATIVE, not the source's bits"
                                                     : "; DOES NOT SAY DERIVATIVE"));

    // A folder of bags: each checked, one line each, a tally.
    RunResult folder = run_footage({"verify", (m_dir / "bags").string()});
    EXPECT_EQ(folder.exit_code, 0) << said(folder);
    EXPECT_TRUE(has(folder, "2 of 2 bags")) << said(folder);
    fs::path second_bag = exact.json()["bag"].get<std::string>();
    std::ofstream(second_bag / "data/extra.txt") << "x";
    RunResult tampered = run_footage({"verify", (m_dir / "bags").string()});
    EXPECT_EQ(tampered.exit_code, 1) << said(tampered);
    EXPECT_TRUE(has(tampered, "1 of 2 bags")) << said(tampered);
    record_result("hostile", "`verify DIR` over a folder of two bags, one with an added file",
                  "exit " + std::to_string(tampered.exit_code) +
                      (has(tampered, "1 of 2 bags") ? "; each bag checked, \"1 of 2 bags … passed\""
                                                    : "; NO TALLY"));
}

// Item 7: two `clip` runs making the same bag at once.
TEST_F(Attack, TwoClipsOfTheSameBagNeverMix) {
    ASSERT_EQ(index({(generated_drive() / kFirst).string()}).exit_code, 0);
    std::string out = (m_dir / "race").string();
    auto command = [&](const std::string& who) {
        return footage_binary() + " clip --db '" + db() + "' --tz " + kZone +
               " --camera ch01 --from '2020-11-03 14:00:05' --to '2020-11-03 14:00:09' --operator " +
               who + " --out '" + out + "' -q >/dev/null 2>&1; echo " + who + "=$?";
    };
    int mixed = 0;
    int bad_exits = 0;
    for (int round = 0; round < 3; ++round) {
        fs::remove_all(out);
        RunResult race = run_program(
            "sh", {"-c", "(" + command("A") + ") & (" + command("B") + ") & wait"});
        std::multiset<std::string> exits;
        std::istringstream lines(race.out);
        for (std::string line; std::getline(lines, line);) {
            exits.insert(line.substr(line.find('=') + 1));
        }
        if (exits != std::multiset<std::string>{"0", "2"}) {
            ++bad_exits;
        }
        std::vector<fs::path> entries;
        for (const auto& entry : fs::directory_iterator(out)) {
            entries.push_back(entry.path());
        }
        ASSERT_EQ(entries.size(), 1u) << "one bag, no leftovers";
        RunResult verified = run_footage({"verify", entries[0].string()});
        std::string info = read_file(entries[0] / "bag-info.txt");
        nlohmann::json manifest = read_json(entries[0] / "data/manifest.json");
        bool same = info.find("Contact-Name: " + manifest["operator"].get<std::string>()) !=
                    std::string::npos;
        if (verified.exit_code != 0 || !same) {
            ++mixed;
        }
        EXPECT_EQ(verified.exit_code, 0) << said(verified);
        EXPECT_TRUE(same) << info << manifest.dump(1);
    }
    EXPECT_EQ(bad_exits, 0);
    RunResult log = run_footage({"log", "--db", db(), "--verify", "-q"});
    EXPECT_EQ(log.exit_code, 0) << said(log);
    record_result("hostile", "two `clip` runs making the same bag at once (x3)",
                  "exits 0 and 2 each time: " + std::string(bad_exits == 0 ? "yes" : "NO") +
                      "; one bag, INTACT, one run's operator throughout: " +
                      (mixed == 0 ? "yes" : "NO") + "; no .partial left");
}

// Items 8, 5 and 6: two index runs at once, a shard with a broken chain, entries cut off.
TEST_F(Attack, CustodyChainsCannotBeDuplicatedLaunderedOrCutShort) {
    fs::path first = generated_drive() / kFirst;
    fs::path second = generated_drive() / "NVR/ch01_20201103140030_20201103140100.mp4";
    std::string files = "'" + first.string() + "' '" + second.string() + "'";
    std::string run = footage_binary() + " index --db '" + db() + "' --tz " + kZone +
                      " --no-motion -q " + files;
    RunResult both = run_program("sh", {"-c", "(" + run + ") & (" + run + ") & wait"});
    RunResult log = run_footage({"log", "--db", db(), "--json", "--verify"});
    ASSERT_EQ(log.exit_code, 0) << said(log);
    std::map<std::string, int> acquired;
    const nlohmann::json entries = log.json()["entries"];
    for (const auto& entry : entries) {
        if (entry["action"] == "acquire") {
            ++acquired[entry["details"]["path"].get<std::string>()];
        }
    }
    bool once = acquired.size() == 2 && acquired.begin()->second == 1 &&
                acquired.rbegin()->second == 1;
    EXPECT_TRUE(once) << log.out;
    record_result("hostile", "two `index` runs of the same two files at once",
                  once ? "each file acquired once in the custody log; chain intact"
                       : "DUPLICATE ACQUISITIONS");

    // A shard whose chain is broken is refused, naming the entry.
    std::string shard = (m_dir / "shard.db").string();
    ASSERT_EQ(index({first.string()}, shard).exit_code, 0);
    {
        catalog::Database edited(shard, catalog::Database::Mode::read_write_create);
        edited.exec("UPDATE custody SET operator = 'someone else' WHERE seq = 1");
    }
    std::string main_db = (m_dir / "main.db").string();
    RunResult merged = run_footage({"merge", "--into", main_db, shard});
    EXPECT_EQ(merged.exit_code, 2) << said(merged);
    EXPECT_TRUE(has(merged, "broken at entry 1")) << said(merged);
    record_result("hostile", "`merge` of a shard whose custody entry 1 was edited",
                  "exit " + std::to_string(merged.exit_code) +
                      (has(merged, "broken at entry 1") ? "; refused, names entry 1"
                                                         : "; NOT REFUSED"));

    // Entries cut off at the end: the chain alone holds; the cross-check does not.
    for (const std::string& cut : {std::string("the last entry"), std::string("every entry")}) {
        fs::path cut_db = m_dir / "cut.db";
        fs::remove(cut_db);
        fs::remove(cut_db.string() + "-wal");
        // With its WAL: two index runs that closed at the same moment may both have left the
        // checkpoint to the other, and the schema is then in the WAL alone.
        copy_catalog(db(), cut_db);
        {
            catalog::Database edited(cut_db, catalog::Database::Mode::read_write_create);
            edited.exec(cut == "every entry"
                            ? "DELETE FROM custody"
                            : "DELETE FROM custody WHERE seq = (SELECT MAX(seq) FROM custody)");
        }
        RunResult verified = run_footage({"log", "--db", cut_db.string(), "--verify", "-q"});
        EXPECT_EQ(verified.exit_code, 1) << said(verified);
        EXPECT_TRUE(has(verified, "has no acquisition entry")) << said(verified);
        record_result("hostile", "`log --verify` after deleting " + cut + " of the custody log",
                      "exit " + std::to_string(verified.exit_code) +
                          (has(verified, "has no acquisition entry")
                               ? "; names the recording without its acquisition entry"
                               : "; SAYS INTACT"));
    }
}

// Issue 18 item 15: keygen into a folder that does not exist yet.
TEST_F(Attack, KeygenCreatesMissingFoldersPrivately) {
    fs::path key = m_dir / "home/keys/case-1";
    RunResult made = run_footage({"keygen", "--out", key.string()});
    EXPECT_EQ(made.exit_code, 0) << said(made);
    EXPECT_TRUE(fs::exists(key) && fs::exists(key.string() + ".pub"));
    EXPECT_EQ(fs::status(m_dir / "home/keys").permissions() & fs::perms::all,
              fs::perms::owner_all);
    EXPECT_EQ(fs::status(m_dir / "home").permissions() & fs::perms::all, fs::perms::owner_all);
    // Item 11: the secret key is minisign's own format: minisign signs with it, footage and
    // minisign verify what it signed.
    if (fs::exists("/usr/bin/minisign")) {
        std::ofstream(m_dir / "message") << "evidence\n";
        RunResult signed_ = run_program(
            "minisign", {"-S", "-s", key.string(), "-m", (m_dir / "message").string()});
        EXPECT_EQ(signed_.exit_code, 0) << said(signed_);
        RunResult checked =
            run_program("minisign", {"-V", "-p", key.string() + ".pub", "-m",
                                     (m_dir / "message").string()});
        EXPECT_EQ(checked.exit_code, 0) << said(checked);
        record_result("hostile", "`minisign -S -s KEY` with a secret key made by `footage keygen`",
                      signed_.exit_code == 0 && checked.exit_code == 0
                          ? "minisign signs with it (exit 0); minisign -V verifies (exit 0)"
                          : "MINISIGN CANNOT USE IT");
    }
}

}  // namespace
}  // namespace footage::test
