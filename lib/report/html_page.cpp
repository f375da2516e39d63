#include "lib/report/html_page.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "indexers/indexer.hpp"
#include "lib/report/custody_text.hpp"
#include "lib/report/frame_sketch.hpp"
#include "lib/report/html_escape.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/fixed_text.hpp"

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
.path { font-family: monospace; font-size: 12px; overflow-wrap: anywhere; }
.hash { font-family: monospace; font-size: 12px; white-space: nowrap; }
.hashblock { display: block; font-family: monospace; font-size: 12px; background: #f4f4f4;
  padding: 2px 4px; margin: 1px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.hashrow td { border-top: none; padding-top: 0; }
.label { color: #555; font-size: 12px; }
.when { white-space: nowrap; }
.hit { display: flex; align-items: flex-start; gap: 12px; margin: 10px 0;
  break-inside: avoid; page-break-inside: avoid; }
.hit figure.thumb { flex: 0 0 320px; margin: 0; }
.hit figure.thumb img, .sheet img, figure img { display: block; max-width: 100%; width: 100%;
  height: auto; border: 1px solid #999; }
.hit table { flex: 1 1 auto; margin-top: 0; }
figcaption { font-size: 12px; color: #333; }
.sheet { margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
figure { margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
.sketch { float: right; margin-left: 6px; }
.note { background: #fff6dd; border-left: 4px solid #e0a800; padding: 4px 8px; margin: 4px 0; }
.status-intact { color: #17692d; font-weight: bold; }
.status-bad { color: #b00020; font-weight: bold; }
.none { font-style: italic; }
.like { display: flex; align-items: flex-start; gap: 12px; margin: 10px 0; }
.like figure.query { flex: 0 0 240px; margin: 0; border: 3px solid #b00020; padding: 2px; }
.gallery { display: flex; flex-wrap: wrap; gap: 6px; flex: 1 1 auto; }
.gallery figure { flex: 0 0 150px; margin: 0; }
.trace-steps td { font-size: 12px; }
.trace-steps img { width: 120px; height: auto; border: 1px solid #999; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  section { break-before: page; page-break-before: always; }
  section.follows { break-before: auto; page-break-before: auto; }
  .hit figure.thumb { flex-basis: 45%; }
  .hash, .hashblock { font-size: 10px; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
)css";

// Sets data-images on <body> once the page has loaded: "ok" when every image decoded, else
// "failed" with the sources that did not in data-images-failed, and data-images-distorted lists
// the pictures shown out of their proportions (headless browsers read them).
const char* const kImageCheck = R"js(
window.addEventListener('load', function () {
  var images = document.images, failed = [], distorted = [];
  for (var i = 0; i < images.length; i++) {
    var image = images[i];
    if (!image.complete || image.naturalWidth === 0) { failed.push(image.getAttribute('src')); continue; }
    var width = image.clientWidth, height = image.clientHeight;  // inside the border
    if (width > 0 && height > 0 &&
        Math.abs(width / height / (image.naturalWidth / image.naturalHeight) - 1) > 0.02) {
      distorted.push(image.getAttribute('src') + '=' + width + 'x' + height);
    }
  }
  document.body.setAttribute('data-images-distorted', distorted.join(' '));
  document.body.setAttribute('data-images-total', String(images.length));
  document.body.setAttribute('data-images-failed', failed.join(' '));
  document.body.setAttribute('data-images', failed.length ? 'failed' : 'ok');
});
)js";

constexpr size_t kGapRowsShown = 50;

std::string row(const std::string& name, const std::string& escaped_value) {
    return "<tr><th>" + name + "</th><td>" + escaped_value + "</td></tr>\n";
}

std::string time_text(int64_t utc_us, const timecode::Zone& zone) {
    return html_escape(timecode::format_time(utc_us, zone));
}

// For narrow table cells: the ISO time, breakable only between its date and its time of day.
std::string when_text(int64_t utc_us, const timecode::Zone& zone) {
    const std::string text = timecode::format_time(utc_us, zone);
    const size_t t = text.find('T');
    if (t == std::string::npos) {
        return html_escape(text);
    }
    return "<span class=\"when\">" + html_escape(text.substr(0, t + 1)) +
           "</span><wbr><span class=\"when\">" + html_escape(text.substr(t + 1)) + "</span>";
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
    if (query.from_utc_us) {
        add("from " + timecode::format_time(*query.from_utc_us, zone));
    }
    if (query.to_utc_us) {
        add("to " + timecode::format_time(*query.to_utc_us, zone));
    }
    for (const media::Box& region : query.regions) {
        add("region " + fixed_text(region.x, 3) + "," + fixed_text(region.y, 3) + "," +
            fixed_text(region.w, 3) + "," + fixed_text(region.h, 3));
    }
    if (query.min_duration_us > 0) {
        add("at least " + timecode::format_duration(query.min_duration_us));
    }
    if (query.limit) {
        add("at most " + std::to_string(*query.limit) + " hits");
    }
    for (const indexers::SearchHook* hook : indexers::search_hooks()) {
        if (hook->query_words != nullptr) {
            add(hook->query_words(query));
        }
    }
    return html_escape(text);
}

std::string hash_block(const std::string& sha256) {
    return "<code class=\"hashblock\">" + html_escape(sha256) + "</code>";
}

std::string offset_text(int64_t offset_us) {
    return offset_seconds_text(nlohmann::json(static_cast<double>(offset_us) / 1e6));
}

// Who declared the camera's clock offset, and when, in words.
std::string clock_offset_words(const CameraTimeline& camera, const timecode::Zone& zone) {
    if (camera.clock_offset_entries.empty()) {
        return camera.clock_offset_us == 0
                   ? std::string("none declared: times are as the recorder's clock gave them")
                   : "set before clock offsets were logged: the custody log does not say who "
                     "set it or when";
    }
    const evidence::CustodyEntry& last = camera.clock_offset_entries.back();
    std::string text = "declared by " + html_escape(last.operator_name) + " on " +
                       time_text(last.time_us, zone) + " (custody entry " +
                       std::to_string(last.seq) + ")";
    if (camera.clock_offset_entries.size() > 1) {
        text += "; changed " + std::to_string(camera.clock_offset_entries.size()) +
                " times in all, every change is in the custody log";
    }
    return text;
}

// What the camera's pictures say of its clock (index --osd), and whether the offset applied is
// the one measured there.
std::string measured_clock_words(const CameraTimeline& camera) {
    if (!camera.measured_clock) {
        return "not measured (index --osd reads the clock burned into the picture)";
    }
    const indexers::MeasuredClock& m = *camera.measured_clock;
    std::string text = "the clock in the picture (" + m.how + ") reads " +
                       offset_text(m.offset_us) + " from the recorder's start, the median of " +
                       std::to_string(m.recordings) + " recording(s)";
    if (m.drift_seconds_per_day) {
        char drift[64];
        std::snprintf(drift, sizeof drift, "; it drifts %+.1f s a day", *m.drift_seconds_per_day);
        text += drift;
    }
    if (m.flagged > 0) {
        text += "; " + std::to_string(m.flagged) +
                " recording(s) flagged (a jump, a frozen clock or a misread: see recordings -v)";
    }
    if (!camera.clock_offset_entries.empty()) {
        const nlohmann::json& details = camera.clock_offset_entries.back().details;
        if (details.contains("how") && details["how"].value("source", "") == m.how) {
            text += "; the offset applied was adopted from it";
        }
    }
    return html_escape(text);
}

void clocks_table(std::ostream& out, const CaseFacts& facts, const timecode::Zone& zone) {
    out << "<h3>Camera clocks</h3>\n<p>A recorder's clock can be wrong. Where an investigator "
           "found by how much, the correction (true time = recorder time + offset) is applied "
           "to every time in this report.</p>\n"
        << "<table class=\"clocks\"><tr><th>Camera</th><th>Clock offset</th><th>Who set it, "
           "and when</th><th>Time check</th></tr>\n";
    for (const CameraTimeline& camera : facts.cameras) {
        out << "<tr data-clock-camera=\"" << html_escape(camera.camera_id) << "\"><td>"
            << html_escape(camera.camera_id) << "</td><td>"
            << html_escape(offset_text(camera.clock_offset_us)) << "</td><td>"
            << clock_offset_words(camera, zone) << "</td><td>" << measured_clock_words(camera)
            << "</td></tr>\n";
    }
    out << "</table>\n";
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
               hash_block(facts.custody.empty() ? evidence::kGenesisSha256
                                                : facts.custody.back().entry_sha256) +
                   "entry " + std::to_string(facts.custody.size()) +
                   "; this report's own export entry follows it")
        << row("Command", "<span class=\"path\">" + html_escape(facts.command_line) + "</span>")
        << row("Filters", filters_text(request, zone))
        << row("Period", facts.period ? time_text(facts.period->start_utc_us, zone) + " to " +
                                            time_text(facts.period->end_utc_us, zone)
                                      : std::string("nothing recorded"))
        << row("Times", "ISO 8601 in " + html_escape(zone.name()) +
                            "; each camera's clock offset (below) is applied")
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
    clocks_table(out, facts, zone);
    out << "</header>\n";
}

void coverage_section(std::ostream& out, const CaseFacts& facts, const ReportPictures& pictures,
                      const timecode::Zone& zone) {
    // Follows the case header on its page: the header alone leaves most of a page blank.
    out << "<section id=\"coverage\" class=\"follows\">\n<h2>Camera coverage</h2>\n"
        << "<p>Per camera across the period: what the export holds (green), times it does not "
           "hold (red: not in the export, whether the camera did not record then or the files "
           "were not exported), how much moved (orange: the share of each "
        << html_escape(timecode::format_duration(facts.bin_us))
        << " with movement anywhere in the picture) and the hits (blue).</p>\n";
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
            << " in the export, " << camera.gaps.size()
            << " span(s) not in the export; clock offset "
            << html_escape(offset_text(camera.clock_offset_us)) << "</figcaption>\n";
        if (!camera.gaps.empty()) {
            out << "<table><tr><th>Not in the export: from</th><th>to</th><th>length</th></tr>\n";
            for (size_t g = 0; g < camera.gaps.size() && g < kGapRowsShown; ++g) {
                const catalog::TimeRange& gap = camera.gaps[g];
                out << "<tr><td>" << time_text(gap.start_utc_us, zone) << "</td><td>"
                    << time_text(gap.end_utc_us, zone) << "</td><td>"
                    << html_escape(timecode::format_duration(gap.end_utc_us - gap.start_utc_us))
                    << "</td></tr>\n";
            }
            if (camera.gaps.size() > kGapRowsShown) {
                out << "<tr><td colspan=\"3\">and " << camera.gaps.size() - kGapRowsShown
                    << " more (every one is in report.json)</td></tr>\n";
            }
            out << "</table>\n";
        }
        out << "</figure>\n";
    }
    out << "</section>\n";
}

void sources_section(std::ostream& out, const CaseFacts& facts, const timecode::Zone& zone) {
    out << "<section id=\"sources\">\n<h2>Source recordings</h2>\n"
        << "<p>The recordings of the period, as the catalog holds them: each file's SHA-256 "
           "identifies it exactly; the same file always gives the same SHA-256, and any change "
           "to it gives another.</p>\n";
    size_t count = 0;
    out << "<table class=\"sources\"><tr><th>Camera</th><th>File</th><th>Recorded from</th>"
           "<th>to</th></tr>\n";
    for (const CameraTimeline& camera : facts.cameras) {
        for (const SourceRecording& source : camera.sources) {
            ++count;
            out << "<tr data-source=\"" << html_escape(source.path) << "\"><td>"
                << html_escape(camera.camera_id) << "</td><td class=\"path\">"
                << html_escape(source.path) << "</td><td>"
                << when_text(source.wall.start_utc_us, zone) << "</td><td>"
                << when_text(source.wall.end_utc_us, zone) << "</td></tr>\n"
                << "<tr class=\"hashrow\"><td colspan=\"4\"><span class=\"label\">SHA-256 ("
                << source.size << " bytes)</span>" << hash_block(source.sha256) << "</td></tr>\n";
        }
    }
    out << "</table>\n";
    if (count == 0) {
        out << "<p class=\"none\">No recording in the period.</p>\n";
    }
    out << "</section>\n";
}

// Why a bag's requested times differ from today's: an offset was declared after it was cut.
std::string bag_clock_note(const BagFacts& bag, const timecode::Zone& zone) {
    if (bag.later_offsets.empty()) {
        return "";
    }
    std::string text = "Cut on " + time_text(bag.created_us, zone) +
                       ", before the clock offset of camera " + html_escape(bag.camera_id) +
                       " was changed";
    for (const evidence::CustodyEntry& entry : bag.later_offsets) {
        text +=
            " (from " +
            html_escape(offset_seconds_text(entry.details.value("old_seconds", nlohmann::json()))) +
            " to " +
            html_escape(offset_seconds_text(entry.details.value("new_seconds", nlohmann::json()))) +
            " by " + html_escape(entry.operator_name) + " on " + time_text(entry.time_us, zone) +
            ")";
    }
    text += ". The bag's requested times, " + time_text(bag.requested_start_us, zone) + " to " +
            time_text(bag.requested_end_us, zone) +
            ", are in the clock of the day it was cut; with today's offset the same footage is " +
            time_text(bag.requested_start_us + bag.shift_us, zone) + " to " +
            time_text(bag.requested_end_us + bag.shift_us, zone) + ". The footage is the same.";
    return text;
}

// The bags cut of a hit, each with its state and clock note.
std::string bags_cell(const std::vector<const BagFacts*>& bags, const timecode::Zone& zone) {
    std::string text;
    for (const BagFacts* bag : bags) {
        text += "<div>" + html_escape(std::filesystem::path(bag->path).filename().string()) + " (" +
                html_escape(bag->status) + ")</div>";
        const std::string note = bag_clock_note(*bag, zone);
        if (!note.empty()) {
            text += "<div class=\"note clock-note\">" + note + "</div>";
        }
    }
    return text;
}

// One hit: its picture and its facts table (`number` counts from 1).
void hit_article(std::ostream& out, const CaseFacts& facts, const search::Hit& hit,
                 const HitPictures& picture, size_t number, const timecode::Zone& zone) {
    out << "<article class=\"hit\" id=\"hit-" << number << "\" data-hit-id=\""
        << html_escape(hit.id) << "\">\n";
    if (!picture.thumbnail.empty()) {
        out << "<figure class=\"thumb\"><img src=\"" << html_escape(picture.thumbnail)
            << "\" alt=\"hit " << number << " at its peak\"><figcaption>Hit " << number
            << ": camera " << html_escape(hit.camera_id) << ", " << time_text(hit.peak_utc_us, zone)
            << "</figcaption></figure>\n";
    }
    out << "<table class=\"facts\">\n"
        << row("Hit", std::to_string(number) +
                          " <span class=\"label\">(ID for footage clip "
                          "--hit)</span><br><span class=\"path\">" +
                          html_escape(hit.id) + "</span>")
        << row("Camera", html_escape(hit.camera_id))
        << row("From", time_text(hit.start_utc_us, zone))
        << row("To", time_text(hit.end_utc_us, zone))
        << row("Duration",
               html_escape(timecode::format_duration(hit.end_utc_us - hit.start_utc_us)))
        << row("Most movement at", time_text(hit.peak_utc_us, zone));
    if (hit.rank) {
        out << row("Similarity", fixed_text(*hit.rank, 3) +
                                     " to the hit asked about (1: the same look); it proposes, "
                                     "the pictures decide");
    }
    const indexers::SearchHook* hook = indexers::find_search_hook(hit.kind);
    if (hook != nullptr && hook->report_rows != nullptr) {
        for (const auto& [heading, text] : hook->report_rows(hit)) {
            out << row(heading, html_escape(text));
        }
    }
    out << row(hook != nullptr ? std::string(hook->box_heading) : "Where it moved (whole hit)",
               frame_sketch_svg(hit.box) + html_escape(place_in_words(hit.box)))
        << row("Recording", "<span class=\"path\">" + html_escape(hit.recording) +
                                "</span><br>from " + fixed_text(hit.offset_s, 1) +
                                " s into the file");
    const std::vector<const BagFacts*> bags = bags_of_hit(facts, hit);
    if (!bags.empty()) {
        out << row("Evidence bags", bags_cell(bags, zone));
    }
    if (!picture.error.empty()) {
        out << row("No picture", html_escape(picture.error));
    }
    out << "</table>\n</article>\n";
}

// One hit's contact sheet (`number` counts from 1).
void contact_sheet(std::ostream& out, const search::Hit& hit, const HitPictures& picture,
                   size_t number, const timecode::Zone& zone) {
    out << "<div class=\"sheet\" data-sheet-for=\"" << html_escape(hit.id) << "\">\n<h3>Hit "
        << number << ": camera " << html_escape(hit.camera_id) << ", "
        << time_text(hit.start_utc_us, zone) << " to " << time_text(hit.end_utc_us, zone)
        << "</h3>\n";
    if (picture.contact_sheet.empty()) {
        out << "<p class=\"none\">No contact sheet: " << html_escape(picture.error) << "</p>\n";
    } else {
        out << "<img src=\"" << html_escape(picture.contact_sheet) << "\" alt=\""
            << picture.sheet_times_us.size() << " frames across hit " << number << "\">\n"
            << "<p>Frames at";
        for (int64_t at : picture.sheet_times_us) {
            out << ' ' << time_text(at, zone);
        }
        out << ".</p>\n";
    }
    out << "</div>\n";
}

// `report --like`: the picture of the hit asked about beside the ranked hits' pictures, most
// similar first.
void like_gallery(std::ostream& out, const CaseFacts& facts, const ReportPictures& pictures,
                  const timecode::Zone& zone) {
    const search::Hit& reference = *facts.reference;
    out << "<div class=\"like\" id=\"like\" data-like=\"" << html_escape(reference.id)
        << "\">\n<figure class=\"query\">";
    if (!pictures.reference.thumbnail.empty()) {
        out << "<img src=\"" << html_escape(pictures.reference.thumbnail)
            << "\" alt=\"the hit asked about\">";
    } else {
        out << "<p class=\"none\">No picture: " << html_escape(pictures.reference.error) << "</p>";
    }
    out << "<figcaption><b>Looking for</b> this: camera " << html_escape(reference.camera_id)
        << ", " << time_text(reference.peak_utc_us, zone) << "<br><span class=\"path\">"
        << html_escape(reference.id) << "</span></figcaption></figure>\n<div class=\"gallery\">\n";
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        const search::Hit& hit = facts.search.hits[i];
        const std::string& thumbnail = i < pictures.hits.size() ? pictures.hits[i].thumbnail : "";
        out << "<figure><a href=\"#hit-" << i + 1 << "\">";
        if (!thumbnail.empty()) {
            out << "<img src=\"" << html_escape(thumbnail) << "\" alt=\"hit " << i + 1 << "\">";
        }
        out << "</a><figcaption>" << i + 1 << ". similarity "
            << fixed_text(hit.rank.value_or(0.0), 3) << "<br>" << html_escape(hit.camera_id) << ", "
            << when_text(hit.start_utc_us, zone) << "</figcaption></figure>\n";
    }
    out << "</div>\n</div>\n<p>Left, the hit asked about; right, the hits most like it, most "
           "similar first (the similarity is 0..1, from the colours of the clothes or vehicle "
           "more than anything else). It proposes; the pictures decide.</p>\n";
}

void hits_section(std::ostream& out, const CaseFacts& facts, const ReportPictures& pictures,
                  const timecode::Zone& zone) {
    out << "<section id=\"hits\">\n<h2>Hits</h2>\n"
        << "<p>Each hit is a stretch of time in which something moved (or an object was seen) "
           "on one camera. The picture is the moment with the most movement; the blue box marks "
           "where it moved.</p>\n";
    if (facts.reference) {
        like_gallery(out, facts, pictures, zone);
    }
    if (facts.search.hits.empty()) {
        out << "<p class=\"none\">No hits: nothing matched the filters.</p>\n";
    }
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        hit_article(out, facts, facts.search.hits[i], pictures.hits[i], i + 1, zone);
    }
    out << "</section>\n";

    out << "<section id=\"sheets\">\n<h2>Contact sheets</h2>\n"
        << "<p>Six frames spread evenly across each hit, left to right, each with its time.</p>\n";
    if (facts.search.hits.empty()) {
        out << "<p class=\"none\">No hits, so no contact sheets.</p>\n";
    }
    for (size_t i = 0; i < facts.search.hits.size(); ++i) {
        contact_sheet(out, facts.search.hits[i], pictures.hits[i], i + 1, zone);
    }
    out << "</section>\n";
}

void trace_section(std::ostream& out, const search::Trace& trace, const ReportPictures& pictures,
                   const timecode::Zone& zone) {
    out << "<section id=\"trace\">\n<h2>Trace of " << html_escape(trace.query.start_id)
        << "</h2>\n<p>From the hit in red, the sightings of the same class that look most like "
           "it, step by step: each the most similar one starting within "
        << html_escape(timecode::format_duration(trace.query.within_us))
        << " of the step before it, on any camera"
        << (trace.query.cameras.empty() ? std::string() : std::string(" of those asked"))
        << ", none used twice, none less alike than " << fixed_text(trace.query.min_similarity, 3)
        << (trace.query.backward ? "; forward and back in time" : "; forward in time")
        << ". It proposes; check every step's picture before relying on it.</p>\n";
    const TracePictures& drawn = pictures.trace_pictures;
    if (!drawn.timeline.empty()) {
        out << "<figure class=\"trace-timeline\"><img src=\"" << html_escape(drawn.timeline)
            << "\" alt=\"timeline of the trace\"><figcaption>When and where: one row per camera, "
               "each step a mark (the start in red), joined in order.</figcaption></figure>\n";
    }
    if (!drawn.sheet.empty()) {
        out << "<figure class=\"trace-sheet\"><img src=\"" << html_escape(drawn.sheet)
            << "\" alt=\"contact sheet of the trace\"><figcaption>Each step's object cut out of "
               "its best frame, in time order: step, camera, time, similarity to the step it was "
               "found from.</figcaption></figure>\n";
    }
    if (!drawn.error.empty()) {
        out << "<p class=\"note\">Missing from the contact sheet: " << html_escape(drawn.error)
            << "</p>\n";
    }
    out << "<table class=\"trace-steps\"><tr><th>Step</th><th>Picture</th><th>Camera</th>"
           "<th>From</th><th>To</th><th>Gap</th><th>Similarity</th><th>Like the start</th>"
           "<th>Hit ID</th></tr>\n";
    for (size_t i = 0; i < trace.steps.size(); ++i) {
        const search::Hit& step = trace.steps[i];
        const nlohmann::json& similarity = step.fields["similarity"];
        const nlohmann::json& gap = step.fields["gap"];
        const std::string& thumbnail = i < pictures.trace.size() ? pictures.trace[i].thumbnail : "";
        out << "<tr data-trace-step=\"" << step.fields.value("step", 0) << "\"><td>"
            << step.fields.value("step", 0) << "</td><td>"
            << (thumbnail.empty() ? std::string("none")
                                  : "<img src=\"" + html_escape(thumbnail) + "\" alt=\"step " +
                                        std::to_string(step.fields.value("step", 0)) + "\">")
            << "</td><td>" << html_escape(step.camera_id) << "</td><td>"
            << when_text(step.start_utc_us, zone) << "</td><td>" << when_text(step.end_utc_us, zone)
            << "</td><td>"
            << (gap.is_number() ? fixed_text(gap.get<double>(), 1) + " s" : std::string("-"))
            << "</td><td>"
            << (similarity.is_number() ? fixed_text(similarity.get<double>(), 3)
                                       : std::string("start"))
            << "</td><td>" << fixed_text(step.fields.value("similarity_to_start", 0.0), 3)
            << "</td><td><span class=\"path\">" << html_escape(step.id) << "</span></td></tr>\n";
    }
    out << "</table>\n";
    if (!trace.stopped_backward.empty()) {
        out << "<p>Back, the chain ends: " << html_escape(trace.stopped_backward) << ".</p>\n";
    }
    out << "<p>Forward, the chain ends: " << html_escape(trace.stopped_forward) << ".</p>\n"
        << "</section>\n";
}

std::string signature_text(const BagSignature& signature) {
    const bool good = signature.status == "valid";
    const bool bad = signature.status == "invalid";
    const char* words = good                               ? "signature valid"
                        : bad                              ? "signature does NOT match"
                        : signature.status == "not signed" ? "not signed"
                                                           : "signed, not checked";
    return std::string("<span class=\"") +
           (good  ? "status-intact"
            : bad ? "status-bad"
                  : "") +
           "\">" + words + "</span>: " + html_escape(signature.detail);
}

void bags_section(std::ostream& out, const CaseFacts& facts, const timecode::Zone& zone) {
    out << "<section id=\"bags\">\n<h2>Evidence bags</h2>\n"
        << "<p>Each bag holds clips copied bit for bit from the source recordings, with the "
           "SHA-256 of every file. Every bag was checked again while this report was made.</p>\n";
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
                                 html_escape(bag.status) + "</span> (checked " +
                                 std::to_string(bag.files_checked) + " files now)")
            << row("Signature", signature_text(bag.signature))
            << row("Path", "<span class=\"path\">" + html_escape(bag.path) + "</span>")
            << row("Case", html_escape(bag.case_number))
            << row("Camera", html_escape(bag.camera_id))
            << row("Requested", time_text(bag.requested_start_us, zone) + " to " +
                                    time_text(bag.requested_end_us, zone))
            << row("Made", time_text(bag.created_us, zone))
            << row("Method", html_escape(bag.method))
            << row("Tag manifest SHA-256", hash_block(bag.tagmanifest_sha256));
        const std::string note = bag_clock_note(bag, zone);
        if (!note.empty()) {
            out << row("Clock offset since", "<div class=\"note clock-note\">" + note + "</div>");
        }
        out << "</table>\n";
        if (!bag.problems.empty()) {
            out << "<table><tr><th>Problem</th><th>reason</th></tr>\n";
            for (const evidence::Problem& problem : bag.problems) {
                out << "<tr><td class=\"path\">" << html_escape(problem.file) << "</td><td>"
                    << html_escape(problem.reason) << "</td></tr>\n";
            }
            out << "</table>\n";
        }
        if (!bag.files.empty()) {
            out << "<table><tr><th>File in the bag, and its SHA-256</th></tr>\n";
            for (const BagDigest& digest : bag.files) {
                out << "<tr><td><span class=\"path\">" << html_escape(digest.file) << "</span>"
                    << hash_block(digest.sha256) << "</td></tr>\n";
            }
            out << "</table>\n";
        }
        out << "</div>\n";
    }
    out << "</section>\n";
}

void custody_section(std::ostream& out, const CaseFacts& facts, const timecode::Zone& zone) {
    out << "<section id=\"custody\">\n<h2>Custody log</h2>\n<p>Everything done with the "
           "evidence, in order. Each entry carries the SHA-256 of the one before it, so an entry "
           "changed, removed or reordered afterwards shows. ";
    if (facts.custody_break) {
        out << "<span class=\"status-bad\">The chain is BROKEN at entry "
            << facts.custody_break->seq << ": " << html_escape(facts.custody_break->reason)
            << "</span>";
    } else {
        out << "<span class=\"status-intact\">The chain holds</span> over " << facts.custody.size()
            << " entries";
    }
    out << ". This report's own export entry follows the last one shown.</p>\n"
        << "<table class=\"custody\"><tr><th>#</th><th>Time</th><th>Action</th>"
           "<th>Operator</th><th>What</th></tr>\n";
    for (const evidence::CustodyEntry& entry : facts.custody) {
        const CustodyText text = custody_text(entry);
        out << "<tr data-custody-seq=\"" << entry.seq << "\"><td>" << entry.seq << "</td><td>"
            << when_text(entry.time_us, zone) << "</td><td>" << html_escape(entry.action)
            << "</td><td>" << html_escape(entry.operator_name) << " <span class=\"label\">on "
            << html_escape(entry.host) << "</span></td><td>" << html_escape(text.what)
            << "</td></tr>\n<tr class=\"hashrow\"><td></td><td colspan=\"4\">";
        for (const auto& [label, hash] : text.hashes) {
            out << "<span class=\"label\">" << html_escape(label) << "</span>" << hash_block(hash);
        }
        out << "<span class=\"label\">SHA-256 of this entry</span>"
            << hash_block(entry.entry_sha256) << "</td></tr>\n";
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
    if (facts.trace) {
        trace_section(out, *facts.trace, pictures, zone);
    }
    sources_section(out, facts, zone);
    bags_section(out, facts, zone);
    custody_section(out, facts, zone);
    out << "<script>" << kImageCheck << "</script>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace footage::report
