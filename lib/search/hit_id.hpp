#pragma once
// Stable, self-describing hit IDs, accepted by `footage clip --hit`:
//   "<camera>@<start UTC, YYYYMMDDThhmmss.mmmZ>+<duration ms>ms", e.g.
//   "ch01@20201103T070503.200Z+4600ms"
// Object hits add what was seen, after '#', with a number when two tracks of the same class
// share their times: "ch01@20201103T070503.200Z+4600ms#person", "...#person.2".
// The same event gives the same ID in every search, whatever the query's sort or limit.
#include <cstdint>
#include <string>
#include <string_view>

namespace footage::search {

struct HitKey {
    std::string camera_id;
    int64_t start_utc_us = 0;
    int64_t end_utc_us = 0;
    std::string tag;  // after '#'; empty for motion hits
};

std::string format_hit_id(const HitKey& key);
// Throws ParseError naming the text when it is not a hit ID.
HitKey parse_hit_id(std::string_view id);

}  // namespace footage::search
