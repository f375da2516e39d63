#pragma once
// Writes an image as a JPEG through FFmpeg's MJPEG encoder, so footage needs no image-codec
// library of its own (OpenCV's imgcodecs pulls GDAL and ~200 shared libraries into every start
// of the binary).
#include <filesystem>

#include <opencv2/core.hpp>

namespace footage::media {

// `bgr` is 8-bit, 3 channels. `quality` 1..100 as in libjpeg. Throws IoError naming the file when
// it cannot be written, MediaError when the encoder is missing.
void write_jpeg(const cv::Mat& bgr, const std::filesystem::path& out, int quality);

}  // namespace footage::media
