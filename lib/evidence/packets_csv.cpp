#include "lib/evidence/packets_csv.hpp"

#include <charconv>

#include "lib/util/error.hpp"

namespace footage::evidence {

namespace {

const std::string_view kHeader =
    "clip,source_stream_index,source_packet_index,pts,dts,size,key,sha256";

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> fields;
    for (;;) {
        size_t comma = line.find(',');
        fields.push_back(line.substr(0, comma));
        if (comma == std::string_view::npos) {
            return fields;
        }
        line.remove_prefix(comma + 1);
    }
}

// The whole field as a decimal integer; std::stoll would take "12abc" as 12.
bool parse_int(std::string_view field, int64_t& value) {
    const char* end = field.data() + field.size();
    std::from_chars_result result = std::from_chars(field.data(), end, value);
    return !field.empty() && result.ec == std::errc() && result.ptr == end;
}

}  // namespace

std::map<std::string, std::vector<PacketRow>> parse_packets_csv(std::string_view text,
                                                                const std::string& label) {
    std::map<std::string, std::vector<PacketRow>> clips;
    int number = 0;
    while (!text.empty()) {
        size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const std::string where = label + ":" + std::to_string(number) + ": ";
        if (number == 1) {
            if (line != kHeader) {
                throw UsageError(where + "not the packets.csv header");
            }
            continue;
        }
        std::vector<std::string_view> f = split(line);
        if (f.size() != 8) {
            throw UsageError(where + "expected 8 fields, found " + std::to_string(f.size()));
        }
        PacketRow row;
        if (!parse_int(f[2], row.index) || !parse_int(f[5], row.size)) {
            throw UsageError(where + "not a number");
        }
        row.pts = f[3];
        row.dts = f[4];
        row.sha256 = f[7];
        clips[std::string(f[0])].push_back(std::move(row));
    }
    if (number == 0) {
        throw UsageError(label + ": empty, not a packets.csv");
    }
    return clips;
}

}  // namespace footage::evidence
