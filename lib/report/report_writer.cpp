#include "lib/report/report_writer.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>
#include <cstring>

#include "lib/evidence/bag_writer.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/report/coverage_chart.hpp"
#include "lib/report/hit_pictures.hpp"
#include "lib/report/html_page.hpp"
#include "lib/report/report_json.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::report {

namespace fs = std::filesystem;

namespace {

const char* const kImages = "images";

// Removes the unfinished folder unless released.
class PartialGuard {
  public:
    explicit PartialGuard(fs::path path) : m_path(std::move(path)) {}
    ~PartialGuard() {
        if (!m_path.empty()) {
            std::error_code ignored;
            fs::remove_all(m_path, ignored);
        }
    }
    PartialGuard(const PartialGuard&) = delete;
    PartialGuard& operator=(const PartialGuard&) = delete;
    void release() { m_path.clear(); }

  private:
    fs::path m_path;
};

std::string numbered(const char* prefix, size_t index) {
    char text[32];
    std::snprintf(text, sizeof text, "%s-%03zu", prefix, index + 1);
    return text;
}

bool exists_at_all(const fs::path& path) {
    std::error_code error;
    return fs::symlink_status(path, error).type() != fs::file_type::not_found;
}

// Where the report goes, and the unfinished folder it is made in first.
struct Folders {
    fs::path final_dir;
    fs::path partial;
};

// Refuses an existing report (or an interrupted one) and makes DIR.partial with its images/.
Folders make_partial(const fs::path& out_dir) {
    Folders folders;
    folders.final_dir = fs::absolute(out_dir).lexically_normal();
    if (folders.final_dir.filename().empty()) {
        folders.final_dir = folders.final_dir.parent_path();
    }
    if (exists_at_all(folders.final_dir)) {
        throw UsageError(folders.final_dir.string() +
                         ": already exists; a report is never overwritten");
    }
    folders.partial = folders.final_dir.string() + ".partial";
    if (exists_at_all(folders.partial)) {
        throw UsageError(folders.partial.string() +
                         ": already exists (an interrupted report?); remove it first");
    }
    std::error_code error;
    fs::create_directories(folders.final_dir.parent_path(), error);
    if (error || !fs::create_directory(folders.partial, error) || error) {
        throw IoError(folders.partial.string() + ": cannot create the directory (" +
                      (error ? error.message() : std::string("it appeared meanwhile")) + ")");
    }
    return folders;
}

void make_images_dir(const fs::path& partial) {
    std::error_code error;
    fs::create_directory(partial / kImages, error);
    if (error) {
        throw IoError((partial / kImages).string() + ": cannot create the directory (" +
                      error.message() + ")");
    }
}

// A coverage chart per camera, and each hit's thumbnail and contact sheet, into images/.
ReportPictures draw_pictures(catalog::Catalog& catalog, const CaseFacts& facts,
                             const fs::path& partial, const timecode::Zone& zone,
                             ReportResult& result) {
    ReportPictures pictures;
    for (size_t i = 0; i < facts.cameras.size(); ++i) {
        std::vector<catalog::TimeRange> hits;
        for (const search::Hit& hit : facts.search.hits) {
            if (hit.camera_id == facts.cameras[i].camera_id) {
                hits.push_back({hit.start_utc_us, hit.end_utc_us});
            }
        }
        const std::string name = std::string(kImages) + "/" + numbered("coverage", i) + ".svg";
        evidence::write_synced_file(partial / name, coverage_chart(facts.cameras[i], *facts.period,
                                                                   facts.bin_us, hits, zone));
        pictures.charts.push_back(name);
    }
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        pictures.hits.push_back(write_hit_pictures(catalog, facts.search.hits[i], partial, kImages,
                                                   numbered("hit", i), zone));
        if (!pictures.hits.back().error.empty()) {
            ++result.pictures_missing;
        }
    }
    if (facts.reference) {
        pictures.reference =
            write_hit_pictures(catalog, *facts.reference, partial, kImages, "query", zone, false);
    }
    if (facts.trace) {
        for (size_t i = 0; i < facts.trace->steps.size(); ++i) {
            pictures.trace.push_back(write_hit_pictures(catalog, facts.trace->steps[i], partial,
                                                        kImages, numbered("trace", i), zone,
                                                        false));
        }
        pictures.trace_pictures = write_trace_pictures(*facts.trace, partial, kImages, zone);
    }
    return pictures;
}

