#include "lib/search/thumbnail.hpp"

#include <opencv2/imgproc.hpp>

#include "lib/media/grab_frame.hpp"
#include "lib/media/jpeg_writer.hpp"
#include "lib/util/error.hpp"

namespace footage::search {

namespace {

std::string file_safe(const std::string& id) {
    std::string name = id;
    for (char& c : name) {
        bool safe = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '.' || c == '-' || c == '_' || c == '+' || c == '@';
        if (!safe) {
            c = '_';
        }
    }
    return name;
}

}  // namespace

cv::Mat thumbnail_image(const Hit& hit) {
    cv::Mat image = media::grab_frame(hit.peak_recording, hit.peak_offset_us);
    if (hit.box_caption) {
        const int thickness = std::max(2, image.cols / 400);
        cv::Rect box(
            static_cast<int>(hit.box.x * image.cols), static_cast<int>(hit.box.y * image.rows),
            static_cast<int>(hit.box.w * image.cols), static_cast<int>(hit.box.h * image.rows));
        cv::rectangle(image, box, cv::Scalar(0, 0, 255), thickness);
        cv::putText(image, *hit.box_caption, cv::Point(box.x, std::max(12, box.y - 4)),
                    cv::FONT_HERSHEY_SIMPLEX, std::max(0.4, image.cols / 1600.0),
                    cv::Scalar(0, 0, 255), std::max(1, thickness / 2));
    } else if (hit.grid_cols > 0 && hit.grid_rows > 0 &&
               hit.peak_cells.size() == static_cast<size_t>(hit.grid_cols * hit.grid_rows)) {
        const int thickness = std::max(1, image.cols / 640);
        for (int32_t row = 0; row < hit.grid_rows; ++row) {
            for (int32_t col = 0; col < hit.grid_cols; ++col) {
                if (hit.peak_cells[static_cast<size_t>(row * hit.grid_cols + col)] == 0) {
                    continue;
                }
                cv::Point top_left(col * image.cols / hit.grid_cols,
                                   row * image.rows / hit.grid_rows);
                cv::Point bottom_right((col + 1) * image.cols / hit.grid_cols - 1,
                                       (row + 1) * image.rows / hit.grid_rows - 1);
                cv::rectangle(image, top_left, bottom_right, cv::Scalar(0, 0, 255), thickness);
            }
        }
    }
    return image;
}

std::filesystem::path write_thumbnail(const Hit& hit, const std::filesystem::path& dir) {
    cv::Mat image = thumbnail_image(hit);
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
        throw IoError(dir.string() + ": cannot create the directory (" + error.message() + ")");
    }
    std::filesystem::path out = dir / (file_safe(hit.id) + ".jpg");
    media::write_jpeg(image, out, 90);
    return out;
}

}  // namespace footage::search
