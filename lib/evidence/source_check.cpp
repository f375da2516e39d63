#include "lib/evidence/source_check.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lib/evidence/packets_csv.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/evidence/stream_cut.hpp"
#include "lib/util/error.hpp"
#include "lib/util/whole_file.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

std::string ts_text(int64_t value) {
    return value == std::numeric_limits<int64_t>::min() ? std::string() : std::to_string(value);
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

}  // namespace

SourceCheck check_against_source(const fs::path& bag, const fs::path& source) {
    fs::path data = fs::is_directory(bag) ? bag / "data" : bag.parent_path();
    std::ifstream manifest_in(data / "manifest.json");
    if (!manifest_in) {
        throw UsageError((data / "manifest.json").string() + ": cannot read");
    }
    nlohmann::json manifest = nlohmann::json::parse(manifest_in, nullptr, false);
    if (manifest.is_discarded()) {
        throw UsageError((data / "manifest.json").string() + ": not JSON");
    }
    if (std::string problem = shape_problem(manifest); !problem.empty()) {
        throw UsageError((data / "manifest.json").string() + ": " + problem);
    }
    // Which of the bag's sources this file is: by content, not by name.
    const std::string digest = sha256_file(source);
    std::vector<size_t> matching;
    for (size_t i = 0; i < manifest["sources"].size(); ++i) {
        if (manifest["sources"][i].value("sha256", "") == digest) {
            matching.push_back(i);
        }
    }
    SourceCheck check;
    if (matching.empty()) {
        check.problems.push_back(
            {source.string(), "its SHA-256 " + digest + " is not one of the bag's sources"});
        return check;
    }
    const fs::path csv = data / "packets.csv";
    std::optional<std::string> csv_text = read_whole_file(csv);
    if (!csv_text) {
        throw UsageError(csv.string() + ": cannot read");
    }
    std::map<std::string, std::vector<PacketRow>> rows = parse_packets_csv(*csv_text, csv.string());
    std::vector<CopiedPacket> original = source_packets(source);
    for (const nlohmann::json& output : manifest["outputs"]) {
        size_t from = output.value("source", size_t{0});
        if (std::find(matching.begin(), matching.end(), from) == matching.end()) {
            continue;
        }
        const std::string name = output.value("path", "");
        std::string escape = confinement_problem(data, name);
        if (!escape.empty()) {
            check.problems.push_back({name, escape});
            continue;
        }
        ++check.clips_checked;
        const std::vector<PacketRow>& listed = rows[name];
        if (listed.empty()) {
            check.problems.push_back({name, "no packets listed in packets.csv"});
            continue;
        }
        // packets.csv against the original: a contiguous run, byte for byte.
        for (size_t k = 0; k < listed.size(); ++k) {
            const PacketRow& row = listed[k];
            const std::string where = name + " packet " + std::to_string(k);
            if (row.index != listed.front().index + static_cast<int64_t>(k)) {
                check.problems.push_back({where, "source packets are not contiguous"});
                break;
            }
            if (row.index < 0 || row.index >= static_cast<int64_t>(original.size())) {
                check.problems.push_back({where, "no such packet in the source"});
                break;
            }
            const CopiedPacket& packet = original[static_cast<size_t>(row.index)];
            if (packet.sha256 != row.sha256 || packet.size != row.size ||
                ts_text(packet.pts) != row.pts || ts_text(packet.dts) != row.dts) {
                check.problems.push_back(
                    {where, "differs from source packet " + std::to_string(row.index)});
            }
            ++check.packets_checked;
        }
        if (output.value("method", "") != "stream-copy") {
            continue;  // a re-encoded clip holds new packets; its input run was checked above
        }
        // The clip file against packets.csv: the same packets, in the same order.
        std::vector<CopiedPacket> in_clip = source_packets(data / name);
        if (in_clip.size() != listed.size()) {
            check.problems.push_back({name, "holds " + std::to_string(in_clip.size()) +
                                                " packets; packets.csv lists " +
                                                std::to_string(listed.size())});
            continue;
        }
        for (size_t k = 0; k < in_clip.size(); ++k) {
            if (in_clip[k].sha256 != listed[k].sha256) {
                check.problems.push_back(
                    {name, "packet " + std::to_string(k) + " is not the listed source packet"});
                break;
            }
        }
    }
    return check;
}

}  // namespace footage::evidence
