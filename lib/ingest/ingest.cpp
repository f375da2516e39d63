#include "lib/ingest/ingest.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "indexers/index_tables.hpp"
#include "indexers/indexer.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/ingest/pipeline.hpp"
#include "lib/ingest/walk.hpp"
#include "lib/media/probe.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::ingest {

namespace {

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
    // A catalogued recording with the same SHA-256 at another path: this path joins it.
    std::optional<catalog::RecordingRow> duplicate_of;
};

constexpr int64_t kOverlapTolerance_us = 2'000'000;

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
        for (const std::string& name : m_wanted) {
            indexers::migrate_tables(m_catalog, *indexers::find_indexer(name));
        }
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
        if (m_options.shard.index == 0) {  // one worker of a sharded run names them
            for (const SpecialFile& special : walked.special) {
                report.files.push_back(catalog_special(special));
            }
        }
        return report;
    }

  private:
    // A device, FIFO or socket is catalogued as a bad recording (never opened), so that a re-run
    // finds it "still bad" like any other bad file instead of failing again.
    FileReport catalog_special(const SpecialFile& special) {
        FileReport odd;
        odd.path = special.path.string();
        odd.reason = special.path.string() + ": " + special.reason;
        std::lock_guard lock(m_mutex);
        catalog::Transaction transaction(m_catalog.db());
        std::optional<catalog::RecordingRow> previous = m_catalog.recording_by_path(odd.path);
        odd.still_bad = previous && previous->status == "bad" && previous->error == odd.reason;
        if (!odd.still_bad) {
            catalog::RecordingRow row;
            row.path = odd.path;
            row.status = "bad";
            row.error = odd.reason;
            row.indexed_at_us = now_utc_us();
            m_catalog.put_recording(row);
        }
        transaction.commit();
        return odd;
    }

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
            m_state.phase = "checking";
            m_state.media_done_us = 0;
            m_state.media_total_us = 0;
            report_progress();
        }
        if (!work.previous && known_alias(work)) {
            finish_progress(file, true);
            return work.report;
        }
        std::set<std::string> missing = m_wanted;
        if (work.previous && work.previous->size == static_cast<int64_t>(file.size) &&
            work.previous->mtime_ns == file.mtime_ns && work.previous->status == "ok" &&
            declared_matches(*work.previous)) {
            std::string rezoned = reread_name(work);
            for (const std::string& done : split_names(work.previous->indexers)) {
                missing.erase(done);
            }
            if (missing.empty()) {
                work.report.outcome = rezoned.empty() ? Outcome::unchanged : Outcome::updated;
                work.report.reason = rezoned;
                work.report.camera_id = work.previous->camera_id;
                work.report.start_utc_us = work.previous->start_recorder_us;
                work.report.duration_us = work.previous->duration_us;
                work.report.time_source = work.previous->time_source;
                work.report.sha256 = work.previous->sha256;
                finish_progress(file, true);
                return work.report;
            }
            work.extend_with = missing;
            extend(work);
            if (!rezoned.empty() && work.report.outcome == Outcome::updated) {
                work.report.reason = rezoned + "; " + work.report.reason;
            }
            return work.report;
        }
        examine(work);
        store(work);
        work.report.still_bad = work.report.outcome == Outcome::bad && work.previous &&
                                work.previous->status == "bad" &&
                                work.previous->size == static_cast<int64_t>(file.size) &&
                                work.previous->mtime_ns == file.mtime_ns &&
                                work.previous->error == work.report.reason;
        return work.report;
    }

    // A path already known as another path of a recording, unchanged since: nothing to do.
    bool known_alias(Work& work) {
        std::lock_guard lock(m_mutex);
        std::optional<catalog::PathAlias> alias = m_catalog.alias(work.file->path.string());
        if (!alias || alias->size != static_cast<int64_t>(work.file->size) ||
            alias->mtime_ns != work.file->mtime_ns) {
            return false;
        }
        std::optional<catalog::RecordingRow> primary =
            m_catalog.recording_by_id(alias->recording_id);
        if (!primary) {
            return false;
        }
        report_duplicate(work, *primary);
        return true;
    }

    static void report_duplicate(Work& work, const catalog::RecordingRow& primary) {
        work.report.outcome = Outcome::unchanged;
        work.report.reason = "the same file as " + primary.path +
                             " (same SHA-256): one recording, with this path listed as another "
                             "path of it";
        work.report.camera_id = primary.camera_id;
        work.report.start_utc_us = primary.start_recorder_us;
        work.report.duration_us = primary.duration_us;
        work.report.time_source = primary.time_source;
        work.report.sha256 = primary.sha256;
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

    static indexers::RecordingContext context_of(const catalog::RecordingRow& row) {
        indexers::RecordingContext context;
        context.recording_id = row.id;
        context.path = row.path;
        context.duration_us = row.duration_us;
        context.frame_rate = row.frame_rate;
        context.width = row.width;
        context.height = row.height;
        context.start_recorder_us = row.start_recorder_us;
        context.zone = row.zone;
        context.time_source = row.time_source;
        return context;
    }

    // The old rows of the indexers `names` made go, and they store their new ones. Call with
    // the lock held, inside the recording's transaction.
    void finish_indexers(std::vector<std::unique_ptr<indexers::Indexer>>& made,
                         const std::set<std::string>& names,
                         const indexers::RecordingContext& context) {
        if (made.empty()) {
            return;
        }
        for (const indexers::IndexerInfo& info : indexers::registry()) {
            if (names.count(std::string(info.name)) != 0) {
                indexers::clear_rows(m_catalog, info, context.recording_id);
            }
        }
        for (const std::unique_ptr<indexers::Indexer>& indexer : made) {
            indexer->finish(m_catalog, context);
        }
    }

    // An unchanged recording that lacks some indexers (`index --objects` after a motion-only
    // run): decode it for those only, and keep everything already stored.
    void extend(Work& work) {
        const catalog::RecordingRow& previous = *work.previous;
        work.report.camera_id = previous.camera_id;
        work.report.start_utc_us = previous.start_recorder_us;
        work.report.duration_us = previous.duration_us;
        work.report.time_source = previous.time_source;
        work.report.sha256 = previous.sha256;
        std::set<std::string> done = split_names(previous.indexers);
        work.indexers = make_indexers(work.extend_with);
        indexers::RecordingContext context = context_of(previous);
        {  // what the indexes stored by earlier runs tell the indexers of this pass
            std::lock_guard lock(m_mutex);
            context.recalled = indexers::recall_notes(m_catalog, previous);
        }
        try {
            PipelineResult decoded = run_pipeline(
                context, work.indexers, m_options.exhaustive,
                pipeline_progress(*work.file, previous.duration_us, work.extend_with, 0.0));
            work.report.frames_decoded = decoded.stats.frames_decoded;
        } catch (const MediaError& error) {
            work.report.outcome = Outcome::bad;
            work.report.reason = error.what();
            finish_progress(*work.file);
            return;
        }
        done.insert(work.extend_with.begin(), work.extend_with.end());
        {
            std::lock_guard lock(m_mutex);
            catalog::Transaction transaction(m_catalog.db());
            finish_indexers(work.indexers, work.extend_with, context);
            m_catalog.set_recording_indexers(previous.id, join_names(done));
            transaction.commit();
        }
        work.report.outcome = Outcome::updated;
        work.report.reason = "added the " + join_names(work.extend_with) + " index";
        finish_progress(*work.file);
    }

    // An unchanged recording timed from its name in another zone than the one names are read in
    // now (the catalog's zone changed): read the name again, store the new start and log the
    // change. Nothing is decoded. Returns what changed, or "" when nothing did.
    std::string reread_name(Work& work) {
        catalog::RecordingRow& previous = *work.previous;
        if (!previous.time_source.starts_with("name:")) {
            return "";
        }
        Identity identity = identify(work.file->path, work.file->root, m_matcher,
                                     media::ProbeResult{}, m_options.declared, m_options.zone);
        if (identity.time_source != previous.time_source || identity.zone == previous.zone ||
            !identity.start_utc_us) {
            return "";
        }
        catalog::RecordingRow updated = previous;
        updated.start_recorder_us = identity.start_utc_us;
        updated.zone = identity.zone;
        {
            std::lock_guard lock(m_mutex);
            catalog::Transaction transaction(m_catalog.db());
            m_catalog.set_recording_time(previous.id, *updated.start_recorder_us, updated.zone);
            log_amendments(previous, updated, "the catalog's zone changed");
            transaction.commit();
        }
        std::string reason = "start read again from the name in " + updated.zone + " (was " +
                             (previous.start_recorder_us
                                  ? timecode::format_time(*previous.start_recorder_us,
                                                          timecode::Zone::parse(previous.zone))
                                  : std::string("unknown")) +
                             ", read in " + previous.zone + ")";
        previous = updated;
        return reason;
    }

    // What the investigator declares now agrees with what is stored, so nothing needs redoing.
    bool declared_matches(const catalog::RecordingRow& previous) const {
        const Declared& declared = m_options.declared;
        if (declared.camera_id && previous.camera_id != declared.camera_id) {
            return false;
        }
        return !declared.start_utc_us || (previous.time_source == "declared" &&
                                          previous.start_recorder_us == declared.start_utc_us);
    }

    // Hash, probe, identify and decode: everything that needs no lock. Each step returns false
    // when it settled the file (bad, or a duplicate) and the rest is not done.
    void examine(Work& work) {
        start_row(work);
        if (hash(work) && !duplicate(work) && probe_and_identify(work) && decode(work)) {
            settle(work);
        }
        finish_progress(*work.file);
    }

    void start_row(Work& work) {
        const FoundFile& file = *work.file;
        catalog::RecordingRow& row = work.row;
        row.path = file.path.string();
        row.size = static_cast<int64_t>(file.size);
        row.mtime_ns = file.mtime_ns;
        row.indexed_at_us = now_utc_us();
        work.report.outcome = Outcome::bad;
    }

    bool hash(Work& work) {
        const FoundFile& file = *work.file;
        uint64_t hashed = 0;
        try {
            work.row.sha256 = evidence::sha256_file(file.path, [&](uint64_t bytes) {
                hashed += bytes;
                std::lock_guard lock(m_mutex);
                set_partial(file, "hashing",
                            0.5 * static_cast<double>(hashed) /
                                static_cast<double>(std::max<uint64_t>(file.size, 1)),
                            0, 0);
            });
        } catch (const IoError& error) {
            mark_bad(work, error.what());
            return false;
        }
        work.report.sha256 = work.row.sha256;
        return true;
    }

    // A symlink, hard link or copy of a catalogued recording is that recording.
    bool duplicate(Work& work) {
        {
            std::lock_guard lock(m_mutex);
            work.duplicate_of = m_catalog.recording_by_sha256(work.row.sha256, work.row.path);
        }
        if (work.duplicate_of) {
            report_duplicate(work, *work.duplicate_of);
        }
        return work.duplicate_of.has_value();
    }

    bool probe_and_identify(Work& work) {
        const FoundFile& file = *work.file;
        catalog::RecordingRow& row = work.row;
        media::ProbeResult probe;
        try {
            {
                std::lock_guard lock(m_mutex);
                set_partial(file, "probing", 0.5, 0, 0);
            }
            probe = media::probe(file.path);
        } catch (const MediaError& error) {
            mark_bad(work, error.what());
            return false;
        }
        row.container = probe.container;
        row.codec = probe.codec;
        row.width = probe.width;
        row.height = probe.height;
        row.frame_rate = probe.frame_rate;
        row.duration_us = probe.duration_us;

        // A start declared earlier stays when only the camera is declared again.
        Declared declared = m_options.declared;
        if (!declared.start_utc_us && work.previous && work.previous->time_source == "declared" &&
            work.previous->sha256 == row.sha256) {
            declared.start_utc_us = work.previous->start_recorder_us;
        }
        work.identity = identify(file.path, file.root, m_matcher, probe, declared, m_options.zone);
        row.camera_id = work.identity.camera_id;
        row.start_recorder_us = work.identity.start_utc_us;
        row.time_source = work.identity.time_source;
        row.zone = work.identity.zone;
        return true;
    }

    // The one decode pass, for every indexer asked for.
    bool decode(Work& work) {
        if (m_wanted.empty()) {
            return true;
        }
        catalog::RecordingRow& row = work.row;
        work.indexers = make_indexers(m_wanted);
        indexers::RecordingContext context = context_of(row);
        context.recording_id = 0;
        try {
            PipelineResult decoded =
                run_pipeline(context, work.indexers, m_options.exhaustive,
                             pipeline_progress(*work.file, row.duration_us, m_wanted, 0.5));
            if (decoded.decoded_length_us > 0) {
                row.duration_us = decoded.decoded_length_us;
            }
            work.report.frames_decoded = decoded.stats.frames_decoded;
            row.indexers = join_names(m_wanted);
            start_from_picture(work);
        } catch (const MediaError& error) {
            work.indexers.clear();
            mark_bad(work, error.what());
            return false;
        }
        return true;
    }

    // A recording whose name, stream and container say nothing of when it started takes the
    // start an indexer read in the picture (the burned-in clock), in the catalog's zone.
    void start_from_picture(Work& work) {
        catalog::RecordingRow& row = work.row;
        if (row.start_recorder_us) {
            return;
        }
        for (const std::unique_ptr<indexers::Indexer>& indexer : work.indexers) {
            if (std::optional<int64_t> local = indexer->start_local_us()) {
                row.start_recorder_us = m_options.zone.local_to_utc(*local);
                row.time_source = "osd";
                row.zone = m_options.zone.name();
                return;
            }
        }
    }

    // Good, or bad for a reason found only now: it changed meanwhile, or no camera or start.
    void settle(Work& work) {
        catalog::RecordingRow& row = work.row;
        // A file still being written was hashed at one length and decoded at another.
        if (std::optional<std::string> change = changed_since_walk(*work.file)) {
            work.indexers.clear();
            mark_bad(work, row.path + ": unstable, re-run: it changed while it was indexed (" +
                               *change + ")");
        } else if (!row.camera_id) {
            mark_bad(work, row.path +
                               ": no camera ID: the name matches no pattern "
                               "(declare it with --camera ID, or give --pattern)");
        } else if (!row.start_recorder_us) {
            mark_bad(work, row.path +
                               ": no start time: neither the name nor the container "
                               "says when it was recorded, nor a clock in the picture "
                               "(declare it with --start T, or index with --osd)");
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
        work.report.start_utc_us = row.start_recorder_us;
        work.report.duration_us = row.duration_us;
        work.report.time_source = row.time_source;
    }

    void mark_bad(Work& work, std::string reason) {
        // A file still being written fails in odd ways; what the user must do is wait and re-run.
        if (std::optional<std::string> change = changed_since_walk(*work.file)) {
            reason = work.row.path + ": unstable, re-run: it changed while it was indexed (" +
                     *change + ")";
        }
        work.row.status = "bad";
        work.row.error = reason;
        work.report.outcome = Outcome::bad;
        work.report.reason = reason;
    }

    // One transaction per recording: a killed run leaves whole recordings or none.
    void store(Work& work) {
        std::lock_guard lock(m_mutex);
        // The file's bytes were counted as done when it was examined: only the phase changes.
        m_state.current = work.file->path.string();
        m_state.phase = "storing";
        report_progress();
        catalog::Transaction transaction(m_catalog.db());
        // What the catalog holds now, inside the write lock: another `index` of the same drive
        // may have stored this file since this run looked. Acquisition is idempotent: a file
        // already catalogued with this hash is not acquired twice.
        std::optional<catalog::RecordingRow> current = m_catalog.recording_by_path(work.row.path);
        if (!work.duplicate_of && work.row.status == "ok") {  // a copy indexed by another job
            work.duplicate_of = m_catalog.recording_by_sha256(work.row.sha256, work.row.path);
            if (work.duplicate_of) {
                report_duplicate(work, *work.duplicate_of);
            }
        }
        if (work.duplicate_of) {
            m_catalog.put_alias(
                {work.row.path, work.duplicate_of->id, work.row.size, work.row.mtime_ns});
            transaction.commit();
            return;
        }
        refuse_overlap(work);
        if (work.row.camera_id) {
            catalog::CameraRow camera;
            camera.id = *work.row.camera_id;
            camera.channel = work.identity.channel;
            camera.recorder = work.identity.recorder;
            m_catalog.upsert_camera(camera);
        }
        work.row.id = m_catalog.put_recording(work.row);
        finish_indexers(work.indexers, m_wanted, context_of(work.row));
        // Acquisition of a new or changed file, or of one that was unusable until now (declared
        // after it failed), enters the custody log with its hash.
        if (work.row.status == "ok" &&
            (!current || current->sha256 != work.row.sha256 || current->status != "ok")) {
            evidence::append_custody(
                m_catalog, "acquire", m_options.operator_name,
                {{"path", work.row.path},
                 {"size", work.row.size},
                 {"sha256", work.row.sha256},
                 {"camera", *work.row.camera_id},
                 // How the camera and the start were learnt (an expert asks), as identify() and
                 // the OSD reader say: e.g. "name:hikvision", "folder", "declared"; "osd".
                 {"camera_source", work.identity.camera_source},
                 {"time_source", work.row.time_source},
                 // Only an acquired (usable) earlier version is replaced by this one.
                 {"replaces_sha256", current && current->status == "ok" ? current->sha256 : ""}},
                work.row.indexed_at_us);
        }
        if (work.row.status == "ok" && current && current->status == "ok") {
            log_amendments(*current, work.row, "re-indexed");
        }
        transaction.commit();
    }

    // Every change to what a usable recording is (camera) or when it happened (start, zone) is an
    // "amend" entry with the old and new values. Call with the lock held, inside a transaction.
    void log_amendments(const catalog::RecordingRow& before, const catalog::RecordingRow& after,
                        const std::string& reason) {
        auto amend = [&](const std::string& field, nlohmann::json old_value,
                         nlohmann::json new_value) {
            evidence::append_custody(m_catalog, "amend", m_options.operator_name,
                                     {{"path", after.path},
                                      {"sha256", after.sha256},
                                      {"field", field},
                                      {"old", std::move(old_value)},
                                      {"new", std::move(new_value)},
                                      {"time_source", after.time_source},
                                      {"reason", reason}},
                                     now_utc_us());
        };
        if (before.camera_id != after.camera_id) {
            amend("camera", before.camera_id ? nlohmann::json(*before.camera_id) : nullptr,
                  after.camera_id ? nlohmann::json(*after.camera_id) : nullptr);
        }
        if (!before.zone.empty() && !after.zone.empty() && before.zone != after.zone &&
            before.time_source == after.time_source && before.time_source.starts_with("name:")) {
            amend("zone", before.zone, after.zone);
        }
        if (before.start_recorder_us != after.start_recorder_us) {
            amend("start", iso_utc(before.start_recorder_us), iso_utc(after.start_recorder_us));
        }
    }

    static nlohmann::json iso_utc(const std::optional<int64_t>& utc_us) {
        return utc_us ? nlohmann::json(timecode::format_time(*utc_us, timecode::Zone::utc()))
                      : nlohmann::json(nullptr);
    }

    // Two different files of one camera over the same time are two recorders, or a mistake:
    // never merged silently. (A few seconds are tolerated: files are cut at whole seconds.)
    void refuse_overlap(Work& work) {
        catalog::RecordingRow& row = work.row;
        if (row.status != "ok" || !row.camera_id || !row.start_recorder_us) {
            return;
        }
        std::vector<catalog::RecordingRow> others = m_catalog.overlapping(
            *row.camera_id, *row.start_recorder_us + kOverlapTolerance_us,
            *row.start_recorder_us + row.duration_us - kOverlapTolerance_us, row.path);
        if (others.empty()) {
            return;
        }
        work.indexers.clear();
        mark_bad(work, row.path + ": overlaps " + others.front().path + " of camera " +
                           *row.camera_id +
                           " in time: two recorders naming their cameras alike? Not merged; "
                           "index their folders with --pattern '{recorder}/...' to keep them "
                           "apart, or declare --camera");
    }

    // A file is done: its partial share becomes its whole size.
    void finish_progress(const FoundFile& file, bool skipped = false) {
        std::lock_guard lock(m_mutex);
        m_partial.erase(&file);
        m_finished_bytes += file.size;
        m_state.bytes_skipped += skipped ? file.size : 0;
        ++m_state.files_done;
        report_progress();
    }

    // How far the work on `file` is (0..1 of its share), in which phase and media time.
    // Call with the lock held.
    void set_partial(const FoundFile& file, const std::string& phase, double fraction,
                     int64_t media_done_us, int64_t media_total_us) {
        fraction = std::clamp(fraction, 0.0, 1.0);
        m_partial[&file] = static_cast<uint64_t>(fraction * static_cast<double>(file.size));
        m_state.current = file.path.string();
        m_state.phase = phase;
        m_state.media_done_us = media_done_us;
        m_state.media_total_us = media_total_us;
        report_progress();
    }

    // Progress of a decoding pass over `file`: scanning and decoding each move from `base` to 1
    // of the file's share by media time (scanning first takes a quarter of what is left).
    PipelineProgress pipeline_progress(const FoundFile& file, int64_t duration_us,
                                       const std::set<std::string>& indexer_names, double base) {
        std::string decoding = "decoding (";
        for (const std::string& name : indexer_names) {
            decoding += (decoding.ends_with("(") ? "" : ", ") + name;
        }
        decoding += ")";
        return [this, &file, duration_us, base, decoding](const char* phase, int64_t media_us) {
            const bool scanning = std::string_view(phase) == "scanning";
            double within =
                duration_us > 0
                    ? std::clamp(static_cast<double>(media_us) / static_cast<double>(duration_us),
                                 0.0, 1.0)
                    : 0.0;
            double left = 1.0 - base;
            double fraction =
                scanning ? base + 0.25 * left * within : base + 0.25 * left + 0.75 * left * within;
            std::lock_guard lock(m_mutex);
            set_partial(file, scanning ? "scanning" : decoding, fraction, media_us, duration_us);
        };
    }

    void report_progress() {
        m_state.bytes_done = m_finished_bytes;
        for (const auto& [file, bytes] : m_partial) {
            m_state.bytes_done += bytes;
        }
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
    uint64_t m_finished_bytes = 0;
    std::map<const FoundFile*, uint64_t> m_partial;  // files in progress: their share done
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

}  // namespace footage::ingest
