#pragma once
// Learning which camera a recording is from and when it started, and recording how.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "lib/media/probe.hpp"
#include "lib/naming/name_pattern.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::ingest {

// What the investigator declared on the command line for files whose names say nothing.
struct Declared {
    std::optional<std::string> camera_id;
    std::optional<int64_t> start_utc_us;
    // A file whose name gives no camera is of the camera named by the folder it sits in (see
    // camera_from_folder); `index --osd`, where such files are dated by their picture.
    bool camera_from_folder = false;
};

// The camera of a file whose name says nothing, from the folders it sits in: the path of its
// folder below the input `root` ("site1/gate"), or the input folder's own name when it sits
// directly in it ("gate"); trailing folders named as dates ("2020-11-03", "20201103") are not
// cameras and are left out. Two folders of one name under different parents stay two cameras.
// Empty when no folder names it (a file in "/").
std::string camera_from_folder(const std::filesystem::path& path,
                               const std::filesystem::path& root);

// Suffixes of a name time source whose local time fell in a DST change: an hour that happened
// twice (the earlier instant, still summer time, is taken) or never (read with the offset before
// the change, i.e. shifted forward by the gap, as recorder clocks do).
inline constexpr const char* kAmbiguousSuffix = "+dst-ambiguous";
inline constexpr const char* kSkippedSuffix = "+dst-skipped";

// What a time source's DST suffix means, for people; empty when it has none.
std::string local_time_rule(const std::string& time_source);

struct Identity {
    std::optional<std::string> camera_id;
    // How the camera was learnt: "declared", "name:<pattern>", "stream" (the channel in a .dav's
    // frame headers), "folder" (camera_from_folder); "" when it was not.
    std::string camera_source;
    std::optional<int> channel;
    std::string recorder;
    std::optional<int64_t> start_utc_us;
    // How the time was learnt: "declared", "name:<pattern>", "stream", "creation_time",
    // "unknown".
    std::string time_source = "unknown";
    std::string zone;  // the zone the time was read in ("" when none was needed)
};

// The camera: what was declared, then the file name, then the channel in a .dav's frame headers,
// then (with `declared.camera_from_folder`) the file's folder.
// The start's precedence: what was declared, then the file name (its pattern's zone, else `zone`), then a
// wall time carried in the stream, then the container's creation_time (UTC by definition).
// Canon-style GMT names are read as UTC.
Identity identify(const std::filesystem::path& path, const std::filesystem::path& root,
                  const naming::NameMatcher& matcher, const media::ProbeResult& probe,
                  const Declared& declared, const timecode::Zone& zone);

}  // namespace footage::ingest
