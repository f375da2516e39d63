#pragma once
// The wall clock, in the microseconds since the Unix epoch (UTC) that the catalog stores.
#include <chrono>
#include <cstdint>

namespace footage {

inline int64_t now_utc_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace footage
