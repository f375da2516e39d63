#include "indexers/osd/text_line_ocr.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <memory>
#include <mutex>

#include <opencv2/imgproc.hpp>

#include "lib/util/error.hpp"
#include "lib/util/model_dirs.hpp"

namespace footage::indexers::osd {

namespace {

// PaddleOCR's classes: the CTC blank, one per line of the list, then a space.
std::vector<std::string> read_chars(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ModelError(path.string() + ": cannot read the text recogniser's character list");
    }
    std::vector<std::string> chars = {""};
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        chars.push_back(line);
    }
    chars.emplace_back(" ");
    return chars;
}

}  // namespace

std::optional<std::filesystem::path> find_text_model_dir() {
    for (const std::filesystem::path& dir : model_dirs()) {
        std::error_code error;
        if (std::filesystem::is_regular_file(dir / kTextModelFileName, error) &&
            std::filesystem::is_regular_file(dir / kTextCharsFileName, error)) {
            return dir;
        }
    }
    return std::nullopt;
}

TextLineOcr::TextLineOcr(const std::filesystem::path& model_dir)
    : m_chars(read_chars(model_dir / kTextCharsFileName)) {
    const std::filesystem::path model = model_dir / kTextModelFileName;
    try {
        m_net = cv::dnn::readNetFromONNX(model.string());
    } catch (const cv::Exception& error) {
        throw ModelError(model.string() + ": cannot load the text recogniser (" + error.err + ")");
    }
    if (m_net.empty()) {
        throw ModelError(model.string() + ": cannot load the text recogniser");
    }
    m_net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    m_net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
}

TextLine TextLineOcr::read(const cv::Mat& line) {
    CV_Assert(line.type() == CV_8UC1 && !line.empty());
    const double aspect = static_cast<double>(line.cols) / static_cast<double>(line.rows);
    const int32_t width =
        std::clamp(static_cast<int32_t>(std::ceil(kInputHeight * aspect)), 1, kInputWidth);
    cv::Mat scaled;
    cv::resize(line, scaled, cv::Size(width, kInputHeight), 0, 0, cv::INTER_LINEAR);
    // PaddleOCR's input: each channel (x / 255 - 0.5) / 0.5, zero (mid grey) right of the text.
    const std::array<int, 4> shape = {1, 3, kInputHeight, kInputWidth};
    m_blob.create(4, shape.data(), CV_32F);
    m_blob.setTo(0.0f);
    for (int32_t channel = 0; channel < 3; ++channel) {
        for (int32_t row = 0; row < kInputHeight; ++row) {
            float* out = m_blob.ptr<float>(0, channel, row);
            const uint8_t* in = scaled.ptr<uint8_t>(row);
            for (int32_t col = 0; col < width; ++col) {
                out[col] = static_cast<float>(in[col]) / 127.5f - 1.0f;
            }
        }
    }
    m_net.setInput(m_blob);
    cv::Mat output = m_net.forward();  // [1, steps, classes]
    if (output.dims != 3 || output.size[2] != static_cast<int>(m_chars.size())) {
        throw ModelError("the text recogniser's output has " +
                         std::to_string(output.dims == 3 ? output.size[2] : 0) +
                         " classes, its character list " + std::to_string(m_chars.size()));
    }
    const cv::Mat steps(output.size[1], output.size[2], CV_32F, output.ptr<float>());
    const double input_columns_per_step = static_cast<double>(kInputWidth) / steps.rows;
    return ctc_greedy_decode(steps, m_chars,
                             input_columns_per_step * static_cast<double>(line.cols) / width);
}

std::optional<TextLine> read_with_installed_model(const cv::Mat& line) {
    static std::mutex mutex;
    static std::unique_ptr<TextLineOcr> ocr;
    static bool tried = false;
    std::lock_guard lock(mutex);
    if (!tried) {
        tried = true;
        if (std::optional<std::filesystem::path> dir = find_text_model_dir()) {
            try {
                ocr = std::make_unique<TextLineOcr>(*dir);
            } catch (const ModelError&) {
                ocr.reset();  // a damaged model: the reader works without it
            }
        }
    }
    if (!ocr) {
        return std::nullopt;
    }
    return ocr->read(line);
}

bool unread_piece_of_read_letter(const std::vector<TextChar>& chars, int letter_x0, int letter_x1,
                                 int piece_x0, int piece_x1) {
    auto distance = [](int x, int x0, int x1) { return std::max({0, x0 - x, x - (x1 - 1)}); };
    bool letter_read = false;
    for (const TextChar& c : chars) {
        const int to_letter = distance(c.x, letter_x0, letter_x1);
        const int to_piece = distance(c.x, piece_x0, piece_x1);
        if (std::min(to_letter, to_piece) > 2) {
            continue;
        }
        if (to_piece < to_letter ||
            (to_piece == to_letter &&
             std::abs(2 * c.x - piece_x0 - piece_x1) < std::abs(2 * c.x - letter_x0 - letter_x1))) {
            return false;
        }
        letter_read = letter_read ||
                      (!c.text.empty() && std::isalpha(static_cast<unsigned char>(c.text[0])) != 0);
    }
    return letter_read;
}

TextLine ctc_greedy_decode(const cv::Mat& probabilities, const std::vector<std::string>& chars,
                           double columns_per_step) {
    CV_Assert(probabilities.type() == CV_32F &&
              probabilities.cols == static_cast<int>(chars.size()));
    TextLine line;
    int previous = 0;
    for (int step = 0; step < probabilities.rows; ++step) {
        const float* row = probabilities.ptr<float>(step);
        const int best = static_cast<int>(std::max_element(row, row + probabilities.cols) - row);
        if (best != 0 && best != previous) {
            TextChar c;
            c.text = chars[static_cast<size_t>(best)];
            c.confidence = row[best];
            c.x = static_cast<int32_t>(std::lround((step + 0.5) * columns_per_step));
            line.chars.push_back(std::move(c));
        } else if (best != 0 && row[best] > line.chars.back().confidence) {
            line.chars.back().confidence = row[best];  // the clearest step of a repeated class
        }
        previous = best;
    }
    while (!line.chars.empty() && line.chars.back().text == " ") {
        line.chars.pop_back();
    }
    auto first = std::find_if(line.chars.begin(), line.chars.end(),
                              [](const TextChar& c) { return c.text != " "; });
    line.chars.erase(line.chars.begin(), first);
    for (const TextChar& c : line.chars) {
        line.text += c.text;
    }
    return line;
}

}  // namespace footage::indexers::osd
