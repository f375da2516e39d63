#include "lib/evidence/source_check.hpp"

#include <fcntl.h>

#include <algorithm>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lib/evidence/packets_csv.hpp"
#include "lib/evidence/safe_open.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/evidence/stream_cut.hpp"
#include "lib/timecode/units.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

std::string ts_text(int64_t value) {
    return value == timecode::kUnknownTime ? std::string() : std::to_string(value);
}

// What is wrong with the shape of a clip's manifest.json, or "" when its "sources" and "outputs"
// hold what the code below reads (a hostile bag may put anything there).
std::string shape_problem(const nlohmann::json& manifest) {
    if (!manifest.is_object() || !manifest.contains("sources") || !manifest.contains("outputs") ||
        !manifest["sources"].is_array() || !manifest["outputs"].is_array()) {
        return "not a footage clip manifest (no \"sources\" and \"outputs\" lists)";
    }
    for (const nlohmann::json& source : manifest["sources"]) {
        if (!source.is_object() || (source.contains("sha256") && !source["sha256"].is_string())) {
            return "a source that is not an object with a \"sha256\" string";
        }
    }
    for (const nlohmann::json& output : manifest["outputs"]) {
        if (!output.is_object() || !output.contains("path") || !output["path"].is_string() ||
            (output.contains("source") && !output["source"].is_number_unsigned()) ||
            (output.contains("method") && !output["method"].is_string())) {
            return "an output without a \"path\" string and a \"source\" index";
        }
    }
    return "";
}

std::string read_listed(int data_fd, const fs::path& data, const std::string& name) {
    OpenedFile file = open_beneath(data_fd, name);
    if (!file.problem.empty()) {
        throw UsageError((data / name).string() + ": " + file.problem);
    }
    std::optional<std::string> text = read_capped(file.fd.get(), kListCap, (data / name).string());
    if (!text) {
        throw UsageError((data / name).string() + ": too large to read");
    }
    return *text;
}

// The folder a bag's (or a bare manifest's) listed files are in, and its manifest.json.
struct ClipManifest {
    fs::path data;
    UniqueFd data_fd;
    nlohmann::json json;
};

ClipManifest read_clip_manifest(const fs::path& bag) {
    ClipManifest manifest;
    manifest.data = fs::is_directory(fs::symlink_status(bag)) ? bag / "data"
                    : bag.parent_path().empty()               ? fs::path(".")
                                                              : bag.parent_path();
    const fs::path& data = manifest.data;
    manifest.data_fd =
        UniqueFd(::open(data.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW));
    if (!manifest.data_fd.valid()) {
        throw UsageError(data.string() + ": cannot open (or a symlink, not followed)");
    }
    manifest.json = nlohmann::json::parse(
        read_listed(manifest.data_fd.get(), data, "manifest.json"), nullptr, false);
    if (manifest.json.is_discarded()) {
        throw UsageError((data / "manifest.json").string() + ": not JSON");
    }
    if (std::string problem = shape_problem(manifest.json); !problem.empty()) {
        throw UsageError((data / "manifest.json").string() + ": " + problem);
    }
    return manifest;
}

// packets.csv against the original: a contiguous run, byte for byte.
void compare_listed_with_source(const std::string& name, const std::vector<PacketRow>& listed,
                                const std::vector<CopiedPacket>& original,
                                std::vector<Problem>& problems) {
    for (size_t k = 0; k < listed.size(); ++k) {
        const PacketRow& row = listed[k];
        const std::string where = name + " packet " + std::to_string(k);
        if (row.index != listed.front().index + static_cast<int64_t>(k)) {
            problems.push_back({where, "source packets are not contiguous"});
            return;
        }
        if (row.index < 0 || row.index >= static_cast<int64_t>(original.size())) {
            problems.push_back({where, "no such packet in the source"});
            return;
        }
        const CopiedPacket& packet = original[static_cast<size_t>(row.index)];
        if (packet.sha256 != row.sha256 || packet.size != row.size ||
            ts_text(packet.pts) != row.pts || ts_text(packet.dts) != row.dts) {
            problems.push_back({where, "differs from source packet " + std::to_string(row.index)});
        }
    }
}

