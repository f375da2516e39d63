#pragma once
// report.json: the facts of index.html as one JSON object (schema: docs/report.schema.json).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lib/report/case_facts.hpp"
#include "lib/report/hit_pictures.hpp"
#include "lib/report/trace_pictures.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::report {

constexpr int kReportFormatVersion = 1;

struct ReportPictures {
    std::vector<std::string> charts;  // per camera timeline, relative to the report folder
    std::vector<HitPictures> hits;    // per hit
    HitPictures reference;            // of the hit --like compares with
    std::vector<HitPictures> trace;   // per step of --trace's chain
    TracePictures trace_pictures;
};

// A search hit as the report states it; fields of other kinds (object label, confidence,
// colour) are present only when the hit carries them.
nlohmann::json hit_json(const search::Hit& hit, const HitPictures& pictures,
                        const timecode::Zone& zone);

nlohmann::json report_json(const CaseFacts& facts, const ReportRequest& request,
                           const ReportPictures& pictures, const timecode::Zone& zone);

}  // namespace footage::report
