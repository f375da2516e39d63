// Synthesises a large motion catalog for bench/search_bench.sh: N cameras x H one-hour
// recordings, each with motion index rows shaped like real ones (5 samples a second, 32x18 grid,
// 10-second bursts of a small moving blob covering a share of the time), written through the same
// store the motion indexer uses.
// Usage: footage_synth_catalog DB CAMERAS HOURS ACTIVE_FRACTION [FIRST_CAMERA]
// (cameras are named cam<FIRST_CAMERA>..; default 1, so shards of one district do not collide)
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "indexers/motion/motion_store.hpp"
#include "lib/catalog/catalog.hpp"

using namespace footage;

int main(int argc, char** argv) {
    if (argc != 5 && argc != 6) {
        std::fprintf(stderr, "usage: %s DB CAMERAS HOURS ACTIVE_FRACTION [FIRST_CAMERA]\n",
                     argv[0]);
        return 2;
    }
    const int cameras = std::atoi(argv[2]);
    const int hours = std::atoi(argv[3]);
    const double active = std::atof(argv[4]);
    const int first_camera = argc == 6 ? std::atoi(argv[5]) : 1;
    constexpr int32_t kCols = 32, kRows = 18;
    constexpr int64_t kSampleUs = 200'000, kChunkUs = 20'000'000, kHourUs = 3'600'000'000LL;
    constexpr int64_t kBurstUs = 10'000'000;
    const int64_t day_start_us = 1'604'361'600'000'000LL;  // 2020-11-03T00:00Z
    catalog::Catalog db =
        catalog::Catalog::open(argv[1], catalog::Database::Mode::read_write_create);
    std::mt19937 random(static_cast<unsigned>(first_camera));
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
            row.indexers = "motion";
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
        }
        transaction.commit();
    }
    return 0;
}
