#pragma once
// `footage report`: writes a case file folder (index.html, report.json, images/) and enters it
// in the custody log. The folder is made as DIR.partial and renamed to DIR only when complete;
// an existing DIR is never touched.
#include <cstdint>
#include <filesystem>
#include <string>

#include "lib/catalog/catalog.hpp"
#include "lib/report/case_facts.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::report {

struct ReportResult {
    std::filesystem::path dir;
    std::string report_json_sha256;
    std::string index_html_sha256;
    int64_t hits = 0;
    int64_t hits_total = 0;
    int64_t bags = 0;
    int64_t bags_not_intact = 0;   // not intact, missing or unreadable
    int64_t pictures_missing = 0;  // hits whose thumbnail or contact sheet could not be made
    int64_t custody_seq = 0;       // of the export entry
};

// Throws UsageError when `out_dir` (or `out_dir`.partial) already exists or a filter is bad,
// IoError naming the file when writing fails (nothing is left behind), CatalogError when the
// catalog cannot be read or written.
ReportResult write_report(catalog::Catalog& catalog, const ReportRequest& request,
                          const std::filesystem::path& out_dir, const timecode::Zone& zone);

}  // namespace footage::report
