#pragma once
// index.html of a case file: one self-contained page (inline stylesheet, local images, no
// network), printable on A4 with each section after the coverage starting a page. Every string from the drive or
// the catalog is escaped.
#include <string>

#include "lib/report/case_facts.hpp"
#include "lib/report/report_json.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::report {

std::string html_page(const CaseFacts& facts, const ReportRequest& request,
                      const ReportPictures& pictures, const timecode::Zone& zone);

}  // namespace footage::report
