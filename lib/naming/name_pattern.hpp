#pragma once
// File-name patterns of exported recordings. Patterns are data: a template with named fields,
// compiled once, matched against the trailing components of a path (extension ignored).
//
// Template language (also what `footage index --pattern` takes):
//   {channel}   digits; the camera ID becomes "ch" + two-digit channel ("ch03")
//   {camera}    free text without '/' or '_'; used verbatim as the camera ID
//   {recorder}  free text without '/' ; prefixes the camera ID ("NVR01/ch03")
//   {ip}        dotted IPv4; the recorder
//   {start} {end}            YYYYMMDDhhmmss
//   {date}                   YYYY-MM-DD or YYYYMMDD
//   {time} {end_time}        hhmmss, hh-mm-ss or hh.mm.ss (with {date}; an end before the
//                            start means the next day)
//   {end_date}               like {date}, for names that split the end's date and time
//   {*}         anything without '/';  {**} anything, '/' included
// Everything else is literal and matches case-insensitively. A template matches the end of the
// path, starting at a component boundary, so '/' in it matches folders. Matching never
// backtracks exponentially: a field tried at a position and failed is not tried there again, so
// a name costs at most (pieces of the template × path length × longest field). A user template
// may hold at most two {**} and 32 pieces.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace footage::naming {

struct NamePattern {
    std::string name;     // "hikvision", "dahua-export", ... or "user"
    std::string spec;     // the template
    std::string zone;     // zone its times are in ("UTC" for Canon); empty: the --tz zone
    std::string example;  // a file name it matches, for --help and tests
};

// What a name says about a recording.
struct NameFacts {
    std::string camera_id;                  // "ch03", "192.168.1.64/ch01", "NVR01/ch03", "lobby"
    std::optional<int> channel;             // 3 for "ch03"; lets --camera 3 / 03 / ch03 select it
    std::string recorder;                   // "", "192.168.1.64", a site name or folder
    std::optional<int64_t> start_civil_us;  // civil time as microseconds since 1970-01-01 00:00
    std::optional<int64_t> end_civil_us;    // (zone-less: see timecode::civil_to_us)
    std::string zone;                       // copied from the pattern
    std::string pattern_name;
};

// The built-in patterns, most specific first.
const std::vector<NamePattern>& builtin_patterns();

// Checks a user template (unknown field, unbalanced braces, no camera and no time field) and
// throws ParseError saying what is wrong.
NamePattern user_pattern(std::string_view spec, std::string_view zone = "");

class NameMatcher {
  public:
    // Patterns are tried in the order given; the first that matches wins.
    explicit NameMatcher(std::vector<NamePattern> patterns);
    ~NameMatcher();
    NameMatcher(NameMatcher&&) noexcept;
    NameMatcher& operator=(NameMatcher&&) noexcept;

    // `path` may be absolute or relative; only its trailing components are looked at.
    // A match whose date/time fields are out of range (month 13) is not a match.
    std::optional<NameFacts> match(const std::filesystem::path& path) const;

  private:
    struct Compiled;
    std::vector<Compiled> m_compiled;
};

}  // namespace footage::naming
