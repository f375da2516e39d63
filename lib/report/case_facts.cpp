#include "lib/report/case_facts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>

#include "indexers/indexer.hpp"
#include "lib/evidence/clock_offset.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/evidence/signer.hpp"
#include "lib/search/hit_lookup.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::report {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kGapToleranceUs = 1'500'000;  // as `footage cameras`

struct CameraRecordings {
    catalog::CameraRow camera;
    std::vector<catalog::RecordingRow> recordings;  // usable ones
};

std::map<std::string, CameraRecordings> usable_recordings(catalog::Catalog& catalog,
                                                          const std::vector<std::string>& only) {
    std::map<std::string, CameraRecordings> result;
    for (const catalog::CameraRow& camera : catalog.cameras()) {
        if (only.empty() || std::find(only.begin(), only.end(), camera.id) != only.end()) {
            result[camera.id].camera = camera;
        }
    }
    for (catalog::RecordingRow& recording : catalog.recordings()) {
        if (recording.status != "ok" || !recording.camera_id || !recording.start_recorder_us) {
            continue;
        }
        auto camera = result.find(*recording.camera_id);
        if (camera != result.end()) {
            camera->second.recordings.push_back(std::move(recording));
        }
    }
    std::erase_if(result, [](const auto& entry) { return entry.second.recordings.empty(); });
    return result;
}

// Merged spans of `ranges` clipped to `period`; breaks within the tolerance are bridged.
std::vector<catalog::TimeRange> merged(std::vector<catalog::TimeRange> ranges,
                                       const catalog::TimeRange& period) {
    std::sort(ranges.begin(), ranges.end(),
              [](const catalog::TimeRange& a, const catalog::TimeRange& b) {
                  return a.start_utc_us < b.start_utc_us;
              });
    std::vector<catalog::TimeRange> spans;
    for (const catalog::TimeRange& range : ranges) {
        int64_t start = std::max(range.start_utc_us, period.start_utc_us);
        int64_t end = std::min(range.end_utc_us, period.end_utc_us);
        if (end <= start) {
            continue;
        }
        if (!spans.empty() && start <= spans.back().end_utc_us + kGapToleranceUs) {
            spans.back().end_utc_us = std::max(spans.back().end_utc_us, end);
        } else {
            spans.push_back({start, end});
        }
    }
    return spans;
}

std::vector<catalog::TimeRange> gaps_of(const std::vector<catalog::TimeRange>& spans,
                                        const catalog::TimeRange& period) {
    std::vector<catalog::TimeRange> gaps;
    int64_t reach = period.start_utc_us;
    for (const catalog::TimeRange& span : spans) {
        if (span.start_utc_us > reach + kGapToleranceUs) {
            gaps.push_back({reach, span.start_utc_us});
        }
        reach = std::max(reach, span.end_utc_us);
    }
    if (period.end_utc_us > reach + kGapToleranceUs) {
        gaps.push_back({reach, period.end_utc_us});
    }
    return gaps;
}

CameraTimeline timeline(catalog::Catalog& catalog, const CameraRecordings& camera,
                        const catalog::TimeRange& period, int32_t bins, int64_t bin_us) {
    CameraTimeline result;
    result.camera_id = camera.camera.id;
    result.clock_offset_us = camera.camera.clock_offset_us;
    result.motion_density.assign(static_cast<size_t>(bins), 0.0);
    std::vector<catalog::TimeRange> ranges;
    for (const catalog::RecordingRow& recording : camera.recordings) {
        catalog::TimeRange wall = catalog::wall_range(recording, camera.camera);
        if (wall.end_utc_us <= period.start_utc_us || wall.start_utc_us >= period.end_utc_us) {
            continue;
        }
        ++result.recordings;
        ranges.push_back(wall);
        result.sources.push_back(
            {recording.path, recording.sha256, recording.size, wall, recording.time_source});
        // Motion density from where the stored index saw motion (kMotionSpans: its events at
        // the default sensitivity, whole frame).
        const indexers::Notes notes = indexers::recall_notes(catalog, recording);
        const std::vector<media::Span>* moving = notes.get(indexers::kMotionSpans);
        for (const media::Span& event : moving != nullptr ? *moving : std::vector<media::Span>{}) {
            int64_t start = std::max(wall.start_utc_us + event.start_us, period.start_utc_us);
            int64_t end = std::min(wall.start_utc_us + event.end_us, period.end_utc_us);
            while (start < end) {
                int64_t bin = (start - period.start_utc_us) / bin_us;
                if (bin >= bins) {
                    break;
                }
                int64_t bin_end = period.start_utc_us + (bin + 1) * bin_us;
                int64_t piece_end = std::min(end, bin_end);
                result.motion_density[static_cast<size_t>(bin)] +=
                    static_cast<double>(piece_end - start) / static_cast<double>(bin_us);
                start = piece_end;
            }
        }
    }
    for (double& density : result.motion_density) {
        density = std::min(1.0, density);  // overlapping recordings of one camera count once
    }
    std::sort(result.sources.begin(), result.sources.end(),
              [](const SourceRecording& a, const SourceRecording& b) {
                  return a.wall.start_utc_us < b.wall.start_utc_us;
              });
    result.recorded = merged(ranges, period);
    for (const catalog::TimeRange& span : result.recorded) {
        result.covered_us += span.end_utc_us - span.start_utc_us;
    }
    result.gaps = gaps_of(result.recorded, period);
    return result;
}

