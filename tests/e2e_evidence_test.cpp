// End to end: `footage clip` cuts known events of the generated drive into BagIt packages that
// footage, coreutils and an independent validator all accept; any tampering is named; the
// packets are the source's own; the custody log holds its chain.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <sstream>

#include "lib/catalog/catalog.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/zone.hpp"
#include "tests/support/hardening_results.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"

namespace footage::test {
namespace {

namespace fs = std::filesystem;

const char* kZone = "Asia/Ho_Chi_Minh";

std::string validator() { return (source_dir() / "tests/support/bagit_validate.py").string(); }

class Evidence : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<TempDir>();
        IndexedDrive indexed = indexed_drive();
        ASSERT_EQ(indexed.run.exit_code, 1) << indexed.run.err;  // the drive holds broken files
        // One bag for the tests that only read it: the event that crosses a file boundary (cut
        // once per test run, in a catalog each test process then copies).
        nlohmann::json shared = shared_fixture("evidence", [&](const fs::path& dir) {
            const std::string catalog = (dir / "footage.db").string();
            copy_catalog(indexed.catalog, catalog);
            RunResult clipped = run_footage(
                {"clip", "--db", catalog, "--tz", kZone, "--camera", "ch01", "--from",
                 "2020-11-03 14:00:27", "--to", "2020-11-03 14:00:33", "--case", "C-17",
                 "--operator", "Sgt. Tran", "--out", (dir / "bags").string(), "--json"});
            return nlohmann::json{{"catalog", catalog}, {"clipped", to_json(clipped)}};
        });
        RunResult clipped = run_result(shared["clipped"]);
        ASSERT_EQ(clipped.exit_code, 0) << clipped.err;
        s_clip = clipped.json();
        copy_catalog(shared["catalog"].get<std::string>(), db());
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static std::string db() { return (s_dir->path() / "footage.db").string(); }
    static fs::path bag() { return s_clip["bag"].get<std::string>(); }

    static RunResult clip(std::vector<std::string> args) {
        args.insert(args.begin(), {"clip", "--db", db(), "--tz", kZone});
        return run_footage(args);
    }

    // A private copy of the shared bag to tamper with.
    fs::path copy_of_bag() {
        fs::path copy = m_dir / "bag";
        fs::copy(bag(), copy, fs::copy_options::recursive);
        return copy;
    }

