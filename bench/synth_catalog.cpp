// Synthesises a large motion catalog for bench/district_bench.sh: N cameras x H one-hour
// recordings, each with motion index rows shaped like real ones (5 samples a second, 32x18 grid,
// 10-second bursts of a small moving blob covering a share of the time), written through the same
// store the motion indexer uses. With "objects" (bench/appearance_search_bench.sh) each burst is
// also an object index's track or two, as index --objects stores them: a person (3 in 4) or a
// car walking or driving through, seen 2.5 times a second, with its appearance descriptor drawn
// around one of a few hundred identities (so that --like has people alike and unlike to rank).
// Usage: footage_synth_catalog DB CAMERAS HOURS ACTIVE_FRACTION [FIRST_CAMERA] [objects]
// (cameras are named cam<FIRST_CAMERA>..; default 1, so shards of one district do not collide)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>

#include "indexers/index_tables.hpp"
#include "indexers/motion/motion_store.hpp"
#include "indexers/objects/appearance_store.hpp"
#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/color_name.hpp"
#include "indexers/objects/object_store.hpp"
#include "lib/catalog/catalog.hpp"

using namespace footage;

namespace {

namespace objects = indexers::objects;

constexpr int kIdentities = 400;

// A random look: the descriptor's own blob (whatever its version and length) with a few bins
// set, decoded. Made through the blob only, so that the bench follows the descriptor's changes.
objects::Appearance random_look(std::mt19937& random) {
    std::vector<uint8_t> blob = objects::encode_appearance(objects::Appearance{});
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> byte(1, 255);
    for (size_t i = 1; i < blob.size(); ++i) {
        blob[i] = unit(random) < 0.15 ? static_cast<uint8_t>(byte(random)) : 0;
    }
    std::optional<objects::Appearance> look = objects::decode_appearance(blob);
    return look ? *look : objects::Appearance{};
}

std::vector<objects::Appearance> identities(std::mt19937& random) {
    std::vector<objects::Appearance> people;
    std::uniform_int_distribution<size_t> color(0, objects::color_names().size() - 1);
    for (int i = 0; i < kIdentities; ++i) {
        objects::Appearance look = random_look(random);
        look.upper_color = std::string(objects::color_names()[color(random)]);
        look.lower_color = std::string(objects::color_names()[color(random)]);
        people.push_back(std::move(look));
    }
    return people;
}

// The object index of one recording: a track or two per motion burst.
void store_tracks(catalog::Catalog& db, int64_t recording_id, const std::vector<int64_t>& bursts,
                  int64_t burst_us, const std::vector<objects::Appearance>& people,
                  std::mt19937& random) {
    const int32_t person = *objects::coco_label_index("person");
    const int32_t car = *objects::coco_label_index("car");
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<size_t> who(0, people.size() - 1);
    std::vector<objects::Track> tracks;
    std::map<int32_t, objects::Appearance> looks;
    for (int64_t start : bursts) {
        const int count = unit(random) < 0.3 ? 2 : 1;
        for (int k = 0; k < count; ++k) {
            objects::Track track;
            track.id = static_cast<int32_t>(tracks.size()) + 1;
            track.label = unit(random) < 0.75 ? person : car;
            track.first_us = start + k * 400'000;
            track.last_us = start + burst_us - 400'000;
            const double y = 0.2 + 0.5 * unit(random);
            const double w = track.label == person ? 0.05 : 0.15;
            const double h = track.label == person ? 0.2 : 0.12;
            for (int64_t t = track.first_us; t <= track.last_us; t += 400'000) {
                objects::Sighting sighting;
                sighting.pts_us = t;
                sighting.detection.label = track.label;
                sighting.detection.confidence = static_cast<float>(0.45 + 0.5 * unit(random));
                const double x =
                    0.9 * static_cast<double>(t - start) / static_cast<double>(burst_us);
                sighting.detection.box = {x, y, w, h};
                sighting.color = "grey";
                if (track.sightings.empty() ||
                    sighting.detection.confidence > track.best.detection.confidence) {
                    track.best = sighting;
                }
                track.sightings.push_back(std::move(sighting));
            }
            const objects::Appearance& identity = people[who(random)];
            // Another camera, other light: the identity's look with some of another mixed in.
            objects::Appearance look =
                objects::blend_appearances({{identity, 0.85}, {random_look(random), 0.15}});
            look.upper_color = identity.upper_color;
            look.lower_color = identity.lower_color;
            track.color = identity.upper_color;
            looks[track.id] = std::move(look);
            tracks.push_back(std::move(track));
        }
    }
    objects::store_objects(db, recording_id, {"synthetic", std::string(64, '0'), 0.3, 9000},
                           tracks);
    objects::store_appearances(db, recording_id, looks);
}

}  // namespace

