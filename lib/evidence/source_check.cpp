#include "lib/evidence/source_check.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lib/evidence/sha256.hpp"
#include "lib/evidence/stream_cut.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

struct Row {
    int64_t index = 0;
    std::string pts;
    std::string dts;
    int64_t size = 0;
    std::string sha256;
};

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    std::string field;
    while (std::getline(in, field, ',')) {
        fields.push_back(field);
    }
    if (!line.empty() && line.back() == ',') {
        fields.emplace_back();
    }
    return fields;
}

std::map<std::string, std::vector<Row>> read_packets_csv(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw UsageError(file.string() + ": cannot read");
    }
    std::map<std::string, std::vector<Row>> clips;
    std::string line;
    std::getline(in, line);  // header
    int number = 1;
    while (std::getline(in, line)) {
        ++number;
        std::vector<std::string> f = split(line);
        if (f.size() != 8) {
            throw UsageError(file.string() + ":" + std::to_string(number) + ": expected 8 fields");
        }
        try {
            clips[f[0]].push_back({std::stoll(f[2]), f[3], f[4], std::stoll(f[5]), f[7]});
        } catch (const std::exception&) {
            throw UsageError(file.string() + ":" + std::to_string(number) + ": not a number");
        }
    }
    return clips;
}

std::string ts_text(int64_t value) {
    return value == std::numeric_limits<int64_t>::min() ? std::string() : std::to_string(value);
}

}  // namespace

SourceCheck check_against_source(const fs::path& bag, const fs::path& source) {
    fs::path data = fs::is_directory(bag) ? bag / "data" : bag.parent_path();
    std::ifstream manifest_in(data / "manifest.json");
    if (!manifest_in) {
        throw UsageError((data / "manifest.json").string() + ": cannot read");
    }
    nlohmann::json manifest = nlohmann::json::parse(manifest_in, nullptr, false);
    if (manifest.is_discarded() || !manifest.contains("sources") || !manifest.contains("outputs")) {
        throw UsageError((data / "manifest.json").string() + ": not a footage clip manifest");
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
    std::map<std::string, std::vector<Row>> rows = read_packets_csv(data / "packets.csv");
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
        const std::vector<Row>& listed = rows[name];
        if (listed.empty()) {
            check.problems.push_back({name, "no packets listed in packets.csv"});
            continue;
        }
        // packets.csv against the original: a contiguous run, byte for byte.
        for (size_t k = 0; k < listed.size(); ++k) {
            const Row& row = listed[k];
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