// report.json and index.html, and their SHA-256 in `result`.
void write_pages(const CaseFacts& facts, const ReportRequest& request,
                 const ReportPictures& pictures, const fs::path& partial,
                 const timecode::Zone& zone, ReportResult& result) {
    const std::string json_text =
        report_json(facts, request, pictures, zone)
            .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
        "\n";
    const std::string html_text = html_page(facts, request, pictures, zone);
    evidence::write_synced_file(partial / "report.json", json_text);
    evidence::write_synced_file(partial / "index.html", html_text);
    result.report_json_sha256 = evidence::sha256_hex(json_text);
    result.index_html_sha256 = evidence::sha256_hex(html_text);
}

// Counts the hits and bags into `result`; the bags as the export entry lists them.
nlohmann::json count_facts(const CaseFacts& facts, ReportResult& result) {
    result.hits = static_cast<int64_t>(facts.search.hits.size());
    result.hits_total = facts.search.total;
    result.bags = static_cast<int64_t>(facts.bags.size());
    nlohmann::json bags = nlohmann::json::array();
    for (const BagFacts& bag : facts.bags) {
        bags.push_back({{"bag", bag.path}, {"status", bag.status}});
        if (bag.status != "intact") {
            ++result.bags_not_intact;
        }
    }
    return bags;
}

// The export entry and the rename stand or fall together: the entry is committed only once
// the folder is in place, and the folder is removed if the entry cannot be committed.
void publish(catalog::Catalog& catalog, const ReportRequest& request, const Folders& folders,
             const nlohmann::json& bags, PartialGuard& guard, ReportResult& result) {
    catalog::Transaction transaction(catalog.db());
    nlohmann::json details = {{"report", folders.final_dir.string()},
                              {"report_json_sha256", result.report_json_sha256},
                              {"index_html_sha256", result.index_html_sha256},
                              {"case", request.case_number},
                              {"hits", result.hits},
                              {"bags", bags}};
    evidence::CustodyEntry entry =
        evidence::append_custody(catalog, "export", request.operator_name, details, now_utc_us());
    result.custody_seq = entry.seq;
    if (::renameat2(AT_FDCWD, folders.partial.c_str(), AT_FDCWD, folders.final_dir.c_str(),
                    RENAME_NOREPLACE) != 0) {
        const int rename_error = errno;
        if (rename_error == EEXIST) {
            throw UsageError(folders.final_dir.string() +
                             ": already exists; a report is never overwritten");
        }
        throw IoError(folders.final_dir.string() + ": cannot rename " +
                      folders.partial.filename().string() +
                      " into place: " + std::strerror(rename_error));
    }
    guard.release();
    try {
        transaction.commit();
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(folders.final_dir, ignored);
        throw;
    }
}

}  // namespace

ReportResult write_report(catalog::Catalog& catalog, const ReportRequest& request,
                          const fs::path& out_dir, const timecode::Zone& zone) {
    const Folders folders = make_partial(out_dir);
    PartialGuard guard(folders.partial);
    make_images_dir(folders.partial);
    const CaseFacts facts = gather_facts(catalog, request);
    ReportResult result;
    result.dir = folders.final_dir;
    const ReportPictures pictures = draw_pictures(catalog, facts, folders.partial, zone, result);
    write_pages(facts, request, pictures, folders.partial, zone, result);
    const nlohmann::json bags = count_facts(facts, result);
    publish(catalog, request, folders, bags, guard, result);
    return result;
}

}  // namespace footage::report