    static std::unique_ptr<TempDir> s_dir;
    static nlohmann::json s_clip;
    TempDir m_dir;
};

std::unique_ptr<TempDir> Evidence::s_dir;
nlohmann::json Evidence::s_clip;

TEST_F(Evidence, ARangeOverTwoRecordingsGivesOneClipPerRecordingInOrder) {
    const nlohmann::json& clips = s_clip["clips"];
    ASSERT_EQ(clips.size(), 2u);
    EXPECT_NE(clips[0]["source"].get<std::string>().find("ch01_20201103140000_"),
              std::string::npos);
    EXPECT_NE(clips[1]["source"].get<std::string>().find("ch01_20201103140030_"),
              std::string::npos);
    timecode::Zone utc = timecode::Zone::utc();
    // Stream copy: the clip starts at or before the request (a keyframe) and ends at or after it.
    EXPECT_LE(timecode::parse_time(clips[0]["start"].get<std::string>(), utc),
              timecode::parse_time("2020-11-03T14:00:27+07:00", utc));
    EXPECT_GE(timecode::parse_time(clips[1]["end"].get<std::string>(), utc),
              timecode::parse_time("2020-11-03T14:00:33+07:00", utc));
    EXPECT_EQ(fs::path(bag()).filename(), "C-17_ch01_20201103T140027");
}

TEST_F(Evidence, AClipOfAKnownEventDecodesAndCoversIt) {
    RunResult found = run_footage({"search", "--db", db(), "--camera", "ch02", "--json"});
    ASSERT_EQ(found.exit_code, 0) << found.err;
    std::string hit = found.json()["hits"][0]["id"];
    RunResult clipped =
        clip({"--hit", hit, "--pad", "1s", "--out", (m_dir / "out").string(), "--json"});
    ASSERT_EQ(clipped.exit_code, 0) << clipped.err;
    nlohmann::json result = clipped.json();
    ASSERT_EQ(result["clips"].size(), 1u);
    fs::path file =
        fs::path(result["bag"].get<std::string>()) / result["clips"][0]["file"].get<std::string>();
    // Every frame decodes, and the clip lasts at least the event plus its padding.
    RunResult decoded =
        run_program("ffmpeg", {"-v", "error", "-i", file.string(), "-f", "null", "-"});
    EXPECT_EQ(decoded.exit_code, 0) << decoded.err;
    EXPECT_TRUE(decoded.err.empty()) << decoded.err;
    // Every packet copied is a frame shown, and they span the event and its padding.
    RunResult frames = run_program(
        "ffprobe", {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                    "stream=nb_read_frames", "-of", "csv=p=0", file.string()});
    EXPECT_EQ(std::stoi(frames.out), result["clips"][0]["packets"].get<int>());
    RunResult length = run_program("ffprobe", {"-v", "error", "-show_entries", "format=duration",
                                               "-of", "csv=p=0", file.string()});
    EXPECT_GE(std::stod(length.out), 3.2 - 0.05);  // 1.2 s event + 1 s padding each side
    timecode::Zone utc = timecode::Zone::utc();
    EXPECT_LE(timecode::parse_time(result["clips"][0]["start"].get<std::string>(), utc),
              timecode::parse_time("2020-11-03T14:00:19+07:00", utc));
    EXPECT_GE(timecode::parse_time(result["clips"][0]["end"].get<std::string>(), utc),
              timecode::parse_time("2020-11-03T14:00:22+07:00", utc));
}

TEST_F(Evidence, ThePackageValidatesWithFootageCoreutilsAndAnIndependentValidator) {
    RunResult verified = run_footage({"verify", bag().string()});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("INTACT"), std::string::npos);
    for (const char* check :
         {"sha256sum -c manifest-sha256.txt", "sha512sum -c manifest-sha512.txt",
          "sha256sum -c tagmanifest-sha256.txt"}) {
        RunResult coreutils = run_program("sh", {"-c", "cd '" + bag().string() + "' && " + check});
        EXPECT_EQ(coreutils.exit_code, 0) << check << "\n" << coreutils.out << coreutils.err;
    }
    RunResult independent = run_program("/usr/bin/python3", {validator(), bag().string()});
    EXPECT_EQ(independent.exit_code, 0) << independent.out << independent.err;
    EXPECT_EQ(read_file(bag() / "bagit.txt"),
              "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    std::string info = read_file(bag() / "bag-info.txt");
    for (const char* field : {"Bagging-Date: ", "Payload-Oxum: ", "External-Identifier: C-17",
                              "Contact-Name: Sgt. Tran", "Bag-Software-Agent: footage "}) {
        EXPECT_NE(info.find(field), std::string::npos) << field;
    }
    // The bare manifest.json checks the clips too.
    RunResult manifest = run_footage({"verify", (bag() / "data/manifest.json").string()});
    EXPECT_EQ(manifest.exit_code, 0) << manifest.out << manifest.err;
}

TEST_F(Evidence, AnyTamperingMakesVerifyFailAndNameTheFile) {
    struct Case {
        std::string name;
        std::function<void(const fs::path&)> tamper;
        std::string named;
    };
    std::string clip_file =
        fs::path(s_clip["clips"][0]["file"].get<std::string>()).generic_string();
    std::vector<Case> cases = {
        {"flip a clip byte", [&](const fs::path& b) { flip_byte(b / clip_file, 1000); }, clip_file},
        {"flip a manifest.json byte",
         [](const fs::path& b) { flip_byte(b / "data/manifest.json", 10); }, "data/manifest.json"},
        {"flip a tag file byte", [](const fs::path& b) { flip_byte(b / "bag-info.txt", 3); },
         "bag-info.txt"},
        {"flip a payload manifest byte",
         [](const fs::path& b) { flip_byte(b / "manifest-sha512.txt", 5); }, "manifest-sha512.txt"},
        {"add a payload file",
         [](const fs::path& b) { std::ofstream(b / "data/extra.txt") << "planted\n"; },
         "data/extra.txt"},
        {"delete a payload file", [](const fs::path& b) { fs::remove(b / "data/packets.csv"); },
         "data/packets.csv"},
    };
    for (const Case& c : cases) {
        fs::path copy = copy_of_bag();
        c.tamper(copy);
        RunResult verified = run_footage({"verify", copy.string()});
        EXPECT_EQ(verified.exit_code, 1) << c.name << "\n" << verified.out << verified.err;
        EXPECT_NE(verified.out.find(c.named), std::string::npos) << c.name << "\n" << verified.out;
        RunResult independent = run_program("/usr/bin/python3", {validator(), copy.string()});
        EXPECT_EQ(independent.exit_code, 1) << c.name << " (independent validator)";
        bool named = verified.out.find(c.named) != std::string::npos;
        record_result("hostile", "a tampered bag: " + c.name,
                      "verify exit " + std::to_string(verified.exit_code) +
                          (named ? ", names " + c.named : ", DOES NOT NAME " + c.named) +
                          "; independent validator exit " + std::to_string(independent.exit_code));
        fs::remove_all(copy);
    }
}

TEST_F(Evidence, PathsLeadingOutOfTheBagAreRejectedNotFollowed) {
    fs::path copy = copy_of_bag();
    std::ofstream(m_dir / "outside.txt") << "not evidence\n";
    {
        std::ofstream manifest(copy / "manifest-sha256.txt", std::ios::app);
        manifest << std::string(64, '0') << "  data/../../outside.txt\n";
        manifest << std::string(64, '0') << "  /etc/hostname\n";
    }
    fs::create_symlink(m_dir / "outside.txt", copy / "data/link.txt");
    RunResult verified = run_footage({"verify", "--json", copy.string()});
    EXPECT_EQ(verified.exit_code, 1) << verified.out << verified.err;
    std::string problems = verified.json()["problems"].dump();
    EXPECT_NE(problems.find("data/../../outside.txt"), std::string::npos) << problems;
    EXPECT_NE(problems.find("/etc/hostname"), std::string::npos) << problems;
    EXPECT_NE(problems.find("data/link.txt"), std::string::npos) << problems;
    EXPECT_NE(problems.find("not followed"), std::string::npos) << problems;
    bool refused = problems.find("data/../../outside.txt") != std::string::npos &&
                   problems.find("/etc/hostname") != std::string::npos &&
                   problems.find("data/link.txt") != std::string::npos;
    record_result("hostile",
                  "a bag whose manifest lists `data/../../outside.txt` and `/etc/hostname`, with a "
                  "symlink in data/ leading out",
                  "exit " + std::to_string(verified.exit_code) +
                      (refused ? "; all three named, not followed" : "; NOT ALL REFUSED"));
    // A sha256sum file is confined to its own directory in the same way.
    std::ofstream(m_dir / "SHA256SUMS") << std::string(64, '0') << "  ../etc/passwd\n";
    RunResult sums = run_footage({"verify", (m_dir / "SHA256SUMS").string()});
    EXPECT_EQ(sums.exit_code, 1) << sums.out << sums.err;
    EXPECT_NE(sums.out.find("../etc/passwd"), std::string::npos) << sums.out;
    record_result("hostile", "a sha256sum file listing `../etc/passwd`",
                  "exit " + std::to_string(sums.exit_code) +
                      (sums.out.find("../etc/passwd") != std::string::npos ? "; named, not followed"
                                                                           : "; NOT REFUSED"));
}

TEST_F(Evidence, PacketsCsvIsTheSourcesOwnPacketsAsFfprobeSeesThem) {
    std::string source = s_clip["clips"][0]["source"];
    RunResult probed =
        run_program("ffprobe", {"-v", "error", "-select_streams", "v:0", "-show_entries",
                                "packet=pts,dts,size,flags,data_hash", "-show_data_hash", "sha256",
                                "-of", "csv=p=0", source});
    ASSERT_EQ(probed.exit_code, 0) << probed.err;
    std::vector<std::string> packets;
    std::istringstream lines(probed.out);
    for (std::string line; std::getline(lines, line);) {
        packets.push_back(line);
    }
    std::istringstream csv(read_file(bag() / "data/packets.csv"));
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line, "clip,source_stream_index,source_packet_index,pts,dts,size,key,sha256");
    std::string first_clip = fs::path(s_clip["clips"][0]["file"].get<std::string>()).filename();
    int rows = 0;
    int64_t previous = -1;
    while (std::getline(csv, line)) {
        std::vector<std::string> f;
        std::stringstream fields(line);
        for (std::string field; std::getline(fields, field, ',');) {
            f.push_back(field);
        }
        ASSERT_EQ(f.size(), 8u) << line;
        if (f[0] != first_clip) {
            continue;
        }
        int64_t index = std::stoll(f[2]);
        if (previous >= 0) {
            EXPECT_EQ(index, previous + 1) << "not a contiguous run";
        }
        previous = index;
        ASSERT_LT(index, static_cast<int64_t>(packets.size()));
        // ffprobe: pts,dts,size,flags,SHA256:<hex>
        std::string expected = f[3] + "," + f[4] + "," + f[5] + "," + (f[6] == "1" ? "K" : "_");
        EXPECT_EQ(packets[static_cast<size_t>(index)].substr(0, expected.size()), expected);
        EXPECT_NE(packets[static_cast<size_t>(index)].find("SHA256:" + f[7]), std::string::npos);
        ++rows;
    }
    EXPECT_EQ(rows, s_clip["clips"][0]["packets"].get<int>());
    // And footage shows the same from the source itself.
    RunResult verified = run_footage({"verify", bag().string(), "--source", source});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("packets matched against the source"), std::string::npos);
    // A recording that is not the clip's source is named as such.
    RunResult other = run_footage(
        {"verify", bag().string(), "--source",
         (generated_drive() / "NVR_ch2_main_20201103140000_20201103140030.mp4").string()});
    EXPECT_EQ(other.exit_code, 1) << other.out << other.err;
    EXPECT_NE(other.out.find("not one of the bag's sources"), std::string::npos) << other.out;
}