// The clip file against packets.csv: the same packets, in the same order.
void compare_clip_with_listed(int data_fd, const std::string& name,
                              const std::vector<PacketRow>& listed,
                              std::vector<Problem>& problems) {
    OpenedFile clip = open_beneath(data_fd, name);
    if (!clip.problem.empty()) {
        problems.push_back({name, clip.problem});
        return;
    }
    std::vector<CopiedPacket> in_clip = source_packets(fd_path(clip.fd.get()));
    if (in_clip.size() != listed.size()) {
        problems.push_back({name, "holds " + std::to_string(in_clip.size()) +
                                      " packets; packets.csv lists " +
                                      std::to_string(listed.size())});
        return;
    }
    for (size_t k = 0; k < in_clip.size(); ++k) {
        if (in_clip[k].sha256 != listed[k].sha256) {
            problems.push_back(
                {name, "packet " + std::to_string(k) + " is not the listed source packet"});
            return;
        }
    }
}

// One output of the bag cut from the source `original` (its packets).
void check_output(const ClipManifest& manifest, const nlohmann::json& output,
                  std::map<std::string, std::vector<PacketRow>>& rows,
                  const std::vector<CopiedPacket>& original, SourceResult& result,
                  SourceCheck& check) {
    const std::string name = output.value("path", "");
    std::string escape = confinement_problem(manifest.data, name);
    if (!escape.empty()) {
        check.problems.push_back({name, escape});
        result.mismatched = true;
        return;
    }
    const bool copied = output.value("method", "") == "stream-copy";
    ++(copied ? result.clips_checked : result.derivative_clips);
    const std::vector<PacketRow>& listed = rows[name];
    if (listed.empty()) {
        check.problems.push_back({name, "no packets listed in packets.csv"});
        result.mismatched = true;
        return;
    }
    size_t problems_before = check.problems.size();
    compare_listed_with_source(name, listed, original, check.problems);
    if (copied && check.problems.size() == problems_before) {
        compare_clip_with_listed(manifest.data_fd.get(), name, listed, check.problems);
    }
    if (check.problems.size() == problems_before) {
        result.packets_matched += static_cast<int64_t>(listed.size());
    } else {
        result.mismatched = true;
    }
}

}  // namespace

SourceCheck check_against_sources(const fs::path& bag, const std::vector<fs::path>& sources) {
    const ClipManifest manifest = read_clip_manifest(bag);
    const nlohmann::json& outputs = manifest.json["outputs"];
    SourceCheck check;
    std::vector<bool> covered(outputs.size(), false);
    std::optional<std::map<std::string, std::vector<PacketRow>>> rows;
    for (const fs::path& source : sources) {
        OpenedFile opened = open_regular(source);
        if (!opened.problem.empty()) {
            throw UsageError("--source " + source.string() + ": " + opened.problem);
        }
        SourceResult result;
        result.path = source;
        // Which of the bag's sources this file is: by content, not by name.
        result.sha256 = sha256_fd(opened.fd.get(), source.string(), opened.size);
        std::vector<size_t> matching;
        for (size_t i = 0; i < manifest.json["sources"].size(); ++i) {
            if (manifest.json["sources"][i].value("sha256", "") == result.sha256) {
                matching.push_back(i);
            }
        }
        result.in_bag = !matching.empty();
        if (!result.in_bag) {
            check.sources.push_back(result);
            continue;
        }
        if (!rows) {
            rows =
                parse_packets_csv(read_listed(manifest.data_fd.get(), manifest.data, "packets.csv"),
                                  (manifest.data / "packets.csv").string());
        }
        // FFmpeg reads the very file opened and hashed above, not whatever the name points at now.
        std::vector<CopiedPacket> original = source_packets(fd_path(opened.fd.get()));
        for (size_t o = 0; o < outputs.size(); ++o) {
            size_t from = outputs[o].value("source", size_t{0});
            if (std::find(matching.begin(), matching.end(), from) != matching.end()) {
                covered[o] = true;
                check_output(manifest, outputs[o], *rows, original, result, check);
            }
        }
        check.sources.push_back(result);
    }
    for (size_t o = 0; o < covered.size(); ++o) {
        if (!covered[o]) {
            check.unchecked.push_back(outputs[o].value("path", ""));
        }
    }
    return check;
}

}  // namespace footage::evidence
