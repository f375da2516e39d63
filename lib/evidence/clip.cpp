#include "lib/evidence/clip.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <sstream>

#include <nlohmann/json.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include "lib/catalog/coverage.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/evidence/reencode.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/evidence/stream_cut.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/units.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

// "20201103T140500" in the zone: for file and bag names.
std::string compact_time(int64_t utc_us, const timecode::Zone& zone) {
    std::string text = timecode::format_time(utc_us, zone);  // 2020-11-03T14:05:00+07:00
    std::string out;
    for (char c : text.substr(0, 19)) {
        if (c != '-' && c != ':') {
            out += c;
        }
    }
    return out;
}

std::string safe_name(std::string text) {
    for (char& c : text) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) {
            c = '-';
        }
    }
    return text;
}

struct Source {
    catalog::RecordingRow row;
    catalog::TimeRange wall;
};

std::vector<Source> sources_for(catalog::Catalog& catalog, const ClipRequest& request) {
    std::optional<catalog::CameraRow> camera = catalog.camera(request.camera_id);
    if (!camera) {
        throw UsageError("no camera " + request.camera_id + " in the catalog");
    }
    std::vector<Source> sources;
    for (const catalog::RecordingRow& row : catalog.recordings(request.camera_id)) {
        if (row.status != "ok" || !row.start_recorder_us) {
            continue;
        }
        catalog::TimeRange wall = catalog::wall_range(row, *camera);
        if (wall.end_utc_us > request.from_utc_us && wall.start_utc_us < request.to_utc_us) {
            sources.push_back({row, wall});
        }
    }
    std::sort(sources.begin(), sources.end(), [](const Source& a, const Source& b) {
        return a.wall.start_utc_us < b.wall.start_utc_us;
    });
    return sources;
}

std::string packets_csv_line(const std::string& clip, const CopiedPacket& packet) {
    auto ts = [](int64_t value) {
        return value == timecode::kUnknownTime ? std::string() : std::to_string(value);
    };
    return clip + "," + std::to_string(packet.stream_index) + "," +
           std::to_string(packet.packet_index) + "," + ts(packet.pts) + "," + ts(packet.dts) + "," +
           std::to_string(packet.size) + "," + (packet.key ? "1" : "0") + "," + packet.sha256 +
           "\n";
}

// The sources must be exactly what was acquired. They are hashed again while the clips are cut
// into the unfinished bag; a mismatch stops everything before the bag is finished.
class SourceRehash {
  public:
    explicit SourceRehash(const std::vector<Source>& sources)
        : m_sources(sources), m_rehashed(std::async(std::launch::async, [&sources]() {
              std::vector<std::string> digests;
              for (const Source& source : sources) {
                  digests.push_back(sha256_file(source.row.path));
              }
              return digests;
          })) {}

    // The digests, once every source is shown unchanged since it was indexed.
    const std::vector<std::string>& check() {
        if (m_digests.empty()) {
            m_digests = m_rehashed.get();
        }
        for (size_t i = 0; i < m_sources.size(); ++i) {
            if (m_digests[i] != m_sources[i].row.sha256) {
                throw Error(
                    m_sources[i].row.path + ": SHA-256 is " + m_digests[i] + " but was " +
                    m_sources[i].row.sha256 +
                    " when indexed: the source changed since acquisition; no clip was made");
            }
        }
        return m_digests;
    }

  private:
    const std::vector<Source>& m_sources;
    std::future<std::vector<std::string>> m_rehashed;
    std::vector<std::string> m_digests;
};

// One source's part of the clip, cut into the bag: its segment, its manifest.json output entry
// and its packets.csv lines.
struct CutPart {
    ClipSegment segment;
    nlohmann::json output;
    std::string packets_csv;
};

