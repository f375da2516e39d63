#include "lib/report/trace_pictures.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "lib/evidence/bag_writer.hpp"
#include "lib/media/grab_frame.hpp"
#include "lib/media/jpeg_writer.hpp"
#include "lib/report/html_escape.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"
#include "lib/util/fixed_text.hpp"

namespace footage::report {

namespace fs = std::filesystem;

namespace {

constexpr int kTileWidth = 160;
constexpr int kTileHeight = 200;
constexpr int kLabelHeight = 34;
constexpr int kTilesPerRow = 6;
constexpr int kGap = 4;

constexpr int kTimelineWidth = 960;
constexpr int kRowHeight = 28;
constexpr int kLabelWidth = 140;

std::string clock_text(int64_t utc_us, const timecode::Zone& zone) {
    const std::string text = timecode::format_time(utc_us, zone);
    const size_t t = text.find('T');
    const size_t end = text.find_first_of("+-Z.", t);
    return text.substr(t + 1, end - t - 1);
}

std::string step_caption(const search::Hit& step) {
    const nlohmann::json& similarity = step.fields["similarity"];
    return similarity.is_number() ? fixed_text(similarity.get<double>(), 2) : std::string("start");
}

// The object cut out of its best frame with some room around it, fitted into one tile above
// its two label lines.
cv::Mat step_tile(const search::Hit& step, const timecode::Zone& zone) {
    cv::Mat frame = media::grab_frame(step.peak_recording, step.peak_offset_us);
    const double margin_w = step.box.w * 0.25;
    const double margin_h = step.box.h * 0.15;
    cv::Rect crop(static_cast<int>((step.box.x - margin_w) * frame.cols),
                  static_cast<int>((step.box.y - margin_h) * frame.rows),
                  std::max(16, static_cast<int>((step.box.w + 2 * margin_w) * frame.cols)),
                  std::max(16, static_cast<int>((step.box.h + 2 * margin_h) * frame.rows)));
    crop &= cv::Rect(0, 0, frame.cols, frame.rows);
    cv::Mat tile(kTileHeight + kLabelHeight, kTileWidth, CV_8UC3, cv::Scalar(255, 255, 255));
    if (crop.area() > 0) {
        const cv::Mat object = frame(crop);
        const double scale = std::min(static_cast<double>(kTileWidth) / object.cols,
                                      static_cast<double>(kTileHeight) / object.rows);
        cv::Mat fitted;
        cv::resize(object, fitted,
                   cv::Size(std::max(1, static_cast<int>(object.cols * scale)),
                            std::max(1, static_cast<int>(object.rows * scale))),
                   0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
        fitted.copyTo(tile(cv::Rect((kTileWidth - fitted.cols) / 2, (kTileHeight - fitted.rows) / 2,
                                    fitted.cols, fitted.rows)));
    }
    const std::string first = "step " + std::to_string(step.fields.value("step", 0)) + "  " +
                              step.camera_id.substr(0, 12);
    const std::string second = clock_text(step.start_utc_us, zone) + "  " + step_caption(step);
    cv::putText(tile, first, cv::Point(4, kTileHeight + 14), cv::FONT_HERSHEY_SIMPLEX, 0.42,
                cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    cv::putText(tile, second, cv::Point(4, kTileHeight + 29), cv::FONT_HERSHEY_SIMPLEX, 0.42,
                cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    return tile;
}

}  // namespace

std::string trace_timeline_svg(const search::Trace& trace, const timecode::Zone& zone) {
    std::vector<std::string> cameras;  // in the order the chain first reaches them
    int64_t first = INT64_MAX;
    int64_t last = INT64_MIN;
    for (const search::Hit& step : trace.steps) {
        if (std::find(cameras.begin(), cameras.end(), step.camera_id) == cameras.end()) {
            cameras.push_back(step.camera_id);
        }
        first = std::min(first, step.start_utc_us);
        last = std::max(last, step.end_utc_us);
    }
    const int height = static_cast<int>(cameras.size()) * kRowHeight + 40;
    const double span = static_cast<double>(std::max<int64_t>(1, last - first));
    const double left = kLabelWidth;
    const double right = kTimelineWidth - 12.0;
    const auto x_of = [&](int64_t us) {
        return left + static_cast<double>(us - first) / span * (right - left);
    };
    const auto y_of = [&](const std::string& camera) {
        const auto row = std::find(cameras.begin(), cameras.end(), camera) - cameras.begin();
        return 10.0 + static_cast<double>(row) * kRowHeight + kRowHeight / 2.0;
    };
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kTimelineWidth << "\" height=\""
        << height << "\" viewBox=\"0 0 " << kTimelineWidth << ' ' << height
        << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    for (const std::string& camera : cameras) {
        const double y = y_of(camera);
        svg << "<text x=\"4\" y=\"" << fixed_text(y + 4, 1) << "\">" << html_escape(camera)
            << "</text>\n<line x1=\"" << left << "\" y1=\"" << fixed_text(y, 1) << "\" x2=\""
            << right << "\" y2=\"" << fixed_text(y, 1) << "\" stroke=\"#ddd\"/>\n";
    }
    std::string path;
    for (const search::Hit& step : trace.steps) {
        const double y = y_of(step.camera_id);
        const double x = x_of(step.start_utc_us);
        const double width = std::max(3.0, x_of(step.end_utc_us) - x);
        path += (path.empty() ? "M" : " L") + fixed_text(x + width / 2, 1) + "," + fixed_text(y, 1);
        const bool start = step.fields.value("step", 0) == 0;
        svg << "<rect x=\"" << fixed_text(x, 1) << "\" y=\"" << fixed_text(y - 7, 1)
            << "\" width=\"" << fixed_text(width, 1) << "\" height=\"14\" fill=\""
            << (start ? "#b00020" : "#1f4e9c") << "\"><title>" << html_escape(step.id)
            << "</title></rect>\n";
    }
    svg << "<path d=\"" << path << "\" fill=\"none\" stroke=\"#e0a800\" stroke-width=\"2\"/>\n";
    for (const search::Hit& step : trace.steps) {
        svg << "<text x=\"" << fixed_text(x_of(step.start_utc_us), 1) << "\" y=\""
            << fixed_text(y_of(step.camera_id) - 9, 1) << "\">" << step.fields.value("step", 0)
            << "</text>\n";
    }
    const int axis = height - 12;
    svg << "<text x=\"" << left << "\" y=\"" << axis << "\">"
        << html_escape(timecode::format_time(first, zone)) << "</text>\n<text x=\"" << right
        << "\" y=\"" << axis << "\" text-anchor=\"end\">"
        << html_escape(timecode::format_time(last, zone)) << "</text>\n</svg>\n";
    return svg.str();
}

TracePictures write_trace_pictures(const search::Trace& trace, const fs::path& report_dir,
                                   const std::string& images_subdir, const timecode::Zone& zone) {
    TracePictures pictures;
    const std::string timeline = images_subdir + "/trace-timeline.svg";
    evidence::write_synced_file(report_dir / timeline, trace_timeline_svg(trace, zone));
    pictures.timeline = timeline;

    std::vector<cv::Mat> tiles;
    for (const search::Hit& step : trace.steps) {
        try {
            tiles.push_back(step_tile(step, zone));
        } catch (const MediaError& error) {
            pictures.error += (pictures.error.empty() ? "" : "; ") + std::string("step ") +
                              std::to_string(step.fields.value("step", 0)) + ": " + error.what();
        }
    }
    if (tiles.empty()) {
        return pictures;
    }
    const int columns = std::min<int>(kTilesPerRow, static_cast<int>(tiles.size()));
    const int rows = (static_cast<int>(tiles.size()) + kTilesPerRow - 1) / kTilesPerRow;
    const int tile_height = kTileHeight + kLabelHeight;
    cv::Mat sheet(rows * tile_height + (rows - 1) * kGap,
                  columns * kTileWidth + (columns - 1) * kGap, CV_8UC3, cv::Scalar(255, 255, 255));
    for (size_t i = 0; i < tiles.size(); ++i) {
        const int column = static_cast<int>(i) % kTilesPerRow;
        const int row = static_cast<int>(i) / kTilesPerRow;
        tiles[i].copyTo(sheet(cv::Rect(column * (kTileWidth + kGap), row * (tile_height + kGap),
                                       kTileWidth, tile_height)));
    }
    const std::string name = images_subdir + "/trace-sheet.jpg";
    media::write_jpeg(sheet, report_dir / name, 88);
    pictures.sheet = name;
    return pictures;
}

}  // namespace footage::report
