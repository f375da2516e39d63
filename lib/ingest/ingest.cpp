#include "lib/ingest/ingest.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "indexers/indexer.hpp"
#include "indexers/motion/motion_store.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/ingest/pipeline.hpp"
#include "lib/ingest/walk.hpp"
#include "lib/media/probe.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::ingest {

namespace {

std::set<std::string> split_names(const std::string& list) {
    std::set<std::string> names;
    std::stringstream stream(list);
    std::string name;
    while (std::getline(stream, name, ',')) {
        if (!name.empty()) {
            names.insert(name);
        }
    }
    return names;
}

std::string join_names(const std::set<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        out += out.empty() ? "" : ",";
        out += name;
    }
    return out;
}

// Everything learnt about one file before it is written to the catalog.
struct Work {
    const FoundFile* file = nullptr;
    std::optional<catalog::RecordingRow> previous;
    catalog::RecordingRow row;
    Identity identity;
    FileReport report;
    std::vector<std::unique_ptr<indexers::Indexer>> indexers;
    // Set when an unchanged recording only needs indexers it has not had: its row, hash and
    // other indexes stay, and only these run.
    std::set<std::string> extend_with;
    std::vector<media::Span> stored_motion;
};

class Runner {
  public:
    Runner(catalog::Catalog& catalog, const IngestOptions& options,
           const ProgressCallback& progress)
        : m_catalog(catalog),
          m_options(options),
          m_progress(progress),
          m_matcher(patterns(options)) {
        prepare_indexers(options.indexers);
        m_wanted = std::set<std::string>(options.indexers.begin(), options.indexers.end());
    }

    IngestReport run() {
        WalkResult walked = walk(m_options.inputs);
        walked.files = shard_files(walked.files, m_options.shard);
        IngestReport report;
        report.problems = walked.problems;
        for (const std::filesystem::path& path : walked.ignored) {
            report.ignored.push_back(path.string());
        }
        if (m_options.declared.start_utc_us && walked.files.size() > 1) {
            throw UsageError("--start declares the start of one recording, but " +
                             std::to_string(walked.files.size()) +
                             " files were given; index them one at a time");
        }
        m_state.files_total = static_cast<int64_t>(walked.files.size());
        for (const FoundFile& file : walked.files) {
            m_state.bytes_total += file.size;
        }
        report.files.resize(walked.files.size());

        std::atomic<size_t> next{0};
        auto worker = [&]() {
            try {
                for (size_t i = next++; i < walked.files.size(); i = next++) {
                    report.files[i] = process(walked.files[i]);
                }
            } catch (...) {  // a bug, not a bad file: stop every worker and report it
                std::lock_guard lock(m_mutex);
                if (!m_worker_failure) {
                    m_worker_failure = std::current_exception();
                }
                next = walked.files.size();
            }
        };
        int jobs = std::clamp(m_options.jobs, 1, 64);
        std::vector<std::thread> threads;
        for (int j = 1; j < jobs; ++j) {
            threads.emplace_back(worker);
        }
        worker();
        for (std::thread& thread : threads) {
            thread.join();
        }
        if (m_worker_failure) {
            std::rethrow_exception(m_worker_failure);
        }
        return report;
    }

  private:
    static naming::NameMatcher patterns(const IngestOptions& options) {
        std::vector<naming::NamePattern> all = options.user_patterns;
        const std::vector<naming::NamePattern>& builtin = naming::builtin_patterns();
        all.insert(all.end(), builtin.begin(), builtin.end());
        return naming::NameMatcher(std::move(all));
    }

    FileReport process(const FoundFile& file) {
        Work work;
        work.file = &file;
        work.report.path = file.path.string();
        {
            std::lock_guard lock(m_mutex);
            if (m_worker_failure) {
                work.report.reason = "not reached: the catalog failed";
                return work.report;
            }
            work.previous = m_catalog.recording_by_path(file.path.string());
            m_state.current = file.path.string();
            report_progress();
        }
        std::set<std::string> missing = m_wanted;
        if (work.previous && work.previous->size == static_cast<int64_t>(file.size) &&
            work.previous->mtime_ns == file.mtime_ns && work.previous->status == "ok" &&
            declared_matches(*work.previous)) {
            for (const std::string& done : split_names(work.previous->indexers)) {
                missing.erase(done);
            }
            if (missing.empty()) {
                work.report.outcome = Outcome::unchanged;
                work.report.camera_id = work.previous->camera_id;
                work.report.start_utc_us = work.previous->start_us;
                work.report.duration_us = work.previous->duration_us;
                work.report.time_source = work.previous->time_source;
                work.report.sha256 = work.previous->sha256;
                finish_progress(file.size, 0);
                return work.report;
            }
            work.extend_with = missing;
            extend(work);
            return work.report;
        }
        examine(work);
        store(work);
        return work.report;
    }

