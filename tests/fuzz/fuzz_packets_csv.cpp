// The packets.csv reader used by `verify --source`: rows are accepted only whole; anything else
// is a UsageError that names the line.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lib/evidence/packets_csv.hpp"
#include "lib/util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        for (const auto& [clip, rows] : evidence::parse_packets_csv(text, "packets.csv")) {
            if (rows.empty()) {
                std::abort();  // a clip is listed only with its rows
            }
        }
    } catch (const UsageError& error) {
        if (std::string_view(error.what()).find("packets.csv") == std::string_view::npos) {
            std::abort();  // every error names the file
        }
    }
    return 0;
}
