#include "lib/report/report_json.hpp"

#include <cmath>

#include "lib/search/hit_json.hpp"
#include "lib/search/query_json.hpp"
#include "lib/timecode/time.hpp"

namespace footage::report {

namespace {

nlohmann::json range_json(const catalog::TimeRange& range, const timecode::Zone& zone) {
    return {{"start", timecode::format_time(range.start_utc_us, zone)},
            {"end", timecode::format_time(range.end_utc_us, zone)},
            {"seconds", static_cast<double>(range.end_utc_us - range.start_utc_us) / 1e6}};
}

nlohmann::json ranges_json(const std::vector<catalog::TimeRange>& ranges,
                           const timecode::Zone& zone) {
    nlohmann::json list = nlohmann::json::array();
    for (const catalog::TimeRange& range : ranges) {
        list.push_back(range_json(range, zone));
    }
    return list;
}

nlohmann::json filters_json(const ReportRequest& request, const timecode::Zone& zone) {
    nlohmann::json filters = search::query_json(request.query, zone);
    filters["case"] =
        request.case_number.empty() ? nlohmann::json(nullptr) : nlohmann::json(request.case_number);
    return filters;
}

nlohmann::json seconds_or_null(const nlohmann::json& value) {
    return value.is_number() ? value : nlohmann::json(nullptr);
}

nlohmann::json offset_change_json(const evidence::CustodyEntry& entry, const timecode::Zone& zone) {
    return {{"custody_seq", entry.seq},
            {"time", timecode::format_time(entry.time_us, zone)},
            {"operator", entry.operator_name},
            {"old_seconds", seconds_or_null(entry.details.value("old_seconds", nlohmann::json()))},
            {"new_seconds", seconds_or_null(entry.details.value("new_seconds", nlohmann::json()))}};
}

// The camera's clock as measured in its pictures (index --osd), null when it was not.
nlohmann::json time_check_json(const CameraTimeline& camera) {
    if (!camera.measured_clock) {
        return nullptr;
    }
    const indexers::MeasuredClock& m = *camera.measured_clock;
    bool adopted = false;
    if (!camera.clock_offset_entries.empty()) {
        const nlohmann::json& details = camera.clock_offset_entries.back().details;
        adopted = details.contains("how") && details["how"].value("source", "") == m.how;
    }
    return {{"how", m.how},
            {"offset_seconds", static_cast<double>(m.offset_us) / 1e6},
            {"drift_seconds_per_day", m.drift_seconds_per_day
                                          ? nlohmann::json(*m.drift_seconds_per_day)
                                          : nlohmann::json(nullptr)},
            {"recordings", m.recordings},
            {"flagged", m.flagged},
            {"adopted", adopted}};
}

nlohmann::json clock_offset_json(const CameraTimeline& camera, const timecode::Zone& zone) {
    nlohmann::json history = nlohmann::json::array();
    for (const evidence::CustodyEntry& entry : camera.clock_offset_entries) {
        history.push_back(offset_change_json(entry, zone));
    }
    const bool logged = !camera.clock_offset_entries.empty();
    const evidence::CustodyEntry* last = logged ? &camera.clock_offset_entries.back() : nullptr;
    return {{"seconds", static_cast<double>(camera.clock_offset_us) / 1e6},
            {"status", logged                        ? "declared"
                       : camera.clock_offset_us != 0 ? "set before offsets were logged"
                                                     : "none declared"},
            {"set_by", last ? nlohmann::json(last->operator_name) : nlohmann::json(nullptr)},
            {"set_at", last ? nlohmann::json(timecode::format_time(last->time_us, zone))
                            : nlohmann::json(nullptr)},
            {"custody_seq", last ? nlohmann::json(last->seq) : nlohmann::json(nullptr)},
            {"history", history}};
}

nlohmann::json sources_json(const CameraTimeline& camera, const timecode::Zone& zone) {
    nlohmann::json list = nlohmann::json::array();
    for (const SourceRecording& source : camera.sources) {
        list.push_back({{"path", source.path},
                        {"sha256", source.sha256},
                        {"size", source.size},
                        {"start", timecode::format_time(source.wall.start_utc_us, zone)},
                        {"end", timecode::format_time(source.wall.end_utc_us, zone)},
                        {"time_source", source.time_source}});
    }
    return list;
}

nlohmann::json bag_json(const BagFacts& bag, const timecode::Zone& zone) {
    nlohmann::json problems = nlohmann::json::array();
    for (const evidence::Problem& problem : bag.problems) {
        problems.push_back({{"file", problem.file}, {"reason", problem.reason}});
    }
    nlohmann::json files = nlohmann::json::array();
    for (const BagDigest& digest : bag.files) {
        files.push_back({{"file", digest.file}, {"sha256", digest.sha256}});
    }
    nlohmann::json later = nlohmann::json::array();
    for (const evidence::CustodyEntry& entry : bag.later_offsets) {
        later.push_back(offset_change_json(entry, zone));
    }
    return {{"path", bag.path},
            {"name", std::filesystem::path(bag.path).filename().string()},
            {"case", bag.case_number},
            {"camera", bag.camera_id},
            {"method", bag.method},
            {"requested", range_json({bag.requested_start_us, bag.requested_end_us}, zone)},
            {"created", timecode::format_time(bag.created_us, zone)},
            {"tagmanifest_sha256", bag.tagmanifest_sha256},
            {"status", bag.status},
            {"files_checked", bag.files_checked},
            {"bytes_checked", bag.bytes_checked},
            {"problems", problems},
            {"files", files},
            {"signature", {{"status", bag.signature.status}, {"detail", bag.signature.detail}}},
            {"clock_offset_changes_since_cut", later},
            {"shift_seconds_since_cut", static_cast<double>(bag.shift_us) / 1e6}};
}

}  // namespace

nlohmann::json hit_json(const search::Hit& hit, const HitPictures& pictures,
                        const timecode::Zone& zone) {
    nlohmann::json sheet_times = nlohmann::json::array();
    for (int64_t at : pictures.sheet_times_us) {
        sheet_times.push_back(timecode::format_time(at, zone));
    }
    nlohmann::json entry = search::hit_json(hit, zone);
    entry["thumbnail"] =
        pictures.thumbnail.empty() ? nlohmann::json(nullptr) : nlohmann::json(pictures.thumbnail);
    entry["contact_sheet"] =
        pictures.contact_sheet.empty()
            ? nlohmann::json(nullptr)
            : nlohmann::json({{"image", pictures.contact_sheet}, {"frames", sheet_times}});
    if (!pictures.error.empty()) {
        entry["picture_error"] = pictures.error;
    }
    return entry;
}

namespace {

nlohmann::json null_or(const std::string& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

// `report --trace`: the chain's steps in time order, each its hit as the hits list states one,
// with where it stands in the chain beside it.
nlohmann::json trace_json(const search::Trace& trace, const ReportPictures& pictures,
                          const timecode::Zone& zone) {
    nlohmann::json steps = nlohmann::json::array();
    for (size_t i = 0; i < trace.steps.size(); ++i) {
        nlohmann::json hit = hit_json(
            trace.steps[i], i < pictures.trace.size() ? pictures.trace[i] : HitPictures{}, zone);
        nlohmann::json step = nlohmann::json::object();
        for (const char* key : {"step", "similarity", "similarity_to_start", "gap"}) {
            step[key] = hit.contains(key) ? hit[key] : nlohmann::json(nullptr);
            hit.erase(key);
        }
        step["hit"] = std::move(hit);
        steps.push_back(std::move(step));
    }
    const search::TraceQuery& query = trace.query;
    nlohmann::json out = {
        {"start", query.start_id},
        {"query",
         {{"cameras", query.cameras},
          {"within", static_cast<double>(query.within_us) / 1e6},
          {"min_similarity", query.min_similarity},
          {"steps", query.max_steps},
          {"backward", query.backward}}},
        {"stopped",
         {{"forward", trace.stopped_forward}, {"backward", null_or(trace.stopped_backward)}}},
        {"steps", steps},
        {"sheet", null_or(pictures.trace_pictures.sheet)},
        {"timeline", null_or(pictures.trace_pictures.timeline)},
        {"not_indexed", trace.not_indexed}};
    if (!pictures.trace_pictures.error.empty()) {
        out["picture_error"] = pictures.trace_pictures.error;
    }
    return out;
}

}  // namespace

nlohmann::json report_json(const CaseFacts& facts, const ReportRequest& request,
                           const ReportPictures& pictures, const timecode::Zone& zone) {
    nlohmann::json cameras = nlohmann::json::array();
    for (size_t i = 0; i < facts.cameras.size(); ++i) {
        const CameraTimeline& camera = facts.cameras[i];
        nlohmann::json density = nlohmann::json::array();
        for (double value : camera.motion_density) {
            density.push_back(std::round(value * 1000.0) / 1000.0);
        }
        cameras.push_back(
            {{"id", camera.camera_id},
             {"recordings", camera.recordings},
             {"covered_seconds", static_cast<double>(camera.covered_us) / 1e6},
             {"recorded", ranges_json(camera.recorded, zone)},
             {"gaps", ranges_json(camera.gaps, zone)},
             {"motion_density",
              {{"bin_seconds", static_cast<double>(facts.bin_us) / 1e6}, {"values", density}}},
             {"chart", i < pictures.charts.size() ? pictures.charts[i] : ""},
             {"clock_offset", clock_offset_json(camera, zone)},
             {"time_check", time_check_json(camera)},
             {"source_recordings", sources_json(camera, zone)}});
    }
    nlohmann::json hits = nlohmann::json::array();
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        nlohmann::json hit =
            hit_json(facts.search.hits[i],
                     i < pictures.hits.size() ? pictures.hits[i] : HitPictures{}, zone);
        nlohmann::json hit_bags = nlohmann::json::array();
        for (const BagFacts* bag : bags_of_hit(facts, facts.search.hits[i])) {
            hit_bags.push_back(bag->path);
        }
        hit["bags"] = hit_bags;
        hits.push_back(std::move(hit));
    }
    nlohmann::json bags = nlohmann::json::array();
    for (const BagFacts& bag : facts.bags) {
        bags.push_back(bag_json(bag, zone));
    }
    nlohmann::json entries = nlohmann::json::array();
    for (const evidence::CustodyEntry& entry : facts.custody) {
        nlohmann::json item = entry.to_json();
        item["time"] = timecode::format_time(entry.time_us, zone);
        entries.push_back(item);
    }
    nlohmann::json custody = {
        {"chain_intact", !facts.custody_break.has_value()},
        {"head_sha256",
         facts.custody.empty() ? evidence::kGenesisSha256 : facts.custody.back().entry_sha256},
        {"entries", entries}};
    if (facts.custody_break) {
        custody["first_broken"] = {{"seq", facts.custody_break->seq},
                                   {"reason", facts.custody_break->reason}};
    }
    return {
        {"format", "footage-report"},
        {"format_version", kReportFormatVersion},
        {"case",
         {{"number",
           facts.case_number.empty() ? nlohmann::json(nullptr) : nlohmann::json(facts.case_number)},
          {"operator", facts.operator_name},
          {"tool", "footage"},
          {"tool_version", facts.tool_version},
          {"catalog", facts.catalog_path.string()},
          {"command_line", facts.command_line},
          {"generated", timecode::format_time(facts.generated_us, zone)},
          {"generated_utc", timecode::format_time(facts.generated_us, timecode::Zone::utc())},
          {"zone", zone.name()}}},
        {"filters", filters_json(request, zone)},
        {"period", facts.period ? range_json(*facts.period, zone) : nlohmann::json(nullptr)},
        {"cameras", cameras},
        {"hits", hits},
        {"hits_total", facts.search.total},
        {"recordings_searched", facts.search.recordings_searched},
        {"not_indexed", facts.search.not_indexed},
        {"reference", facts.reference ? hit_json(*facts.reference, pictures.reference, zone)
                                      : nlohmann::json(nullptr)},
        {"trace", facts.trace ? trace_json(*facts.trace, pictures, zone) : nlohmann::json(nullptr)},
        {"bags", bags},
        {"custody", custody},
    };
}

}  // namespace footage::report