    // The indexers `names`, in the registry's order (the order the pipeline calls them in).
    static std::vector<std::unique_ptr<indexers::Indexer>> make_indexers(
        const std::set<std::string>& names) {
        std::vector<std::unique_ptr<indexers::Indexer>> made;
        for (const indexers::IndexerInfo& info : indexers::registry()) {
            if (names.count(std::string(info.name)) != 0) {
                made.push_back(info.make());
            }
        }
        return made;
    }

    // An unchanged recording that lacks some indexers (`index --objects` after a motion-only
    // run): decode it for those only, and keep everything already stored.
    void extend(Work& work) {
        const catalog::RecordingRow& previous = *work.previous;
        work.report.camera_id = previous.camera_id;
        work.report.start_utc_us = previous.start_us;
        work.report.duration_us = previous.duration_us;
        work.report.time_source = previous.time_source;
        work.report.sha256 = previous.sha256;
        std::set<std::string> done = split_names(previous.indexers);
        if (done.count("motion") != 0) {
            std::lock_guard lock(m_mutex);
            for (const indexers::motion::MotionEvent& event :
                 indexers::motion::load_events(m_catalog, previous.id)) {
                work.stored_motion.push_back({event.start_us, event.end_us});
            }
        }
        work.indexers = make_indexers(work.extend_with);
        indexers::RecordingContext context{
            previous.id,
            previous.path,
            previous.duration_us,
            previous.frame_rate,
            previous.width,
            previous.height,
            done.count("motion") != 0 ? &work.stored_motion : nullptr};
        try {
            PipelineResult decoded = run_pipeline(context, work.indexers, m_options.exhaustive);
            work.report.frames_decoded = decoded.stats.frames_decoded;
        } catch (const MediaError& error) {
            work.report.outcome = Outcome::bad;
            work.report.reason = error.what();
            finish_progress(work.file->size, 0);
            return;
        }
        done.insert(work.extend_with.begin(), work.extend_with.end());
        {
            std::lock_guard lock(m_mutex);
            catalog::Transaction transaction(m_catalog.db());
            for (const std::unique_ptr<indexers::Indexer>& indexer : work.indexers) {
                indexer->finish(m_catalog, context);
            }
            m_catalog.set_recording_indexers(previous.id, join_names(done));
            transaction.commit();
        }
        work.report.outcome = Outcome::updated;
        work.report.reason = "added the " + join_names(work.extend_with) + " index";
        finish_progress(work.file->size, 0);
    }

    // What the investigator declares now agrees with what is stored, so nothing needs redoing.
    bool declared_matches(const catalog::RecordingRow& previous) const {
        const Declared& declared = m_options.declared;
        if (declared.camera_id && previous.camera_id != declared.camera_id) {
            return false;
        }
        return !declared.start_utc_us ||
               (previous.time_source == "declared" && previous.start_us == declared.start_utc_us);
    }

    // Hash, probe, identify and decode: everything that needs no lock.
    void examine(Work& work) {
        const FoundFile& file = *work.file;
        catalog::RecordingRow& row = work.row;
        row.path = file.path.string();
        row.size = static_cast<int64_t>(file.size);
        row.mtime_ns = file.mtime_ns;
        row.indexed_at_us = now_utc_us();
        work.report.outcome = Outcome::bad;

        uint64_t hashed = 0;
        try {
            row.sha256 = evidence::sha256_file(file.path, [&](uint64_t bytes) {
                hashed += bytes;
                std::lock_guard lock(m_mutex);
                m_state.bytes_done += bytes / 2;
                report_progress();
            });
        } catch (const IoError& error) {
            mark_bad(work, error.what());
            finish_progress(file.size, hashed);
            return;
        }
        work.report.sha256 = row.sha256;

        media::ProbeResult probe;
        try {
            probe = media::probe(file.path);
        } catch (const MediaError& error) {
            mark_bad(work, error.what());
            finish_progress(file.size, hashed);
            return;
        }
        row.container = probe.container;
        row.codec = probe.codec;
        row.width = probe.width;
        row.height = probe.height;
        row.frame_rate = probe.frame_rate;
        row.duration_us = probe.duration_us;

        work.identity =
            identify(file.path, file.root, m_matcher, probe, m_options.declared, m_options.zone);
        row.camera_id = work.identity.camera_id;
        row.start_us = work.identity.start_utc_us;
        row.time_source = work.identity.time_source;
        row.zone = work.identity.zone;

        if (!m_wanted.empty()) {
            work.indexers = make_indexers(m_wanted);
            indexers::RecordingContext context{
                0, row.path, row.duration_us, row.frame_rate, row.width, row.height, nullptr};
            try {
                PipelineResult decoded = run_pipeline(context, work.indexers, m_options.exhaustive);
                if (decoded.decoded_length_us > 0) {
                    row.duration_us = decoded.decoded_length_us;
                }
                work.report.frames_decoded = decoded.stats.frames_decoded;
                row.indexers = join_names(m_wanted);
            } catch (const MediaError& error) {
                work.indexers.clear();
                mark_bad(work, error.what());
                finish_progress(file.size, hashed);
                return;
            }
        }

        if (!row.camera_id) {
            mark_bad(work, row.path +
                               ": no camera ID: the name matches no pattern "
                               "(declare it with --camera ID, or give --pattern)");
        } else if (!row.start_us) {
            mark_bad(work, row.path +
                               ": no start time: neither the name nor the container "
                               "says when it was recorded (declare it with --start T)");
        } else {
            row.status = "ok";
            work.report.outcome = work.previous ? Outcome::updated : Outcome::added;
            if (work.previous && work.previous->sha256 != row.sha256) {
                work.report.reason = "changed since it was last indexed (SHA-256 was " +
                                     work.previous->sha256 + "); re-indexed";
            } else if (work.previous) {
                work.report.reason = "re-indexed";
            }
        }
        work.report.camera_id = row.camera_id;
        work.report.start_utc_us = row.start_us;
        work.report.duration_us = row.duration_us;
        work.report.time_source = row.time_source;
        finish_progress(file.size, hashed);
    }

