#pragma once
// Reading a bag's data/packets.csv (written by `footage clip`, read by `verify --source`):
// "clip,source_stream_index,source_packet_index,pts,dts,size,key,sha256", one row per packet.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace footage::evidence {

struct PacketRow {
    int64_t index = 0;  // the packet's index in its source
    std::string pts;    // as written: a number, or empty when the packet had none
    std::string dts;
    int64_t size = 0;
    std::string sha256;
};

// Clip name -> its rows in file order. `text` is the whole file; `label` names it in errors.
// Throws UsageError "<label>:<line>: <reason>" for a wrong header, field count or number.
std::map<std::string, std::vector<PacketRow>> parse_packets_csv(std::string_view text,
                                                                const std::string& label);

}  // namespace footage::evidence
