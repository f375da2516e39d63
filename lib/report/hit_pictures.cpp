#include "lib/report/hit_pictures.hpp"

#include <algorithm>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "lib/catalog/coverage.hpp"
#include "lib/media/grab_frame.hpp"
#include "lib/media/jpeg_writer.hpp"
#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::report {

namespace fs = std::filesystem;

namespace {

constexpr int kThumbnailMaxWidth = 960;  // a report of many 4K hits stays small
constexpr int kSheetFrameWidth = 320;
constexpr int kSheetGap = 4;

struct Located {
    std::string path;
    int64_t offset_us = 0;
};

// The recording of `camera` that shows wall time `at_us`, and how far into it.
Located locate(catalog::Catalog& catalog, const std::string& camera_id, int64_t at_us) {
    std::optional<catalog::CameraRow> camera = catalog.camera(camera_id);
    if (!camera) {
        throw MediaError(camera_id + ": no such camera in the catalog");
    }
    std::optional<Located> before;
    for (const catalog::RecordingRow& recording : catalog.recordings(camera_id)) {
        if (recording.status != "ok" || !recording.start_recorder_us) {
            continue;
        }
        catalog::TimeRange wall = catalog::wall_range(recording, *camera);
        if (at_us >= wall.start_utc_us && at_us < wall.end_utc_us) {
            return {recording.path, at_us - wall.start_utc_us};
        }
        if (wall.start_utc_us <= at_us) {
            before =
                Located{recording.path, std::max<int64_t>(0, wall.end_utc_us - wall.start_utc_us)};
        }
    }
    if (before) {
        return *before;  // past the end of the last recording: its last frame
    }
    throw MediaError(camera_id + ": no recording at " +
                     timecode::format_time(at_us, timecode::Zone::utc()));
}

std::string time_label(int64_t utc_us, const timecode::Zone& zone) {
    std::string text = timecode::format_time(utc_us, zone);  // 2020-11-03T14:05:03.200+07:00
    size_t t = text.find('T');
    size_t offset = text.find_first_of("+-Z", t);
    return text.substr(t + 1, offset - t - 1);
}

// The outline of what moved as one box (the moving cells' bounds at the peak; an object's box),
// drawn just outside it so that it does not cover the subject.
cv::Rect outline_of(const search::Hit& hit, const cv::Size& size) {
    media::Box box = hit.box;
    if (!hit.box_caption && hit.grid_cols > 0 && hit.grid_rows > 0 &&
        hit.peak_cells.size() == static_cast<size_t>(hit.grid_cols * hit.grid_rows)) {
        int32_t left = hit.grid_cols, right = -1, top = hit.grid_rows, bottom = -1;
        for (int32_t row = 0; row < hit.grid_rows; ++row) {
            for (int32_t col = 0; col < hit.grid_cols; ++col) {
                if (hit.peak_cells[static_cast<size_t>(row * hit.grid_cols + col)] != 0) {
                    left = std::min(left, col);
                    right = std::max(right, col);
                    top = std::min(top, row);
                    bottom = std::max(bottom, row);
                }
            }
        }
        if (right >= 0) {
            box = {static_cast<double>(left) / hit.grid_cols,
                   static_cast<double>(top) / hit.grid_rows,
                   static_cast<double>(right - left + 1) / hit.grid_cols,
                   static_cast<double>(bottom - top + 1) / hit.grid_rows};
        }
    }
    cv::Rect rect(static_cast<int>(box.x * size.width), static_cast<int>(box.y * size.height),
                  static_cast<int>(box.w * size.width), static_cast<int>(box.h * size.height));
    const int margin = std::max(2, size.width / 200);
    rect.x -= margin;
    rect.y -= margin;
    rect.width += 2 * margin;
    rect.height += 2 * margin;
    return rect & cv::Rect(0, 0, size.width, size.height);
}

cv::Mat outlined_peak(const search::Hit& hit) {
    cv::Mat image = media::grab_frame(hit.peak_recording, hit.peak_offset_us);
    const cv::Rect rect = outline_of(hit, image.size());
    if (rect.area() > 0) {
        const int thickness = std::max(2, image.cols / 320);
        cv::rectangle(image, rect, cv::Scalar(156, 78, 31), thickness, cv::LINE_AA);
    }
    return image;
}

cv::Mat sheet_frame(const cv::Mat& frame, const std::string& label) {
    cv::Mat small;
    const int height = std::max(1, frame.rows * kSheetFrameWidth / std::max(1, frame.cols));
    cv::resize(frame, small, cv::Size(kSheetFrameWidth, height), 0, 0, cv::INTER_AREA);
    const double scale = 0.5;
    int baseline = 0;
    cv::Size size = cv::getTextSize(label, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
    cv::rectangle(small, cv::Point(0, small.rows - size.height - baseline - 6),
                  cv::Point(size.width + 8, small.rows), cv::Scalar(0, 0, 0), cv::FILLED);
    cv::putText(small, label, cv::Point(4, small.rows - baseline - 3), cv::FONT_HERSHEY_SIMPLEX,
                scale, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    return small;
}

}  // namespace

HitPictures write_hit_pictures(catalog::Catalog& catalog, const search::Hit& hit,
                               const fs::path& report_dir, const std::string& images_subdir,
                               const std::string& stem, const timecode::Zone& zone,
                               bool with_sheet) {
    HitPictures pictures;
    const fs::path images = report_dir / images_subdir;
    try {
        cv::Mat image = outlined_peak(hit);
        if (image.cols > kThumbnailMaxWidth) {
            cv::Mat small;
            cv::resize(image, small,
                       cv::Size(kThumbnailMaxWidth, image.rows * kThumbnailMaxWidth / image.cols),
                       0, 0, cv::INTER_AREA);
            image = small;
        }
        const std::string name = stem + ".jpg";
        media::write_jpeg(image, images / name, 85);
        pictures.thumbnail = images_subdir + "/" + name;
    } catch (const MediaError& error) {
        pictures.error = std::string("thumbnail: ") + error.what();
    }

    if (!with_sheet) {
        return pictures;
    }
    const int64_t length = std::max<int64_t>(1, hit.end_utc_us - hit.start_utc_us);
    std::vector<cv::Mat> frames;
    try {
        for (int32_t i = 0; i < kContactSheetFrames; ++i) {
            // The middle of each of six equal parts of the event.
            int64_t at = hit.start_utc_us + length * (2 * i + 1) / (2 * kContactSheetFrames);
            Located where = locate(catalog, hit.camera_id, at);
            frames.push_back(
                sheet_frame(media::grab_frame(where.path, where.offset_us), time_label(at, zone)));
            pictures.sheet_times_us.push_back(at);
        }
        int height = 0;
        for (const cv::Mat& frame : frames) {
            height = std::max(height, frame.rows);
        }
        const int width =
            kContactSheetFrames * kSheetFrameWidth + (kContactSheetFrames - 1) * kSheetGap;
        cv::Mat sheet(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
        for (size_t i = 0; i < frames.size(); ++i) {
            const int x = static_cast<int>(i) * (kSheetFrameWidth + kSheetGap);
            frames[i].copyTo(sheet(cv::Rect(x, 0, frames[i].cols, frames[i].rows)));
        }
        const std::string name = stem + "-sheet.jpg";
        media::write_jpeg(sheet, images / name, 85);
        pictures.contact_sheet = images_subdir + "/" + name;
    } catch (const MediaError& error) {
        pictures.sheet_times_us.clear();
        pictures.error +=
            (pictures.error.empty() ? "" : "; ") + std::string("contact sheet: ") + error.what();
    }
    return pictures;
}

}  // namespace footage::report
