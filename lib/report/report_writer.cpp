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

}  // namespace

ReportResult write_report(catalog::Catalog& catalog, const ReportRequest& request,
                          const fs::path& out_dir, const timecode::Zone& zone) {
    fs::path final_dir = fs::absolute(out_dir).lexically_normal();
    if (final_dir.filename().empty()) {
        final_dir = final_dir.parent_path();
    }
    if (exists_at_all(final_dir)) {
        throw UsageError(final_dir.string() + ": already exists; a report is never overwritten");
    }
    const fs::path partial = final_dir.string() + ".partial";
    if (exists_at_all(partial)) {
        throw UsageError(partial.string() +
                         ": already exists (an interrupted report?); remove it first");
    }
    std::error_code error;
    fs::create_directories(final_dir.parent_path(), error);
    if (error || !fs::create_directory(partial, error) || error) {
        throw IoError(partial.string() + ": cannot create the directory (" +
                      (error ? error.message() : std::string("it appeared meanwhile")) + ")");
    }
    PartialGuard guard(partial);
    fs::create_directory(partial / kImages, error);
    if (error) {
        throw IoError((partial / kImages).string() + ": cannot create the directory (" +
                      error.message() + ")");
    }

    CaseFacts facts = gather_facts(catalog, request);

    ReportPictures pictures;
    for (size_t i = 0; i < facts.cameras.size(); ++i) {
        std::vector<catalog::TimeRange> hits;
        for (const search::Hit& hit : facts.search.hits) {
            if (hit.camera_id == facts.cameras[i].camera_id) {
                hits.push_back({hit.start_us, hit.end_us});
            }
        }
        const std::string name = std::string(kImages) + "/" + numbered("coverage", i) + ".svg";
        evidence::write_synced_file(partial / name, coverage_chart(facts.cameras[i], *facts.period,
                                                                   facts.bin_us, hits, zone));
        pictures.charts.push_back(name);
    }
    ReportResult result;
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        pictures.hits.push_back(write_hit_pictures(catalog, facts.search.hits[i], partial, kImages,
                                                   numbered("hit", i), zone));
        if (!pictures.hits.back().error.empty()) {
            ++result.pictures_missing;
        }
    }

    const std::string json_text =
        report_json(facts, request, pictures, zone)
            .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
        "\n";
    const std::string html_text = html_page(facts, request, pictures, zone);
    evidence::write_synced_file(partial / "report.json", json_text);
    evidence::write_synced_file(partial / "index.html", html_text);

    result.dir = final_dir;
    result.report_json_sha256 = evidence::sha256_hex(json_text);
    result.index_html_sha256 = evidence::sha256_hex(html_text);
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

    // The entry and the rename stand or fall together: the entry is committed only once the
    // folder is in place, and the folder is removed if the entry cannot be committed.
    catalog::Transaction transaction(catalog.db());
    nlohmann::json details = {{"report", final_dir.string()},
                              {"report_json_sha256", result.report_json_sha256},
                              {"index_html_sha256", result.index_html_sha256},
                              {"case", request.case_number},
                              {"hits", result.hits},
                              {"bags", bags}};
    evidence::CustodyEntry entry =
        evidence::append_custody(catalog, "export", request.operator_name, details, now_utc_us());
    result.custody_seq = entry.seq;
    if (::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, final_dir.c_str(), RENAME_NOREPLACE) !=
        0) {
        const int rename_error = errno;
        if (rename_error == EEXIST) {
            throw UsageError(final_dir.string() +
                             ": already exists; a report is never overwritten");
        }
        throw IoError(final_dir.string() + ": cannot rename " + partial.filename().string() +
                      " into place: " + std::strerror(rename_error));
    }
    guard.release();
    try {
        transaction.commit();
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(final_dir, ignored);
        throw;
    }
    return result;
}

}  // namespace footage::report