std::vector<BagDigest> manifest_digests(const fs::path& bag) {
    std::vector<BagDigest> digests;
    std::ifstream in(bag / "manifest-sha256.txt");
    std::string line;
    while (std::getline(in, line)) {
        size_t space = line.find(' ');
        if (space == std::string::npos) {
            continue;
        }
        size_t name = line.find_first_not_of(' ', space);
        if (name == std::string::npos) {
            continue;
        }
        digests.push_back({line.substr(name), line.substr(0, space)});
    }
    return digests;
}

std::vector<BagFacts> case_bags(catalog::Catalog& catalog, const std::string& case_number) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT bag_path, case_number, camera_id, method, requested_start_us, requested_end_us, "
        "created_us, tagmanifest_sha256 FROM clips WHERE ?1 = '' OR case_number = ?1 "
        "ORDER BY created_us, id");
    query.bind(1, case_number);
    std::vector<BagFacts> bags;
    while (query.step()) {
        BagFacts bag;
        bag.path = query.column_text(0);
        bag.case_number = query.column_text(1);
        bag.camera_id = query.column_text(2);
        bag.method = query.column_text(3);
        bag.requested_start_us = query.column_int(4);
        bag.requested_end_us = query.column_int(5);
        bag.created_us = query.column_int(6);
        bag.tagmanifest_sha256 = query.column_text(7);
        bags.push_back(std::move(bag));
    }
    return bags;
}

BagSignature signature_of(const fs::path& bag, const fs::path& public_key) {
    std::error_code error;
    if (!fs::exists(bag / evidence::kSignatureFile, error)) {
        return {"not signed", "the bag has no " + std::string(evidence::kSignatureFile)};
    }
    if (public_key.empty()) {
        return {"not checked", "signed; give footage report --pubkey KEY.pub to check it"};
    }
    evidence::SignatureCheck check = evidence::check_bag_signature(bag, public_key);
    return {check.valid ? "valid" : "invalid",
            check.valid ? "by the key " + public_key.filename().string() + ": " + check.reason
                        : check.reason + " (key " + public_key.filename().string() + ")"};
}

// The offset changes of each bag's camera after it was cut, and how far its times moved.
void place_in_time(std::vector<BagFacts>& bags, const std::vector<evidence::CustodyEntry>& log,
                   catalog::Catalog& catalog) {
    for (BagFacts& bag : bags) {
        for (const evidence::CustodyEntry& entry :
             evidence::clock_offset_entries(log, bag.camera_id)) {
            if (entry.time_us > bag.created_us) {
                bag.later_offsets.push_back(entry);
            }
        }
        if (bag.later_offsets.empty()) {
            continue;
        }
        const nlohmann::json& old_seconds = bag.later_offsets.front().details["old_seconds"];
        const int64_t then_us =
            old_seconds.is_number() ? std::llround(old_seconds.get<double>() * 1e6) : 0;
        std::optional<catalog::CameraRow> camera = catalog.camera(bag.camera_id);
        bag.shift_us = (camera ? camera->clock_offset_us : 0) - then_us;
    }
}

}  // namespace

