#pragma once
// The pictures of a trace (`report --trace`): a contact sheet of the chain (each step's object
// cut out of its best frame, in time order, labelled with its step, camera, time and similarity)
// and a timeline (one row per camera, each step a mark at its time, joined in order).
#include <filesystem>
#include <string>

#include "lib/search/query.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::report {

struct TracePictures {
    std::string sheet;     // relative to the report folder; empty when it could not be made
    std::string timeline;  // likewise
    std::string error;     // why the sheet is missing, or which steps it lacks
};

// Writes <images_dir>/trace-sheet.jpg and trace-timeline.svg. A recording that cannot be decoded
// leaves its step out of the sheet, said in `error`, not thrown.
TracePictures write_trace_pictures(const search::Trace& trace,
                                   const std::filesystem::path& report_dir,
                                   const std::string& images_subdir, const timecode::Zone& zone);

// The timeline alone, as a standalone SVG with its width and height set.
std::string trace_timeline_svg(const search::Trace& trace, const timecode::Zone& zone);

}  // namespace footage::report