int main(int argc, char** argv) {
    const bool with_objects = argc >= 6 && std::strcmp(argv[argc - 1], "objects") == 0;
    const int args = with_objects ? argc - 1 : argc;
    if (args != 5 && args != 6) {
        std::fprintf(stderr,
                     "usage: %s DB CAMERAS HOURS ACTIVE_FRACTION [FIRST_CAMERA] [objects]\n",
                     argv[0]);
        return 2;
    }
    const int cameras = std::atoi(argv[2]);
    const int hours = std::atoi(argv[3]);
    const double active = std::atof(argv[4]);
    const int first_camera = args == 6 ? std::atoi(argv[5]) : 1;
    constexpr int32_t kCols = 32, kRows = 18;
    constexpr int64_t kSampleUs = 200'000, kChunkUs = 20'000'000, kHourUs = 3'600'000'000LL;
    constexpr int64_t kBurstUs = 10'000'000;
    const int64_t day_start_us = 1'604'361'600'000'000LL;  // 2020-11-03T00:00Z
    catalog::Catalog db =
        catalog::Catalog::open(argv[1], catalog::Database::Mode::read_write_create);
    std::mt19937 random(static_cast<unsigned>(first_camera));
    std::mt19937 same_people(7);  // every shard of a district sees the same identities
    const std::vector<objects::Appearance> people =
        with_objects ? identities(same_people) : std::vector<objects::Appearance>{};
    if (with_objects) {
        indexers::migrate_tables(db, *indexers::find_indexer("objects"));
    }
    for (int c = 0; c < cameras; ++c) {
        catalog::Transaction transaction(db.db());
        char id[16];
        std::snprintf(id, sizeof id, "cam%03d", first_camera + c);
        db.upsert_camera(catalog::CameraRow{id, first_camera + c, "", 0});
        for (int h = 0; h < hours; ++h) {
            catalog::RecordingRow row;
            row.path = "/synthetic/" + std::string(id) + "/hour" + std::to_string(h) + ".mp4";
            row.camera_id = id;
            row.size = 1'000'000'000;
            row.sha256 = std::string(64, '0');
            row.container = "mp4";
            row.codec = "h264";
            row.width = 1920;
            row.height = 1080;
            row.frame_rate = 25.0;
            row.start_recorder_us = day_start_us + h * kHourUs;
            row.duration_us = kHourUs;
            row.time_source = "declared";
            row.zone = "UTC";
            row.indexers = with_objects ? "motion,objects" : "motion";
            int64_t id_row = db.put_recording(row);
            // Bursts: a 3x3 blob crossing one grid row, at random places in the hour.
            std::vector<indexers::motion::MotionChunk> chunks;
            std::vector<indexers::motion::RecordingEvent> events;
            const int bursts = static_cast<int>(active * kHourUs / kBurstUs);
            std::vector<int64_t> starts;
            for (int b = 0; b < bursts; ++b) {
                starts.push_back(static_cast<int64_t>(random() % (kHourUs / kSampleUs - 60)) *
                                 kSampleUs);
            }
            std::sort(starts.begin(), starts.end());
            std::vector<indexers::motion::GridFrame> pending;
            int64_t chunk_start = -1;
            auto close = [&]() {
                if (pending.empty()) {
                    return;
                }
                indexers::motion::MotionChunk chunk;
                chunk.start_offset_us = chunk_start;
                chunk.end_offset_us = chunk_start + kChunkUs;
                chunk.peak.assign(kCols * kRows, 0);
                for (const auto& frame : pending) {
                    for (size_t i = 0; i < frame.cells.size(); ++i) {
                        chunk.peak[i] = std::max(chunk.peak[i], frame.cells[i]);
                    }
                }
                chunk.frames = indexers::motion::encode_frames(pending, kCols, kRows, chunk_start);
                chunks.push_back(std::move(chunk));
                pending.clear();
            };
            int64_t last_pts = -1;
            for (int64_t start : starts) {
                int row_index = static_cast<int>(random() % (kRows - 3));
                for (int64_t t = std::max(start, last_pts + kSampleUs); t < start + kBurstUs;
                     t += kSampleUs) {
                    indexers::motion::GridFrame frame{t, std::vector<uint8_t>(kCols * kRows, 0)};
                    int col = static_cast<int>((t - start) * (kCols - 3) / kBurstUs);
                    for (int dy = 0; dy < 3; ++dy) {
                        for (int dx = 0; dx < 3; ++dx) {
                            frame.cells[(row_index + dy) * kCols + col + dx] = 180;
                        }
                    }
                    int64_t cs = t - t % kChunkUs;
                    if (cs != chunk_start) {
                        close();
                        chunk_start = cs;
                    }
                    pending.push_back(std::move(frame));
                    last_pts = t;
                }
            }
            close();
            indexers::motion::MotionMeta meta{kCols, kRows, kSampleUs, kHourUs, 0};
            indexers::motion::store_motion(db, id_row, meta, chunks, events);
            if (with_objects) {
                store_tracks(db, id_row, starts, kBurstUs, people, random);
            }
        }
        transaction.commit();
    }
    return 0;
}