CutPart cut_part(const ClipRequest& request, const Source& source, size_t index,
                 const fs::path& data_dir, const timecode::Zone& zone) {
    const int64_t from_offset_us =
        std::max(request.from_utc_us, source.wall.start_utc_us) - source.wall.start_utc_us;
    const int64_t to_offset_us =
        std::min(request.to_utc_us, source.wall.end_utc_us) - source.wall.start_utc_us;
    const std::string name =
        safe_name(request.camera_id) + "_" +
        compact_time(source.wall.start_utc_us + from_offset_us, zone) + "_" +
        std::to_string(index + 1) +
        (request.exact ? ".mp4" : clip_extension(source.row.path, source.row.container));
    const StreamCut cut =
        request.exact ? reencode(source.row.path, from_offset_us, to_offset_us, data_dir / name,
                                 request.encode)
                      : stream_copy(source.row.path, from_offset_us, to_offset_us, data_dir / name);
    CutPart part;
    for (const CopiedPacket& packet : cut.packets) {
        part.packets_csv += packets_csv_line(name, packet);
    }
    ClipSegment& segment = part.segment;
    segment.file = "data/" + name;
    segment.source = source.row.path;
    segment.actual_start_utc_us = source.wall.start_utc_us + cut.actual_start_offset_us;
    segment.actual_end_utc_us = source.wall.start_utc_us + cut.actual_end_offset_us;
    segment.packets = static_cast<int64_t>(cut.packets.size());
    part.output = {
        {"path", name},
        {"sha256", sha256_file(data_dir / name)},
        {"size", static_cast<int64_t>(fs::file_size(data_dir / name))},
        {"source", index},
        {"method", request.exact ? "re-encode" : "stream-copy"},
        {"requested",
         {{"start", timecode::format_time(source.wall.start_utc_us + from_offset_us, zone)},
          {"end", timecode::format_time(source.wall.start_utc_us + to_offset_us, zone)},
          {"start_offset_us", from_offset_us},
          {"end_offset_us", to_offset_us}}},
        {"actual",
         {{"start", timecode::format_time(segment.actual_start_utc_us, zone)},
          {"end", timecode::format_time(segment.actual_end_utc_us, zone)},
          {"start_offset_us", cut.actual_start_offset_us},
          {"end_offset_us", cut.actual_end_offset_us},
          {"first_pts", cut.packets.front().pts},
          {"last_pts", cut.packets.back().pts},
          {"time_base",
           std::to_string(cut.time_base_num) + "/" + std::to_string(cut.time_base_den)}}},
        {"packets", segment.packets}};
    return part;
}

nlohmann::json sources_json(const std::vector<Source>& sources,
                            const std::vector<std::string>& digests, const timecode::Zone& zone) {
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < sources.size(); ++i) {
        list.push_back(
            {{"path", sources[i].row.path},
             {"size", static_cast<int64_t>(fs::file_size(sources[i].row.path))},
             {"sha256", digests[i]},
             {"sha256_matches_catalog", true},
             {"recording_start", timecode::format_time(sources[i].wall.start_utc_us, zone)}});
    }
    return list;
}

// data/manifest.json: who made the clip, with what, from what, and what came out.
nlohmann::json manifest_json(const ClipRequest& request, int64_t created_utc_us,
                             const nlohmann::json& sources, const nlohmann::json& outputs,
                             const timecode::Zone& zone) {
    nlohmann::json manifest = {
        {"tool", "footage"},
        {"version", FOOTAGE_VERSION},
        {"libraries",
         {{"ffmpeg", av_version_info()},
          {"libavformat", LIBAVFORMAT_IDENT},
          {"libavcodec", LIBAVCODEC_IDENT}}},
        {"command_line", request.command_line},
        {"host", host_name()},
        {"created", timecode::format_time(created_utc_us, timecode::Zone::utc())},
        {"operator", request.operator_name},
        {"case", request.case_number},
        {"note", request.note},
        {"camera", request.camera_id},
        {"hit", request.hit_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(request.hit_id)},
        {"requested",
         {{"start", timecode::format_time(request.from_utc_us, zone)},
          {"end", timecode::format_time(request.to_utc_us, zone)}}},
        {"method", request.exact ? "re-encode" : "stream-copy"},
        {"sources", sources},
        {"outputs", outputs},
    };
    if (request.exact) {
        // Not the original's bits: say so, and how it was made, so it can be made again.
        manifest["derivative"] = true;
        manifest["encoding"] = request.encode.to_json();
        manifest["packets_csv"] = "the source packets decoded to make each clip";
    } else {
        manifest["derivative"] = false;
        manifest["packets_csv"] = "every clip packet, copied unchanged from the source";
    }
    return manifest;
}

