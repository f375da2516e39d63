#pragma once
// The pictures of a hit in a case file: its thumbnail (the frame of peak motion, what moved
// outlined by one box) and a contact sheet (a strip of frames spread across the event, each
// labelled with its wall time).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/search/search.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::report {

constexpr int32_t kContactSheetFrames = 6;

struct HitPictures {
    std::string thumbnail;      // relative to the report folder; empty when it could not be made
    std::string contact_sheet;  // likewise
    std::vector<int64_t> sheet_times_us;  // UTC, left to right
    std::string error;                    // why a picture is missing
};

// Writes <images_dir>/<stem>.jpg and (unless !with_sheet) <stem>-sheet.jpg; paths returned relative
// to `report_dir`. A recording that cannot be decoded is reported in `error`, not thrown.
HitPictures write_hit_pictures(catalog::Catalog& catalog, const search::Hit& hit,
                               const std::filesystem::path& report_dir,
                               const std::string& images_subdir, const std::string& stem,
                               const timecode::Zone& zone, bool with_sheet = true);

}  // namespace footage::report
