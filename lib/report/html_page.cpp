#include "lib/report/html_page.hpp"

#include <cstdio>
#include <sstream>

#include "lib/report/html_escape.hpp"
#include "lib/timecode/time.hpp"

namespace footage::report {

namespace {

const char* const kStyle = R"css(
body { font: 14px/1.4 sans-serif; color: #111; margin: 24px auto; max-width: 1000px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; border-bottom: 2px solid #333; padding-bottom: 2px; }
h3 { font-size: 15px; margin: 14px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
.facts th { width: 22%; }
.hash, .path { font-family: monospace; font-size: 12px; word-break: break-all; }
.hit { display: flex; gap: 12px; margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
.hit img { width: 320px; height: auto; border: 1px solid #999; }
.sheet { margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
.sheet img, figure img { max-width: 100%; height: auto; border: 1px solid #999; }
figure { margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
.status-intact { color: #17692d; font-weight: bold; }
.status-bad { color: #b00020; font-weight: bold; }
.none { font-style: italic; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  section { break-before: page; page-break-before: always; }
  .hit img { width: 45%; }
  a { color: inherit; text-decoration: none; }
}
)css";

// Sets data-images on <body> once the page has loaded: "ok" when every image decoded, else
// "failed" with the sources that did not in data-images-failed (headless browsers read it).
const char* const kImageCheck = R"js(
window.addEventListener('load', function () {
  var images = document.images, failed = [];
  for (var i = 0; i < images.length; i++) {
    if (!images[i].complete || images[i].naturalWidth === 0) failed.push(images[i].getAttribute('src'));
  }
  document.body.setAttribute('data-images-total', String(images.length));
  document.body.setAttribute('data-images-failed', failed.join(' '));
  document.body.setAttribute('data-images', failed.length ? 'failed' : 'ok');
});
)js";

constexpr size_t kGapRowsShown = 50;

std::string seconds_text(double seconds, int decimals = 1) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, seconds);
    return text;
}

std::string row(const std::string& name, const std::string& escaped_value) {
    return "<tr><th>" + name + "</th><td>" + escaped_value + "</td></tr>\n";
}

std::string time_text(int64_t utc_us, const timecode::Zone& zone) {
    return html_escape(timecode::format_time(utc_us, zone));
}

std::string filters_text(const ReportRequest& request, const timecode::Zone& zone) {
    const search::Query& query = request.query;
    std::string text;
    const auto add = [&](const std::string& part) { text += (text.empty() ? "" : "; ") + part; };
    if (!query.cameras.empty()) {
        std::string cameras;
        for (const std::string& camera : query.cameras) {
            cameras += (cameras.empty() ? "" : ", ") + camera;
        }
        add("cameras " + cameras);
    }
    if (query.from_us) {
        add("from " + timecode::format_time(*query.from_us, zone));
    }
    if (query.to_us) {
        add("to " + timecode::format_time(*query.to_us, zone));
    }
    for (const indexers::motion::Box& region : query.regions) {
        add("region " + seconds_text(region.x, 3) + "," + seconds_text(region.y, 3) + "," +
            seconds_text(region.w, 3) + "," + seconds_text(region.h, 3));
    }
    if (query.min_duration_us > 0) {
        add("at least " + timecode::format_duration(query.min_duration_us));
    }
    if (query.limit) {
        add("at most " + std::to_string(*query.limit) + " hits");
    }
    add("sensitivity " + std::to_string(query.sensitivity));
    return html_escape(text);
}

void header_section(std::ostream& out, const CaseFacts& facts, const ReportRequest& request,
                    const timecode::Zone& zone) {
    const std::string case_text = facts.case_number.empty()
                                      ? "(no case number: every bag in the catalog)"
                                      : facts.case_number;
    out << "<header id=\"case\">\n<h1>Case file " << html_escape(facts.case_number) << "</h1>\n"
        << "<table class=\"facts\">\n"
        << row("Case", html_escape(case_text)) << row("Operator", html_escape(facts.operator_name))
        << row("Generated", time_text(facts.generated_us, zone) + " (" +
                                time_text(facts.generated_us, timecode::Zone::utc()) + ")")
        << row("Tool", "footage " + html_escape(facts.tool_version))
        << row("Catalog",
               "<span class=\"path\">" + html_escape(facts.catalog_path.string()) + "</span>")
        << row("Custody log head",
               "<span class=\"hash\">" +
                   html_escape(facts.custody.empty() ? evidence::kGenesisSha256
                                                     : facts.custody.back().entry_sha256) +
                   "</span> (entry " + std::to_string(facts.custody.size()) +
                   "; this report's own export entry follows it)")
        << row("Command", "<span class=\"path\">" + html_escape(facts.command_line) + "</span>")
        << row("Filters", filters_text(request, zone))
        << row("Period", facts.period ? time_text(facts.period->start_us, zone) + " to " +
                                            time_text(facts.period->end_us, zone)
                                      : std::string("nothing recorded"))
        << row("Times",
               "ISO 8601 in " + html_escape(zone.name()) + ", camera clock offsets applied")
        << row("Summary", std::to_string(facts.cameras.size()) + " camera(s), " +
                              std::to_string(facts.search.hits.size()) + " hit(s)" +
                              (static_cast<int64_t>(facts.search.hits.size()) < facts.search.total
                                   ? " of " + std::to_string(facts.search.total)
                                   : std::string()) +
                              ", " + std::to_string(facts.bags.size()) + " evidence bag(s)")
        << "</table>\n";
    if (!facts.search.not_indexed.empty()) {
        out << "<p class=\"status-bad\">" << facts.search.not_indexed.size()
            << " recording(s) in range have no motion index and were not searched.</p>\n";
    }
    out << "</header>\n";
}

void coverage_section(std::ostream& out, const CaseFacts& facts, const ReportPictures& pictures,
                      const timecode::Zone& zone) {
    out << "<section id=\"coverage\">\n<h2>Camera coverage</h2>\n"
        << "<p>Per camera across the period: what was recorded (green), the gaps (red), the "
           "motion density (orange: the share of each "
        << html_escape(timecode::format_duration(facts.bin_us))
        << " with motion at the default sensitivity, whole frame) and the hits (blue).</p>\n";
    if (facts.cameras.empty()) {
        out << "<p class=\"none\">No camera recorded in the period.</p>\n";
    }
    for (size_t i = 0; i < facts.cameras.size(); ++i) {
        const CameraTimeline& camera = facts.cameras[i];
        out << "<figure class=\"camera\" data-camera=\"" << html_escape(camera.camera_id)
            << "\">\n";
        if (i < pictures.charts.size()) {
            out << "<img src=\"" << html_escape(pictures.charts[i]) << "\" alt=\"coverage of "
                << html_escape(camera.camera_id) << "\" width=\"960\" height=\"100\">\n";
        }
        out << "<figcaption>" << html_escape(camera.camera_id) << ": " << camera.recordings
            << " recording(s), " << html_escape(timecode::format_duration(camera.covered_us))
            << " recorded, " << camera.gaps.size() << " gap(s)</figcaption>\n";
        if (!camera.gaps.empty()) {
            out << "<table><tr><th>Gap from</th><th>to</th><th>length</th></tr>\n";
            for (size_t g = 0; g < camera.gaps.size() && g < kGapRowsShown; ++g) {
                const catalog::TimeRange& gap = camera.gaps[g];
                out << "<tr><td>" << time_text(gap.start_us, zone) << "</td><td>"
                    << time_text(gap.end_us, zone) << "</td><td>"
                    << html_escape(timecode::format_duration(gap.end_us - gap.start_us))
                    << "</td></tr>\n";
            }
            if (camera.gaps.size() > kGapRowsShown) {
                out << "<tr><td colspan=\"3\">and " << camera.gaps.size() - kGapRowsShown
                    << " more gaps (every one is in report.json)</td></tr>\n";
            }
            out << "</table>\n";
        }
        out << "</figure>\n";
    }
    out << "</section>\n";
}

void hits_section(std::ostream& out, const CaseFacts& facts, const ReportPictures& pictures,
                  const timecode::Zone& zone) {
    out << "<section id=\"hits\">\n<h2>Hits</h2>\n";
    if (facts.search.hits.empty()) {
        out << "<p class=\"none\">No hits: nothing matched the filters.</p>\n";
    }
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        const search::Hit& hit = facts.search.hits[i];
        const HitPictures& picture = pictures.hits[i];
        out << "<article class=\"hit\" id=\"hit-" << i + 1 << "\" data-hit-id=\""
            << html_escape(hit.id) << "\">\n";
        if (!picture.thumbnail.empty()) {
            out << "<img src=\"" << html_escape(picture.thumbnail) << "\" alt=\"hit " << i + 1
                << " at its peak\">\n";
        }
        out << "<table class=\"facts\">\n"
            << row("Hit", std::to_string(i + 1) + ": <span class=\"hash\">" + html_escape(hit.id) +
                              "</span>")
            << row("Kind", html_escape(hit.kind)) << row("Camera", html_escape(hit.camera_id))
            << row("Start", time_text(hit.start_us, zone))
            << row("End", time_text(hit.end_us, zone)) << row("Peak", time_text(hit.peak_us, zone))
            << row("Duration", html_escape(timecode::format_duration(hit.end_us - hit.start_us)))
            << row("Score", seconds_text(hit.score, 3));
        if (hit.kind == "object") {
            out << row("Object", html_escape(hit.label) +
                                     (hit.color.empty() ? "" : ", " + html_escape(hit.color)) +
                                     ", seen on " + std::to_string(hit.sightings) +
                                     " examined frame(s), confidence " +
                                     seconds_text(hit.confidence, 2));
        }
        out << row("Where", "x " + seconds_text(hit.box.x, 3) + ", y " +
                                seconds_text(hit.box.y, 3) + ", w " + seconds_text(hit.box.w, 3) +
                                ", h " + seconds_text(hit.box.h, 3) + " of the frame")
            << row("Recording", "<span class=\"path\">" + html_escape(hit.recording) +
                                    "</span> at " + seconds_text(hit.offset_s, 3) + " s");
        if (!picture.error.empty()) {
            out << row("No picture", html_escape(picture.error));
        }
        out << "</table>\n</article>\n";
    }
    out << "</section>\n";

    out << "<section id=\"sheets\">\n<h2>Contact sheets</h2>\n";
    if (facts.search.hits.empty()) {
        out << "<p class=\"none\">No hits, so no contact sheets.</p>\n";
    }
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        const search::Hit& hit = facts.search.hits[i];
        const HitPictures& picture = pictures.hits[i];
        out << "<div class=\"sheet\" data-sheet-for=\"" << html_escape(hit.id) << "\">\n<h3>Hit "
            << i + 1 << ": " << html_escape(hit.camera_id) << ", " << time_text(hit.start_us, zone)
            << " to " << time_text(hit.end_us, zone) << "</h3>\n";
        if (picture.contact_sheet.empty()) {
            out << "<p class=\"none\">No contact sheet: " << html_escape(picture.error) << "</p>\n";
        } else {
            out << "<img src=\"" << html_escape(picture.contact_sheet) << "\" alt=\""
                << picture.sheet_times_us.size() << " frames across hit " << i + 1 << "\">\n"
                << "<p>Frames at";
            for (int64_t at : picture.sheet_times_us) {
                out << ' ' << time_text(at, zone);
            }
            out << ".</p>\n";
        }
        out << "</div>\n";
    }
    out << "</section>\n";
}

void bags_section(std::ostream& out, const CaseFacts& facts, const timecode::Zone& zone) {
    out << "<section id=\"bags\">\n<h2>Evidence bags</h2>\n";
    if (facts.bags.empty()) {
        out << "<p class=\"none\">No evidence bags were made in this case.</p>\n";
    }
    for (const BagFacts& bag : facts.bags) {
        const bool intact = bag.status == "intact";
        out << "<div class=\"bag\" data-bag=\"" << html_escape(bag.path) << "\">\n<h3>"
            << html_escape(std::filesystem::path(bag.path).filename().string()) << "</h3>\n"
            << "<table class=\"facts\">\n"
            << row("Status", std::string("<span class=\"") +
                                 (intact ? "status-intact" : "status-bad") + "\">" +
                                 html_escape(bag.status) + "</span> (verified " +
                                 std::to_string(bag.files_checked) + " files now)")
            << row("Path", "<span class=\"path\">" + html_escape(bag.path) + "</span>")
            << row("Case", html_escape(bag.case_number))
            << row("Camera", html_escape(bag.camera_id))
            << row("Requested", time_text(bag.requested_start_us, zone) + " to " +
                                    time_text(bag.requested_end_us, zone))
            << row("Made", time_text(bag.created_us, zone))
            << row("Method", html_escape(bag.method))
            << row("Tag manifest SHA-256",
                   "<span class=\"hash\">" + html_escape(bag.tagmanifest_sha256) + "</span>")
            << "</table>\n";
        if (!bag.problems.empty()) {
            out << "<table><tr><th>Problem</th><th>reason</th></tr>\n";
            for (const evidence::Problem& problem : bag.problems) {
                out << "<tr><td class=\"path\">" << html_escape(problem.file) << "</td><td>"
                    << html_escape(problem.reason) << "</td></tr>\n";
            }
            out << "</table>\n";
        }
        if (!bag.files.empty()) {
            out << "<table><tr><th>File</th><th>SHA-256</th></tr>\n";
            for (const BagDigest& digest : bag.files) {
                out << "<tr><td class=\"path\">" << html_escape(digest.file)
                    << "</td><td class=\"hash\">" << html_escape(digest.sha256) << "</td></tr>\n";
            }
            out << "</table>\n";
        }
        out << "</div>\n";
    }
    out << "</section>\n";
}

void custody_section(std::ostream& out, const CaseFacts& facts, const timecode::Zone& zone) {
    out << "<section id=\"custody\">\n<h2>Custody log</h2>\n<p>";
    if (facts.custody_break) {
        out << "<span class=\"status-bad\">The hash chain is BROKEN at entry "
            << facts.custody_break->seq << ": " << html_escape(facts.custody_break->reason)
            << "</span>";
    } else {
        out << "<span class=\"status-intact\">The hash chain holds</span> over "
            << facts.custody.size() << " entries";
    }
    out << ". This report's own export entry follows the last one shown.</p>\n"
        << "<table><tr><th>#</th><th>Time</th><th>Action</th><th>Operator@host</th>"
           "<th>Details</th><th>Entry SHA-256</th></tr>\n";
    for (const evidence::CustodyEntry& entry : facts.custody) {
        out << "<tr><td>" << entry.seq << "</td><td>" << time_text(entry.time_us, zone)
            << "</td><td>" << html_escape(entry.action) << "</td><td>"
            << html_escape(entry.operator_name + "@" + entry.host) << "</td><td class=\"path\">"
            << html_escape(
                   entry.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
            << "</td><td class=\"hash\">" << html_escape(entry.entry_sha256) << "</td></tr>\n";
    }
    out << "</table>\n</section>\n";
}

}  // namespace

std::string html_page(const CaseFacts& facts, const ReportRequest& request,
                      const ReportPictures& pictures, const timecode::Zone& zone) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"generator\" content=\"footage " << html_escape(facts.tool_version)
        << "\">\n<title>Case file " << html_escape(facts.case_number)
        << " (footage report)</title>\n"
        << "<style>" << kStyle << "</style>\n</head>\n<body data-images=\"pending\">\n";
    header_section(out, facts, request, zone);
    coverage_section(out, facts, pictures, zone);
    hits_section(out, facts, pictures, zone);
    bags_section(out, facts, zone);
    custody_section(out, facts, zone);
    out << "<script>" << kImageCheck << "</script>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace footage::report
