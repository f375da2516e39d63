#pragma once
// Reads one line of text (an OSD's whole clock line: date, time, words, AM/PM, separators) with
// PaddleOCR's PP-OCRv4 recogniser, installed by scripts/fetch_ocr_model.sh, through cv::dnn.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

namespace footage::indexers::osd {

// The files scripts/fetch_ocr_model.sh writes, side by side.
inline constexpr const char* kTextModelFileName = "ppocr-v4-rec-48x640.onnx";
inline constexpr const char* kTextCharsFileName = "ppocr_keys_v1.txt";

// The first of $FOOTAGE_MODEL_DIR, $XDG_CACHE_HOME/footage/models, ~/.cache/footage/models
// (lib/util/model_dirs.hpp, as for the object detector) that holds both files; nullopt when none
// does.
std::optional<std::filesystem::path> find_text_model_dir();

struct TextChar {
    std::string text;  // one character, UTF-8
    float confidence = 0.0f;  // the recogniser's probability for it, 0..1
    int32_t x = 0;  // its centre's column in the crop (± a quarter of the text height)
};

struct TextLine {
    std::string text;  // the characters in order, without leading or trailing spaces
    std::vector<TextChar> chars;  // the same, one by one (spaces included, except at the ends)
};

class TextLineOcr {
  public:
    static constexpr int32_t kInputHeight = 48;
    static constexpr int32_t kInputWidth = 640;

    // Loads kTextModelFileName and kTextCharsFileName from `model_dir`. Throws ModelError
    // naming the file when either cannot be read or they do not belong together.
    explicit TextLineOcr(const std::filesystem::path& model_dir);

    // `line` is a grey (CV_8U) crop of one line of text with a little margin, dark or light
    // text; it is scaled to kInputHeight rows (wider than 40:3, it is squeezed to fit).
    TextLine read(const cv::Mat& line);

  private:
    cv::dnn::Net m_net;
    std::vector<std::string> m_chars;  // index 0 is the CTC blank
    cv::Mat m_blob;
};

// Reads `line` with the installed model (found by find_text_model_dir and loaded once per
// process, on first use; calls are serialised); nullopt when none is installed or it cannot
// be loaded.
std::optional<TextLine> read_with_installed_model(const cv::Mat& line);

// Whether the piece of ink at columns [piece_x0, piece_x1) belongs to the letter before it at
// [letter_x0, letter_x1), by what was read (`chars`, columns in the frame): a character is read
// over the span its column is nearer (within 2 pixels); none over the piece, a letter over its
// neighbour (a dotted font's M breaks into a stem of its own, which would make "AM" a word of
// three letters).
bool unread_piece_of_read_letter(const std::vector<TextChar>& chars, int letter_x0, int letter_x1,
                                 int piece_x0, int piece_x1);

// Greedy CTC decoding of `probabilities` (time steps x classes, CV_32F): the best class of each
// step, repeats merged, blanks (class 0) dropped. A step is `columns_per_step` crop columns
// wide. Exposed for tests.
TextLine ctc_greedy_decode(const cv::Mat& probabilities, const std::vector<std::string>& chars,
                           double columns_per_step);

}  // namespace footage::indexers::osd