TEST_F(Evidence, AChangedSourceStopsTheClipAndLeavesNoBag) {
    // A copy of a recording, acquired, then altered (the drive's own files are never touched).
    fs::path copy = m_dir / "ch09_20201103140000_20201103140030.mp4";
    fs::copy_file(generated_drive() / "NVR_ch2_main_20201103140000_20201103140030.mp4", copy);
    std::string local_db = (m_dir / "local.db").string();
    RunResult indexed =
        run_footage({"index", "--db", local_db, "--tz", kZone, "-q", copy.string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    flip_byte(copy, 5000);
    RunResult clipped = run_footage({"clip", "--db", local_db, "--tz", kZone, "--camera", "ch09",
                                     "--from", "2020-11-03 14:00:05", "--to", "2020-11-03 14:00:08",
                                     "--out", (m_dir / "out").string()});
    EXPECT_EQ(clipped.exit_code, 2);
    EXPECT_NE(clipped.err.find(copy.string()), std::string::npos) << clipped.err;
    EXPECT_NE(clipped.err.find("changed since acquisition"), std::string::npos) << clipped.err;
    EXPECT_TRUE(!fs::exists(m_dir / "out") || fs::is_empty(m_dir / "out"));
    bool nothing = !fs::exists(m_dir / "out") || fs::is_empty(m_dir / "out");
    bool says = clipped.err.find(copy.string()) != std::string::npos &&
                clipped.err.find("changed since acquisition") != std::string::npos;
    record_result("faults", "a source recording changed (one byte) between `index` and `clip`",
                  "exit " + std::to_string(clipped.exit_code) +
                      (says ? "; names the file, \"changed since acquisition\"" : "; UNCLEAR") +
                      (nothing ? "; nothing written" : "; SOMETHING WRITTEN"));
}

TEST_F(Evidence, TheCustodyLogChainsAcquisitionsAndClipsAndNamesTheFirstBrokenEntry) {
    RunResult log = run_footage({"log", "--db", db(), "--json", "--verify"});
    ASSERT_EQ(log.exit_code, 0) << log.err;
    nlohmann::json result = log.json();
    EXPECT_TRUE(result["chain_intact"].get<bool>());
    std::set<std::string> actions;
    for (const nlohmann::json& entry : result["entries"]) {
        actions.insert(entry["action"].get<std::string>());
    }
    EXPECT_TRUE(actions.count("acquire") == 1 && actions.count("clip") == 1) << result.dump(1);
    // The bag carries the log up to its own clip entry.
    std::string custody = read_file(bag() / "data/custody.jsonl");
    EXPECT_NE(custody.find("\"action\":\"clip\""), std::string::npos);

    // Someone edits an entry behind footage's back.
    fs::path copy = m_dir / "edited.db";
    copy_catalog(db(), copy);
    {
        catalog::Database edited(copy, catalog::Database::Mode::read_write_create);
        edited.exec("UPDATE custody SET operator = 'someone else' WHERE seq = 2");
    }
    RunResult broken = run_footage({"log", "--db", copy.string(), "--verify"});
    EXPECT_EQ(broken.exit_code, 1) << broken.out << broken.err;
    EXPECT_NE(broken.out.find("BROKEN at entry 2"), std::string::npos) << broken.out;
}

TEST_F(Evidence, ASignedBagVerifiesWithTheKeyAndFailsAfterTampering) {
    fs::path key = m_dir / "case-key";
    RunResult made = run_footage({"keygen", "--out", key.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_EQ(fs::status(key).permissions() & fs::perms::others_read, fs::perms::none);
    RunResult again = run_footage({"keygen", "--out", key.string()});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("never overwritten"), std::string::npos) << again.err;

    RunResult clipped =
        clip({"--camera", "ch02", "--from", "2020-11-03 14:00:05", "--to", "2020-11-03 14:00:08",
              "--sign", key.string(), "--out", (m_dir / "signed").string(), "--json"});
    ASSERT_EQ(clipped.exit_code, 0) << clipped.err;
    fs::path signed_bag = clipped.json()["bag"].get<std::string>();
    std::string pub = key.string() + ".pub";
    RunResult verified = run_footage({"verify", signed_bag.string(), "--pubkey", pub});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("signature valid"), std::string::npos) << verified.out;
    // The signature is not listed in the tag manifest, and standard tools still accept the bag.
    EXPECT_EQ(read_file(signed_bag / "tagmanifest-sha256.txt").find("minisig"), std::string::npos);
    RunResult independent = run_program("/usr/bin/python3", {validator(), signed_bag.string()});
    EXPECT_EQ(independent.exit_code, 0) << independent.out;
    if (fs::exists("/usr/bin/minisign")) {
        RunResult minisign = run_program(
            "sh", {"-c", "cd '" + signed_bag.string() +
                             "' && minisign -Vm tagmanifest-sha256.txt -p '" + pub + "'"});
        EXPECT_EQ(minisign.exit_code, 0) << minisign.out << minisign.err;
    }
    // Another key does not verify it.
    ASSERT_EQ(run_footage({"keygen", "--out", (m_dir / "other").string()}).exit_code, 0);
    RunResult wrong =
        run_footage({"verify", signed_bag.string(), "--pubkey", (m_dir / "other.pub").string()});
    EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
    EXPECT_NE(wrong.out.find("tagmanifest-sha256.txt.minisig"), std::string::npos) << wrong.out;
    // A rewritten tag manifest (say, after swapping a clip and rehashing) breaks the signature.
    std::string manifest = read_file(signed_bag / "tagmanifest-sha256.txt");
    std::ofstream(signed_bag / "tagmanifest-sha256.txt", std::ios::app)
        << manifest.substr(0, 64) << "  extra.txt\n";
    std::ofstream(signed_bag / "extra.txt") << "x";
    RunResult tampered = run_footage({"verify", "--json", signed_bag.string(), "--pubkey", pub});
    EXPECT_EQ(tampered.exit_code, 1) << tampered.out;
    EXPECT_FALSE(tampered.json()["signature"]["valid"].get<bool>()) << tampered.out;
}

// Frames of `file` shown in [from_s, to_s) seconds of its own timeline.
int frames_between(const fs::path& file, double from_s, double to_s) {
    RunResult probed =
        run_program("ffprobe", {"-v", "error", "-select_streams", "v:0", "-show_entries",
                                "frame=pts_time", "-of", "csv=p=0", file.string()});
    int count = 0;
    std::istringstream lines(probed.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() ||
            !(std::isdigit(static_cast<unsigned char>(line[0])) || line[0] == '-')) {
            continue;  // a frame without a time, or side data
        }
        double t = std::stod(line);
        count += t >= from_s - 1e-6 && t < to_s - 1e-6 ? 1 : 0;
    }
    return count;
}

TEST_F(Evidence, ExactReencodesJustTheRequestedFramesAndSaysItIsADerivative) {
    RunResult clipped =
        clip({"--camera", "ch01", "--from", "2020-11-03 14:00:27.3", "--to",
              "2020-11-03 14:00:33.5", "--exact", "--out", (m_dir / "exact").string(), "--json"});
    ASSERT_EQ(clipped.exit_code, 0) << clipped.err;
    nlohmann::json result = clipped.json();
    ASSERT_EQ(result["clips"].size(), 2u);
    fs::path exact_bag = result["bag"].get<std::string>();
    // As many frames as the sources show in the range, no more: 27.3..30 and 30..33.5.
    fs::path first = exact_bag / result["clips"][0]["file"].get<std::string>();
    fs::path second = exact_bag / result["clips"][1]["file"].get<std::string>();
    fs::path source1 = result["clips"][0]["source"].get<std::string>();
    fs::path source2 = result["clips"][1]["source"].get<std::string>();
    EXPECT_EQ(frames_between(first, 0, 1e9), frames_between(source1, 27.3, 30.0));
    EXPECT_EQ(frames_between(second, 0, 1e9), frames_between(source2, 0.0, 3.5));
    EXPECT_EQ(result["clips"][0]["start"], "2020-11-03T14:00:27.300+07:00");
    EXPECT_EQ(result["clips"][1]["end"], "2020-11-03T14:00:33.500+07:00");
    nlohmann::json manifest = read_json(exact_bag / "data/manifest.json");
    EXPECT_EQ(manifest["method"], "re-encode");
    EXPECT_TRUE(manifest["derivative"].get<bool>());
    EXPECT_EQ(manifest["encoding"]["encoder"], "libx264");
    EXPECT_EQ(manifest["encoding"]["crf"], 18);
    RunResult verified = run_footage({"verify", exact_bag.string(), "--source", source1.string()});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(Evidence, AStreamCopyLosesNoFrameShownBeforeTheEnd) {
    // The drive's H.264 has B-frames: frames are stored out of display order.
    fs::path first = bag() / s_clip["clips"][0]["file"].get<std::string>();
    fs::path second = bag() / s_clip["clips"][1]["file"].get<std::string>();
    fs::path source2 = s_clip["clips"][1]["source"].get<std::string>();
    // Every frame the second source shows before the requested end (14:00:33, 3 s in) is in
    // the clip.
    EXPECT_GE(frames_between(second, 0, 1e9), frames_between(source2, 0.0, 3.0));
    RunResult decoded =
        run_program("ffmpeg", {"-v", "error", "-i", first.string(), "-f", "null", "-"});
    EXPECT_TRUE(decoded.err.empty()) << decoded.err;
}

TEST_F(Evidence, MalformedInputIsAUsageErrorThatSaysWhy) {
    fs::create_directories(m_dir / "notabag");
    RunResult dir = run_footage({"verify", (m_dir / "notabag").string()});
    EXPECT_EQ(dir.exit_code, 2);
    EXPECT_NE(dir.err.find("bagit.txt"), std::string::npos) << dir.err;
    std::ofstream(m_dir / "sums.txt") << "this is not a checksum line\n";
    RunResult sums = run_footage({"verify", (m_dir / "sums.txt").string()});
    EXPECT_EQ(sums.exit_code, 2);
    EXPECT_NE(sums.err.find("sums.txt:1"), std::string::npos) << sums.err;
    RunResult nothing = clip({"--camera", "ch01"});
    EXPECT_EQ(nothing.exit_code, 2);
    RunResult outside = clip({"--camera", "ch01", "--from", "2021-01-01 00:00", "--to",
                              "2021-01-01 00:01", "--out", (m_dir / "o").string()});
    EXPECT_EQ(outside.exit_code, 2);
    EXPECT_NE(outside.err.find("no recording of camera ch01"), std::string::npos) << outside.err;
}

}  // namespace
}  // namespace footage::test