// The clip enters the custody log in the same transaction that records it in the catalog; the
// bag carries the log up to and including that entry, so its chain can be checked from the bag
// alone. Finishes (and signs) the bag.
void finish_and_record(catalog::Catalog& catalog, const ClipRequest& request, BagWriter& bag,
                       const std::string& stem, const nlohmann::json& sources,
                       const nlohmann::json& outputs, int64_t created_utc_us, ClipResult& result) {
    catalog::Transaction transaction(catalog.db());
    nlohmann::json details = {
        {"bag", stem},          {"case", request.case_number}, {"camera", request.camera_id},
        {"note", request.note}, {"sources", sources},          {"outputs", outputs}};
    if (!request.hit_id.empty()) {
        details["hit"] = request.hit_id;
    }
    CustodyEntry entry =
        append_custody(catalog, "clip", request.operator_name, details, created_utc_us);
    std::string custody;
    for (const CustodyEntry& logged : custody_log(catalog)) {
        custody += logged.to_json().dump() + "\n";
    }
    write_synced_file(bag.data_dir() / "custody.jsonl", custody);
    BagInfo info;
    info.bagging_time_us = created_utc_us;
    info.external_identifier = request.case_number;
    info.contact_name = request.operator_name;
    info.source_organization = request.organization;
    info.software_agent = std::string("footage ") + FOOTAGE_VERSION;
    result.tagmanifest_sha256 = bag.finish(info, request.signer);
    result.bag = bag.final_dir();
    result.custody_seq = entry.seq;
    catalog.db()
        .prepare(
            "INSERT INTO clips(case_number, camera_id, bag_path, requested_start_us, "
            "requested_end_us, method, tagmanifest_sha256, created_us) "
            "VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, request.case_number)
        .bind(2, request.camera_id)
        .bind(3, fs::absolute(result.bag).string())
        .bind(4, request.from_utc_us)
        .bind(5, request.to_utc_us)
        .bind(6, request.exact ? "re-encode" : "stream-copy")
        .bind(7, result.tagmanifest_sha256)
        .bind(8, created_utc_us)
        .run();
    transaction.commit();
}

}  // namespace

ClipResult make_clip(catalog::Catalog& catalog, const ClipRequest& request,
                     const timecode::Zone& zone) {
    if (request.to_utc_us <= request.from_utc_us) {
        throw UsageError("the clip's end must come after its start");
    }
    const std::vector<Source> sources = sources_for(catalog, request);
    if (sources.empty()) {
        throw UsageError("no recording of camera " + request.camera_id + " covers " +
                         timecode::format_time(request.from_utc_us, zone) + " to " +
                         timecode::format_time(request.to_utc_us, zone));
    }
    SourceRehash rehash(sources);
    const int64_t created_utc_us = now_utc_us();
    const std::string stem =
        safe_name(request.case_number.empty() ? "nocase" : request.case_number) + "_" +
        safe_name(request.camera_id) + "_" + compact_time(request.from_utc_us, zone);
    BagWriter bag(request.out_dir / stem);
    ClipResult result;
    nlohmann::json outputs = nlohmann::json::array();
    std::string packets_csv =
        "clip,source_stream_index,source_packet_index,pts,dts,size,key,sha256\n";
    try {
        for (size_t i = 0; i < sources.size(); ++i) {
            CutPart part = cut_part(request, sources[i], i, bag.data_dir(), zone);
            packets_csv += part.packets_csv;
            outputs.push_back(std::move(part.output));
            result.segments.push_back(part.segment);
        }
    } catch (const Error&) {
        rehash.check();  // a changed source explains a failed cut best
        throw;
    }
    const nlohmann::json source_list = sources_json(sources, rehash.check(), zone);
    const nlohmann::json manifest =
        manifest_json(request, created_utc_us, source_list, outputs, zone);
    // Source paths that are not UTF-8 show U+FFFD for the bad bytes; their SHA-256 names them.
    write_synced_file(
        bag.data_dir() / "manifest.json",
        manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    write_synced_file(bag.data_dir() / "packets.csv", packets_csv);
    finish_and_record(catalog, request, bag, stem, source_list, outputs, created_utc_us, result);
    return result;
}

}  // namespace footage::evidence