std::vector<const BagFacts*> bags_of_hit(const CaseFacts& facts, const search::Hit& hit) {
    std::vector<const BagFacts*> found;
    for (const BagFacts& bag : facts.bags) {
        if (bag.camera_id == hit.camera_id &&
            bag.requested_start_us + bag.shift_us < hit.end_utc_us &&
            bag.requested_end_us + bag.shift_us > hit.start_utc_us) {
            found.push_back(&bag);
        }
    }
    return found;
}

void check_bag(BagFacts& bag, const fs::path& public_key) {
    std::error_code error;
    bag.signature = {"not checked", "the bag cannot be read"};
    if (!fs::exists(bag.path, error)) {
        bag.status = "missing";
        bag.problems.push_back({bag.path, "missing"});
        return;
    }
    try {
        evidence::VerifyReport verified = evidence::verify_evidence(bag.path);
        bag.problems = verified.problems;
        bag.files_checked = verified.files_checked;
        bag.bytes_checked = verified.bytes_checked;
        bag.files = manifest_digests(bag.path);
        const fs::path tagmanifest = fs::path(bag.path) / "tagmanifest-sha256.txt";
        if (fs::exists(tagmanifest, error) &&
            evidence::sha256_file(tagmanifest) != bag.tagmanifest_sha256) {
            bag.problems.push_back({"tagmanifest-sha256.txt",
                                    "SHA-256 differs from the one recorded when the bag "
                                    "was made"});
        }
        bag.status = bag.problems.empty() ? "intact" : "not intact";
    } catch (const Error& unreadable) {
        bag.status = "unreadable";
        bag.problems.push_back({bag.path, unreadable.what()});
        return;
    }
    // Outside the try: an unreadable key file is the caller's usage error, not the bag's.
    bag.signature = signature_of(bag.path, public_key);
}

CaseFacts gather_facts(catalog::Catalog& catalog, const ReportRequest& request) {
    CaseFacts facts;
    facts.case_number = request.case_number;
    facts.operator_name = request.operator_name;
    facts.tool_version = FOOTAGE_VERSION;
    facts.catalog_path = fs::absolute(catalog.db().path());
    facts.command_line = request.command_line;
    facts.generated_us = now_utc_us();

    facts.search = search::search(catalog, request.query);
    if (const std::optional<std::string> like =
            search::filter<std::string>(request.query, "like")) {
        facts.reference = search::find_hit(catalog, *like, search::Query{}).hit;
    }
    facts.trace = request.trace;

    std::map<std::string, CameraRecordings> cameras =
        usable_recordings(catalog, request.query.cameras);
    if (!cameras.empty()) {
        int64_t first = INT64_MAX;
        int64_t last = INT64_MIN;
        for (const auto& [id, camera] : cameras) {
            for (const catalog::RecordingRow& recording : camera.recordings) {
                catalog::TimeRange wall = catalog::wall_range(recording, camera.camera);
                first = std::min(first, wall.start_utc_us);
                last = std::max(last, wall.end_utc_us);
            }
        }
        catalog::TimeRange period{request.query.from_utc_us.value_or(first),
                                  request.query.to_utc_us.value_or(last)};
        if (period.end_utc_us > period.start_utc_us) {
            facts.period = period;
        }
    }
    if (facts.period) {
        const int32_t bins = std::max(1, request.density_bins);
        facts.bin_us = std::max<int64_t>(
            1, (facts.period->end_utc_us - facts.period->start_utc_us + bins - 1) / bins);
        for (const auto& [id, camera] : cameras) {
            facts.cameras.push_back(timeline(catalog, camera, *facts.period, bins, facts.bin_us));
        }
    }

    facts.bags = case_bags(catalog, request.case_number);
    for (BagFacts& bag : facts.bags) {
        check_bag(bag, request.public_key);
    }
    facts.custody = evidence::custody_log(catalog);
    place_in_time(facts.bags, facts.custody, catalog);
    for (CameraTimeline& camera : facts.cameras) {
        camera.clock_offset_entries =
            evidence::clock_offset_entries(facts.custody, camera.camera_id);
        for (const indexers::IndexerInfo& info : indexers::registry()) {
            if (info.measure_clock != nullptr && !camera.measured_clock) {
                camera.measured_clock = info.measure_clock(catalog, camera.camera_id);
            }
        }
    }
    facts.custody_break = evidence::check_chain(facts.custody);
    return facts;
}

}  // namespace footage::report