    void mark_bad(Work& work, const std::string& reason) {
        work.row.status = "bad";
        work.row.error = reason;
        work.report.outcome = Outcome::bad;
        work.report.reason = reason;
    }

    // One transaction per recording: a killed run leaves whole recordings or none.
    void store(Work& work) {
        std::lock_guard lock(m_mutex);
        catalog::Transaction transaction(m_catalog.db());
        // What the catalog holds now, inside the write lock: another `index` of the same drive
        // may have stored this file since this run looked. Acquisition is idempotent: a file
        // already catalogued with this hash is not acquired twice.
        std::optional<catalog::RecordingRow> current = m_catalog.recording_by_path(work.row.path);
        if (work.row.camera_id) {
            catalog::CameraRow camera;
            camera.id = *work.row.camera_id;
            camera.channel = work.identity.channel;
            camera.recorder = work.identity.recorder;
            m_catalog.upsert_camera(camera);
        }
        work.row.id = m_catalog.put_recording(work.row);
        indexers::RecordingContext context{work.row.id,
                                           work.row.path,
                                           work.row.duration_us,
                                           work.row.frame_rate,
                                           work.row.width,
                                           work.row.height,
                                           nullptr};
        for (const std::unique_ptr<indexers::Indexer>& indexer : work.indexers) {
            indexer->finish(m_catalog, context);
        }
        // Acquisition of a new or changed file enters the custody log with its hash.
        if (work.row.status == "ok" &&
            (!current || current->sha256 != work.row.sha256 || current->status != "ok")) {
            evidence::append_custody(
                m_catalog, "acquire", m_options.operator_name,
                {{"path", work.row.path},
                 {"size", work.row.size},
                 {"sha256", work.row.sha256},
                 {"camera", *work.row.camera_id},
                 {"replaces_sha256", current ? current->sha256 : ""}},
                work.row.indexed_at_us);
        }
        transaction.commit();
    }

    void finish_progress(uint64_t size, uint64_t hashed) {
        std::lock_guard lock(m_mutex);
        m_state.bytes_done += size - hashed / 2;
        ++m_state.files_done;
        report_progress();
    }

    void report_progress() {
        if (m_progress) {
            m_progress(m_state);
        }
    }

    catalog::Catalog& m_catalog;
    const IngestOptions& m_options;
    const ProgressCallback& m_progress;
    naming::NameMatcher m_matcher;
    std::set<std::string> m_wanted;
    std::mutex m_mutex;  // guards the catalog, m_state and m_worker_failure
    Progress m_state;
    std::exception_ptr m_worker_failure;
};

}  // namespace

int IngestReport::count(Outcome outcome) const {
    return static_cast<int>(std::count_if(
        files.begin(), files.end(), [&](const FileReport& f) { return f.outcome == outcome; }));
}

void prepare_indexers(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        const indexers::IndexerInfo* info = indexers::find_indexer(name);
        if (info == nullptr) {
            throw UsageError("unknown indexer \"" + name + "\"");
        }
        if (info->prepare != nullptr) {
            info->prepare();
        }
    }
}

IngestReport ingest(catalog::Catalog& catalog, const IngestOptions& options,
                    const ProgressCallback& progress) {
    Runner runner(catalog, options, progress);
    return runner.run();
}

}  // namespace footage::ingest
