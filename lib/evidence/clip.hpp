#pragma once
// `footage clip`: cuts a camera's time range out of its recordings, by stream copy (or, when
// asked, by re-encoding for frame accuracy), into a
// BagIt evidence package (docs/ARCHITECTURE.md) with manifest.json, packets.csv and custody.jsonl, and
// enters it in the custody log.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/evidence/bag_writer.hpp"
#include "lib/evidence/reencode.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::evidence {

struct ClipRequest {
    std::string camera_id;    // as in the catalog
    int64_t from_utc_us = 0;  // wall time, padding included
    int64_t to_utc_us = 0;
    std::filesystem::path out_dir;  // the bag is made inside it
    std::string case_number;
    std::string operator_name;
    std::string organization;
    std::string note;
    std::string hit_id;       // the hit cut (`clip --hit`, a hit of the catalog); "" for a range
    std::string command_line;  // as typed, for the manifest
    TagSigner signer;          // signs the tag manifest when set
    bool exact = false;        // re-encode for frame accuracy instead of stream copy
    EncodeSettings encode;     // with `exact`
};

struct ClipSegment {
    std::string file;    // relative to the bag, "data/..."
    std::string source;  // the recording's path
    int64_t actual_start_utc_us = 0;
    int64_t actual_end_utc_us = 0;
    int64_t packets = 0;
};

struct ClipResult {
    std::filesystem::path bag;
    std::vector<ClipSegment> segments;
    std::string tagmanifest_sha256;
    int64_t custody_seq = 0;
};

// Throws UsageError when no recording covers the range, Error when a source's SHA-256 no
// longer matches the catalog (it changed since acquisition), MediaError/IoError naming the
// file when cutting or writing fails; nothing is left behind that looks like a bag.
ClipResult make_clip(catalog::Catalog& catalog, const ClipRequest& request,
                     const timecode::Zone& zone);

}  // namespace footage::evidence
