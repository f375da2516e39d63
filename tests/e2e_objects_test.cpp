// End to end: `index --objects` and `search --object` on real footage the project did not
// make (vtest.avi from Debian's opencv-doc: pedestrians, a parked van and car), on synthetic
// coloured rectangles (which are no one), and without the model installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "indexers/objects/object_store.hpp"
#include "indexers/objects/tracker.hpp"
#include "lib/catalog/catalog.hpp"
#include "lib/util/error.hpp"
#include "tests/support/run_footage.hpp"
#include "tests/support/shared_fixture.hpp"
#include "tests/support/vtest_objects.hpp"

namespace footage::test {
namespace {

nlohmann::json search_json(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--db", db, "--json"});
    RunResult run = run_footage(args);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    nlohmann::json result = run.json();
    return result["hits"];
}

// vtest.avi is indexed once (the detector takes a while) and shared by the tests below.
class VtestObjects : public VtestObjectIndex {
  protected:
    // People the detector saw, at least 0.4 sure, on the examined frame nearest `seconds`.
    static int people_at(double seconds) {
        catalog::Catalog catalog = catalog::Catalog::open(s_db, catalog::Database::Mode::read_only);
        catalog::Statement query = catalog.db().prepare(
            "SELECT d.pts_us, count(*) FROM object_detections d JOIN object_tracks t "
            "USING (recording_id, track) WHERE t.label = 'person' AND d.confidence >= 0.4 "
            "GROUP BY d.pts_us ORDER BY abs(d.pts_us - ?) LIMIT 1");
        query.bind(1, static_cast<int64_t>(seconds * 1e6));
        if (!query.step()) {
            return 0;
        }
        EXPECT_LE(std::abs(query.column_int(0) - static_cast<int64_t>(seconds * 1e6)), 400'000);
        return static_cast<int>(query.column_int(1));
    }
};

// A stored person box of vtest.avi (768 x 576, 10 frames a second), in pixels.
struct PixelBox {
    double x, y, w, h;
};

std::vector<PixelBox> stored_people(const std::string& db, int64_t pts_us, double min_confidence,
                                    double width = 768, double height = 576) {
    catalog::Catalog catalog = catalog::Catalog::open(db, catalog::Database::Mode::read_only);
    catalog::Statement query = catalog.db().prepare(
        "SELECT d.box_x, d.box_y, d.box_w, d.box_h FROM object_detections d JOIN object_tracks t "
        "USING (recording_id, track) WHERE t.label = 'person' AND t.confidence >= ? "
        "AND d.confidence >= ? AND d.pts_us = ?");
    query.bind(1, 0.4).bind(2, min_confidence).bind(3, pts_us);
    std::vector<PixelBox> boxes;
    while (query.step()) {
        boxes.push_back({query.column_double(0) * width, query.column_double(1) * height,
                         query.column_double(2) * width, query.column_double(3) * height});
    }
    return boxes;
}

double overlap(const PixelBox& a, const PixelBox& b) {
    double ix = std::max(0.0, std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x));
    double iy = std::max(0.0, std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y));
    return ix * iy / (a.w * a.h + b.w * b.h - ix * iy);
}

// Checked from PeopleAreFoundWherePeopleWalk (each test of the suite indexes vtest.avi again).
void person_boxes_match_the_hand_annotation(const std::string& db) {
    // tests/data/vtest_people.json: every person in five frames, boxed by hand (how: in the file).
    nlohmann::json annotation = read_json(source_dir() / "tests" / "data" / "vtest_people.json");
    int people = 0;
    int boxes = 0;
    int matched = 0;
    int close = 0;
    for (const nlohmann::json& frame : annotation["frames"]) {
        std::vector<PixelBox> found =
            stored_people(db, frame["frame"].get<int64_t>() * 100'000, 0.4);
        ASSERT_FALSE(found.empty()) << "frame " << frame["frame"] << " was not examined";
        boxes += static_cast<int>(found.size());
        for (const nlohmann::json& p : frame["people"]) {
            PixelBox truth{p[0], p[1], p[2], p[3]};
            double best = 0.0;
            for (const PixelBox& box : found) {
                best = std::max(best, overlap(box, truth));
            }
            ++people;
            matched += best >= 0.5 ? 1 : 0;
            close += best >= 0.7 ? 1 : 0;
        }
    }
    // Boxes shifted by half a grid cell matched 20 of 31 people at IoU 0.5 and 1 at 0.7.
    EXPECT_GE(matched, people * 8 / 10) << matched << " of " << people;
    EXPECT_GE(close, people * 7 / 10) << close << " of " << people << " at IoU 0.7";
    EXPECT_GE(matched, boxes * 9 / 10) << boxes << " boxes, " << matched << " on a person";
}

void moving_pixels_are_centred_in_the_person_boxes(const std::string& db) {
    // Not the detector's own word: every 10th frame as grey pixels, their median the empty
    // scene; every 40th frame, the moving pixels around each isolated person box.
    TempDir dir;
    std::filesystem::path raw = dir / "frames.gray";
    ASSERT_EQ(run_program("ffmpeg", {"-v", "error", "-i", vtest().string(), "-vf",
                                     "select=not(mod(n\\,10)),format=gray", "-fps_mode",
                                     "passthrough", "-f", "rawvideo", raw.string()})
                  .exit_code,
              0);
    const size_t w = 768;
    const size_t h = 576;
    std::string pixels = read_file(raw);
    const size_t frames = pixels.size() / (w * h);
    ASSERT_GE(frames, 79u);
    auto at = [&](size_t frame, size_t x, size_t y) {
        return static_cast<uint8_t>(pixels[(frame * h + y) * w + x]);
    };
    std::vector<uint8_t> background(w * h);
    std::vector<uint8_t> column(frames);
    for (size_t i = 0; i < w * h; ++i) {
        for (size_t f = 0; f < frames; ++f) {
            column[f] = static_cast<uint8_t>(pixels[f * w * h + i]);
        }
        std::nth_element(column.begin(), column.begin() + static_cast<long>(frames / 2),
                         column.end());
        background[i] = column[frames / 2];
    }
    std::vector<double> dx;
    std::vector<double> dy;
    for (size_t f = 0; f < frames; f += 4) {
        std::vector<PixelBox> all = stored_people(db, static_cast<int64_t>(f) * 1'000'000, 0.3);
        for (const PixelBox& b : stored_people(db, static_cast<int64_t>(f) * 1'000'000, 0.5)) {
            // Around the box by 30% of its size: nobody else's box in it.
            double x0 = std::max(0.0, b.x - 0.3 * b.w);
            double y0 = std::max(0.0, b.y - 0.3 * b.h);
            double x1 = std::min(double(w), b.x + 1.3 * b.w);
            double y1 = std::min(double(h), b.y + 1.3 * b.h);
            bool alone = std::none_of(all.begin(), all.end(), [&](const PixelBox& o) {
                bool same = overlap(o, b) > 0.95;
                return !same && o.x < x1 && o.x + o.w > x0 && o.y < y1 && o.y + o.h > y0;
            });
            if (!alone) {
                continue;
            }
            // The silhouette's extent: rows and columns with at least 3 moving pixels.
            int64_t left = INT64_MAX, right = -1, top = INT64_MAX, bottom = -1;
            for (size_t y = size_t(y0); y < size_t(y1); ++y) {
                int n = 0;
                for (size_t x = size_t(x0); x < size_t(x1); ++x) {
                    n += std::abs(int(at(f, x, y)) - int(background[y * w + x])) > 30 ? 1 : 0;
                }
                if (n >= 3) {
                    top = std::min<int64_t>(top, int64_t(y));
                    bottom = int64_t(y);
                }
            }
            for (size_t x = size_t(x0); x < size_t(x1); ++x) {
                int n = 0;
                for (size_t y = size_t(y0); y < size_t(y1); ++y) {
                    n += std::abs(int(at(f, x, y)) - int(background[y * w + x])) > 30 ? 1 : 0;
                }
                if (n >= 3) {
                    left = std::min<int64_t>(left, int64_t(x));
                    right = int64_t(x);
                }
            }
            if (right < 0 || bottom < 0) {
                continue;
            }
            dx.push_back(double(left + right + 1) / 2 - (b.x + b.w / 2));
            dy.push_back(double(top + bottom + 1) / 2 - (b.y + b.h / 2));
        }
    }
    ASSERT_GE(dx.size(), 20u) << "isolated walkers";
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    // Boxes measured from the grid cells' corners sat 7 px left of and 6 px above the walkers.
    EXPECT_NEAR(median(dx), 0.0, 2.0) << dx.size() << " walkers";
    EXPECT_NEAR(median(dy), 0.0, 2.0) << dy.size() << " walkers";
}

TEST_F(VtestObjects, PeopleAreFoundWherePeopleWalk) {
    // Counted by hand on the frames at these times (a person half hidden by the sign counts).
    const std::map<double, int> by_hand = {{10.0, 7}, {30.0, 6}, {50.0, 4}, {70.0, 8}};
    for (const auto& [seconds, people] : by_hand) {
        int found = people_at(seconds);
        EXPECT_GE(found, people - 1) << "at " << seconds << " s";
        EXPECT_LE(found, people) << "at " << seconds << " s";
    }
    person_boxes_match_the_hand_annotation(s_db);
    moving_pixels_are_centred_in_the_person_boxes(s_db);
}

TEST_F(VtestObjects, ThePassersByAreTracksNotOneHitPerFrame) {
    nlohmann::json people = search_json(s_db, {"--object", "person"});
    // About twenty people cross the square in 80 s; a track that breaks (a person hidden by
    // the sign or by another) adds one. Frames examined: about 200, each with several people.
    EXPECT_GE(people.size(), 12u);
    EXPECT_LE(people.size(), 40u);
    for (const nlohmann::json& hit : people) {
        EXPECT_EQ(hit["kind"], "object");
        EXPECT_EQ(hit["label"], "person");
        EXPECT_GE(hit["confidence"].get<double>(), 0.4);  // the default for a person
        EXPECT_EQ(hit["box"].size(), 4u);
        EXPECT_FALSE(hit["color"].get<std::string>().empty());
        EXPECT_NE(hit["id"].get<std::string>().find("#person"), std::string::npos);
    }
}

TEST_F(VtestObjects, TheParkedVanAndCarAreVehicles) {
    // Top right: a white van, and a car beyond it at the frame's edge.
    nlohmann::json vans = search_json(
        s_db, {"--object", "truck", "--min-confidence", "0.3", "--region", "0.75,0,0.25,0.25"});
    ASSERT_FALSE(vans.empty());
    EXPECT_EQ(vans[0]["color"], "white");
    EXPECT_GT(vans[0]["duration"].get<double>(), 60.0);  // parked: there the whole time
    nlohmann::json cars = search_json(
        s_db, {"--object", "car", "--min-confidence", "0.3", "--region", "0.75,0,0.25,0.25"});
    EXPECT_FALSE(cars.empty());
    // At the default confidence too: the van as a white truck, the car, both as vehicles.
    nlohmann::json trucks =
        search_json(s_db, {"--object", "truck", "--region", "0.75,0,0.25,0.25"});
    ASSERT_FALSE(trucks.empty());
    EXPECT_EQ(trucks[0]["color"], "white");
    EXPECT_FALSE(search_json(s_db, {"--object", "car", "--region", "0.75,0,0.25,0.25"}).empty());
    nlohmann::json vehicles =
        search_json(s_db, {"--object", "vehicle", "--region", "0.75,0,0.25,0.25"});
    EXPECT_GE(vehicles.size(), 2u);
    for (const nlohmann::json& hit : vehicles) {
        EXPECT_TRUE(hit["label"] == "car" || hit["label"] == "truck") << hit.dump();
    }
    // Nobody walks on the lawn's lower left, and no car drives there.
    EXPECT_TRUE(search_json(s_db, {"--object", "car", "--region", "0,0.75,0.3,0.25"}).empty());
}

TEST_F(VtestObjects, FiltersByTimeColourAndConfidenceAndDrawsThumbnails) {
    nlohmann::json all = search_json(s_db, {"--object", "person"});
    nlohmann::json late =
        search_json(s_db, {"--object", "person", "--from", "2020-01-01 10:01:00"});
    EXPECT_LT(late.size(), all.size());
    for (const nlohmann::json& hit : late) {
        EXPECT_GE(hit["end"].get<std::string>(), "2020-01-01T10:01:00");
    }
    nlohmann::json sure = search_json(s_db, {"--object", "person", "--min-confidence", "0.75"});
    EXPECT_LT(sure.size(), all.size());
    std::string colour = all[0]["color"];
    nlohmann::json coloured = search_json(s_db, {"--object", "person", "--color", colour});
    EXPECT_FALSE(coloured.empty());
    EXPECT_LT(coloured.size(), all.size());
    for (const nlohmann::json& hit : coloured) {
        EXPECT_EQ(hit["color"], colour);
    }

    TempDir thumbs;
    RunResult run = run_footage({"search", "--db", s_db, "--object", "truck", "--min-confidence",
                                 "0.3", "--thumbnails", thumbs.path().string(), "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    nlohmann::json result = run.json();
    for (const nlohmann::json& hit : result["hits"]) {
        EXPECT_GT(std::filesystem::file_size(hit["thumbnail"].get<std::string>()), 1000u);
    }
}

TEST_F(VtestObjects, AnObjectHitCutsAClip) {
    nlohmann::json people = search_json(s_db, {"--object", "person", "--limit", "1"});
    ASSERT_EQ(people.size(), 1u);
    TempDir out;
    RunResult run = run_footage({"clip", "--db", s_db, "--hit", people[0]["id"], "--out",
                                 out.path().string(), "--case", "obj", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    RunResult verified = run_footage({"verify", run.json()["bag"].get<std::string>()});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(VtestObjects, TheCaseReportShowsObjectHitsWithTheirPictures) {
    TempDir dir;
    std::filesystem::path out = dir / "report";
    RunResult run = run_footage({"report", "--db", s_db, "--out", out.string(), "--object", "truck",
                                 "--min-confidence", "0.3", "--case", "obj"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    RunResult checked = check_report(out);
    EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
    nlohmann::json report = read_json(out / "report.json");
    ASSERT_FALSE(report["hits"].empty());
    for (const nlohmann::json& hit : report["hits"]) {
        EXPECT_EQ(hit["kind"], "object");
        EXPECT_EQ(hit["label"], "truck");
        EXPECT_FALSE(hit["thumbnail"].is_null());
    }
    EXPECT_NE(read_file(out / "index.html").find("truck"), std::string::npos);
}

TEST_F(VtestObjects, TheModelThatFoundThemIsRecorded) {
    catalog::Catalog catalog = catalog::Catalog::open(s_db, catalog::Database::Mode::read_only);
    catalog::Statement query =
        catalog.db().prepare("SELECT model, model_sha256, frames_examined FROM object_meta");
    ASSERT_TRUE(query.step());
    const std::string model = query.column_text(0);
    EXPECT_NE(model.find("nanodet"), std::string::npos);
    // And what ran it: the runtimes agree only to their last digits (detector.hpp).
    EXPECT_TRUE(model.ends_with(" on oneDNN bf16") || model.ends_with(" on oneDNN f32") ||
                model.ends_with(" on OpenCV"))
        << model;
    RunResult sum = run_program("sha256sum", {indexers::objects::find_model().string()});
    EXPECT_EQ(sum.out.substr(0, 64), query.column_text(1));
    // The whole scene moves all the time: 2.5 examined frames a second over 79.5 s.
    EXPECT_GT(query.column_int(2), 150);
    EXPECT_LT(query.column_int(2), 260);
}

// Rectangles of colour sliding over grey: motion everywhere, but no one there.
TEST(Objects, ColouredRectanglesAreNoOne) {
    if (std::string why = object_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    TempDir dir;
    std::filesystem::path clip = dir / "rectangles.mp4";
    RunResult made = run_program(
        "ffmpeg",
        {"-v",
         "error",
         "-f",
         "lavfi",
         "-i",
         "color=c=0x707070:s=640x360:r=25:d=12",
         "-f",
         "lavfi",
         "-i",
         "color=c=red:s=60x140:r=25:d=12",
         "-f",
         "lavfi",
         "-i",
         "color=c=blue:s=160x70:r=25:d=12",
         "-f",
         "lavfi",
         "-i",
         "color=c=yellow:s=40x40:r=25:d=12",
         "-filter_complex",
         "[0][1]overlay=x='mod(t*90,640)':y=60[a];[a][2]overlay=x='600-mod(t*70,640)':y=220[b];"
         "[b][3]overlay=x=300+100*sin(t):y=150+80*cos(t)",
         "-c:v",
         "libx264",
         "-pix_fmt",
         "yuv420p",
         "-g",
         "25",
         clip.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::string db = (dir / "footage.db").string();
    RunResult run = run_footage({"index", "--db", db, "--tz", "UTC", "--camera", "synthetic",
                                 "--start", "2020-01-01 12:00:00", "--objects", clip.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    RunResult people = run_footage({"search", "--db", db, "--object", "person"});
    EXPECT_EQ(people.exit_code, 1) << people.out;
    EXPECT_NE(people.out.find("no person found"), std::string::npos) << people.out;
    // The motion is there: it is the detector that says nobody is.
    RunResult motion = run_footage({"search", "--db", db});
    EXPECT_EQ(motion.exit_code, 0) << motion.out << motion.err;
}

TEST(Objects, AddingTheObjectIndexLaterKeepsTheMotionIndexAndDecodesOnlyForObjects) {
    if (std::string why = vtest_with_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    TempDir dir;
    std::filesystem::path clip = dir / "yard.mp4";
    // The first 12 s of vtest.avi, as an H.264 file of its own.
    ASSERT_EQ(run_program("ffmpeg", {"-v", "error", "-i", vtest().string(), "-t", "12", "-c:v",
                                     "libx264", "-pix_fmt", "yuv420p", clip.string()})
                  .exit_code,
              0);
    std::string db = (dir / "footage.db").string();
    std::vector<std::string> base = {
        "index", "--db", db, "--tz", "UTC", "--camera", "yard", "--start", "2020-01-01 10:00:00"};
    std::vector<std::string> first = base;
    first.push_back(clip.string());
    ASSERT_EQ(run_footage(first).exit_code, 0);
    nlohmann::json motion_before = search_json(db, {});
    EXPECT_EQ(search_json(db, {"--object", "person"}).size(), 0u);

    std::vector<std::string> second = base;
    second.insert(second.end(), {"--objects", "--json", clip.string()});
    RunResult added = run_footage(second);
    ASSERT_EQ(added.exit_code, 0) << added.err;
    nlohmann::json report = added.json();
    EXPECT_EQ(report["files"][0]["status"], "updated") << report.dump(2);
    EXPECT_NE(report["files"][0]["reason"].get<std::string>().find("objects"), std::string::npos);
    EXPECT_EQ(search_json(db, {}), motion_before);  // the motion index is untouched
    EXPECT_FALSE(search_json(db, {"--object", "person"}).empty());
    // Only the acquisition is in the custody log: nothing new was acquired.
    RunResult log = run_footage({"log", "--db", db, "--json"});
    nlohmann::json entries = log.json();
    EXPECT_EQ(entries["entries"].size(), 1u) << log.out;

    RunResult again = run_footage(second);
    nlohmann::json again_report = again.json();
    EXPECT_EQ(again_report["files"][0]["status"], "unchanged");
}

// vtest.avi from its frame 56, `frames` of it at 10 fps, pasted at its own size at (576, 252) into
// a 1920x1080 frame on a grey grid, as a wide camera would see people far away, written to
// `clip`. False (the test failed, with FFmpeg's reason) when it could not be made.
bool vtest_in_1080p(const std::filesystem::path& clip, int frames) {
    RunResult made =
        run_program("ffmpeg", {"-v", "error", "-ss", "5.6", "-i", vtest().string(), "-f", "lavfi",
                               "-i", "color=c=0x5a5f5a:s=1920x1080:r=10", "-filter_complex",
                               "[1:v]drawgrid=w=48:h=48:t=2:c=white@0.3[bg];"
                               "[bg][0:v]overlay=x=576:y=252:shortest=1,format=yuv420p",
                               "-frames:v", std::to_string(frames), "-c:v", "libx264", "-preset",
                               "ultrafast", clip.string()});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return made.exit_code == 0;
}

// The people of the hand-annotated frame 60 of vtest.avi (tests/data/vtest_people.json) that a
// person box stored at `pts_us` matches at IoU 0.5, with vtest.avi pasted at (dx, dy) into a
// 1920x1080 frame; `boxes`: how many boxes (at the default 0.4) there are.
int annotated_people_found(const std::string& db, int64_t pts_us, double dx, double dy,
                           size_t& boxes) {
    nlohmann::json annotation = read_json(source_dir() / "tests" / "data" / "vtest_people.json");
    std::vector<PixelBox> found = stored_people(db, pts_us, 0.4, 1920, 1080);
    boxes = found.size();
    int matched = 0;
    for (const nlohmann::json& frame : annotation["frames"]) {
        if (frame["frame"] != 60) {
            continue;
        }
        for (const nlohmann::json& p : frame["people"]) {
            PixelBox truth{p[0].get<double>() + dx, p[1].get<double>() + dy, p[2], p[3]};
            matched += std::any_of(found.begin(), found.end(),
                                   [&](const PixelBox& box) { return overlap(box, truth) >= 0.5; });
        }
    }
    return matched;
}

// vtest.avi pasted at its own size into a 1920x1080 frame, as a wide camera would see people
// far away: its six people of frame 60, 67-106 px tall, are 15-25 px tall once the whole frame
// is shrunk to the detector's 416x416, which finds none of them; crops of the frame at its own
// resolution around what moves show them to the detector at their own size.
TEST(Objects, SmallPeopleIn1080pAreFoundOnCropsAroundWhatMoves) {
    if (std::string why = vtest_with_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    TempDir dir;
    // Frames 56-60 (0.5 s); frame 60 is at 0.4 s, the second examined frame (the first has no
    // earlier frame to show what moves).
    const std::filesystem::path clip = dir / "wide.mp4";
    ASSERT_TRUE(vtest_in_1080p(clip, 5));
    auto index = [&](const std::string& db) {
        RunResult run =
            run_footage({"index", "--db", db, "--tz", "UTC", "--camera", "wide", "--start",
                         "2020-01-01 10:00:00", "--no-motion", "--objects", clip.string()});
        EXPECT_EQ(run.exit_code, 0) << run.err;
    };
    const std::string with_crops = (dir / "crops.db").string();
    index(with_crops);
    size_t boxes = 0;
    int found = annotated_people_found(with_crops, 400'000, 576, 252, boxes);
    EXPECT_GE(found, 5) << "of the 6 people";
    EXPECT_LE(boxes, static_cast<size_t>(found) + 1) << "boxes on no one";

    // The whole frame alone, as before the crops (FOOTAGE_OBJECT_CROPS is a bench knob).
    ::setenv("FOOTAGE_OBJECT_CROPS", "0", 1);
    const std::string whole_frame = (dir / "whole.db").string();
    index(whole_frame);
    ::unsetenv("FOOTAGE_OBJECT_CROPS");
    EXPECT_LE(annotated_people_found(whole_frame, 400'000, 576, 252, boxes), 1);
}

// vtest.avi's people pasted at their own size into a 1920x1080 frame for 10 s. Motion that a
// track walking alone explains is looked at every other time (live_track.hpp), but here people
// walk in groups and past each other, where boxes may swap between tracks: every look is kept,
// and the people are followed exactly as when every look is taken.
TEST(Objects, PeopleInAGroupAreLookedAtEveryTime) {
    if (std::string why = vtest_with_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    TempDir dir;
    const std::filesystem::path clip = dir / "wide.mp4";
    ASSERT_TRUE(vtest_in_1080p(clip, 100));
    struct Followed {
        int64_t examined = 0;
        std::vector<std::string> tracks;  // label, first and last sighting, sightings
    };
    auto index = [&](const std::string& db) {
        RunResult run =
            run_footage({"index", "--db", db, "--tz", "UTC", "--camera", "wide", "--start",
                         "2020-01-01 10:00:00", "--no-motion", "--objects", clip.string()});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        catalog::Catalog catalog = catalog::Catalog::open(db, catalog::Database::Mode::read_only);
        Followed followed;
        catalog::Statement meta = catalog.db().prepare("SELECT frames_examined FROM object_meta");
        EXPECT_TRUE(meta.step());
        followed.examined = meta.column_int(0);
        catalog::Statement tracks = catalog.db().prepare(
            "SELECT label || ' ' || first_us || '-' || last_us || ' x' || sightings "
            "FROM object_tracks ORDER BY track");
        while (tracks.step()) {
            followed.tracks.push_back(tracks.column_text(0));
        }
        return followed;
    };
    const Followed followed = index((dir / "follow.db").string());
    // Every look, as before (FOOTAGE_OBJECT_FOLLOW is a bench knob).
    ::setenv("FOOTAGE_OBJECT_FOLLOW", "0", 1);
    const Followed every = index((dir / "every.db").string());
    ::unsetenv("FOOTAGE_OBJECT_FOLLOW");

    EXPECT_EQ(every.examined, 25) << "2.5 frames a second over 10 s";
    EXPECT_EQ(followed.examined, every.examined);
    EXPECT_EQ(followed.tracks, every.tracks);
}

// The generated drive's ch01: two consecutive 30 s files, a box crossing from the first into
// the second (27-33 s). Its object index is written as the detector would have, had it called
// the box a person (the detector does not run here: the joining is search's).
TEST(Objects, AWalkerAcrossTwoFilesIsOneHitCutIntoOneBag) {
    TempDir dir;
    std::filesystem::path nvr = generated_drive() / "NVR";
    std::string db = (dir / "footage.db").string();
    RunResult indexed = run_footage({"index", "--db", db, "--tz", "Asia/Ho_Chi_Minh",
                                     (nvr / "ch01_20201103140000_20201103140030.mp4").string(),
                                     (nvr / "ch01_20201103140030_20201103140100.mp4").string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    nlohmann::json motion = search_json(db, {});
    {
        catalog::Catalog catalog =
            catalog::Catalog::open(db, catalog::Database::Mode::read_write_create);
        std::vector<catalog::RecordingRow> rows = catalog.recordings();
        ASSERT_EQ(rows.size(), 2u);
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return a.path < b.path; });
        // 40 px box, y 20, in 320 x 180: x 0 -> 140 over 27-30 s, then 140 -> 280 over 0-3 s.
        for (size_t file = 0; file < 2; ++file) {
            indexers::objects::Tracker tracker;
            for (int step = 0; step <= 7; ++step) {
                double t = 0.4 * step;  // seconds into the crossing's part in this file
                double x = (file == 0 ? 0.0 : 140.0) + 140.0 * t / 3.0;
                int64_t pts = static_cast<int64_t>(((file == 0 ? 27.0 : 0.0) + t) * 1e6);
                indexers::objects::Detection d{
                    0, 0.7f + 0.01f * static_cast<float>(step),
                    media::Box{x / 320, 20.0 / 180, 40.0 / 320, 40.0 / 180}};
                tracker.add(pts, {d}, {"white"});
            }
            catalog::Transaction tx(catalog.db());
            indexers::objects::store_objects(
                catalog, rows[file].id, {"test", std::string(64, '0'), 0.3, 8}, tracker.finish());
            catalog.set_recording_indexers(rows[file].id, rows[file].indexers + ",objects");
            tx.commit();
        }
    }
    nlohmann::json people = search_json(db, {"--object", "person"});
    ASSERT_EQ(people.size(), 1u) << people.dump(2);
    EXPECT_EQ(people[0]["start"].get<std::string>().substr(0, 19), "2020-11-03T14:00:27");
    EXPECT_NEAR(people[0]["duration"].get<double>(), 32.8 - 27, 0.01);
    EXPECT_EQ(people[0]["sightings"], 16);
    EXPECT_NE(people[0]["id"].get<std::string>().find("#person"), std::string::npos);
    // The same hit, with the same ID, when the question is only about the second file.
    nlohmann::json late = search_json(db, {"--object", "person", "--from", "2020-11-03 14:00:31"});
    ASSERT_EQ(late.size(), 1u);
    EXPECT_EQ(late[0]["id"], people[0]["id"]);
    EXPECT_EQ(search_json(db, {}), motion);  // motion hits untouched

    TempDir out;
    RunResult clip = run_footage({"clip", "--db", db, "--hit", people[0]["id"], "--out",
                                  out.path().string(), "--case", "walker", "--json"});
    ASSERT_EQ(clip.exit_code, 0) << clip.err;
    nlohmann::json bag = clip.json();
    EXPECT_EQ(bag["clips"].size(), 2u) << bag.dump(2);
    RunResult verified = run_footage({"verify", bag["bag"].get<std::string>()});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST(Objects, WithoutTheModelOnlyTheObjectIndexIsUnavailable) {
    TempDir dir;
    std::string db = (dir / "footage.db").string();
    std::filesystem::path clip = dir / "clip.mp4";
    ASSERT_EQ(
        run_program("ffmpeg", {"-v", "error", "-f", "lavfi", "-i", "testsrc=s=320x180:r=10:d=3",
                               "-pix_fmt", "yuv420p", clip.string()})
            .exit_code,
        0);
    std::vector<std::string> index = {"FOOTAGE_MODEL_DIR=" + (dir / "no-models").string(),
                                      footage_binary(),
                                      "index",
                                      "--db",
                                      db,
                                      "--camera",
                                      "c1",
                                      "--start",
                                      "2020-01-01 10:00:00",
                                      "--tz",
                                      "UTC"};
    std::vector<std::string> with_objects = index;
    with_objects.insert(with_objects.end(), {"--objects", clip.string()});
    RunResult refused = run_program("env", with_objects);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("fetch_models.sh"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("no-models"), std::string::npos) << refused.err;
    EXPECT_FALSE(std::filesystem::exists(db)) << "nothing is written before the check";

    index.push_back(clip.string());
    RunResult motion_only = run_program("env", index);
    EXPECT_EQ(motion_only.exit_code, 0) << motion_only.err;

    RunResult bad_class = run_footage({"search", "--db", db, "--object", "pedestrian"});
    EXPECT_EQ(bad_class.exit_code, 2);
    EXPECT_NE(bad_class.err.find("person"), std::string::npos) << bad_class.err;
    RunResult bad_colour =
        run_footage({"search", "--db", db, "--object", "car", "--color", "magenta"});
    EXPECT_EQ(bad_colour.exit_code, 2);
    EXPECT_NE(bad_colour.err.find("brown"), std::string::npos) << bad_colour.err;
    RunResult not_indexed = run_footage({"search", "--db", db, "--object", "car"});
    EXPECT_EQ(not_indexed.exit_code, 1);
    EXPECT_NE(not_indexed.err.find("index --objects"), std::string::npos) << not_indexed.err;
}

}  // namespace
}  // namespace footage::test
