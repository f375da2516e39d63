// The OSD reader's text-line recogniser (indexers/osd/text_line_ocr): CTC decoding on its own,
// then the PP-OCRv4 model scripts/fetch_ocr_model.sh installs, on clock lines drawn here with
// known text in a few fonts and sizes (skipped, saying why, when the model is not installed).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/osd/text_line_ocr.hpp"
#include "lib/util/error.hpp"

namespace footage::indexers::osd {
namespace {

namespace fs = std::filesystem;

// Probabilities of one step: `best` gets `p`, the rest shared.
void step(cv::Mat& probabilities, int row, int best, float p) {
    probabilities.row(row).setTo((1.0f - p) / static_cast<float>(probabilities.cols - 1));
    probabilities.at<float>(row, best) = p;
}

TEST(CtcGreedyDecode, MergesRepeatsDropsBlanksAndTrimsSpaces) {
    const std::vector<std::string> chars = {"", "1", "2", ":", " "};
    cv::Mat probabilities(9, 5, CV_32F);
    const int classes[] = {4, 1, 1, 0, 1, 3, 2, 4, 0};  // " 11-1:2 -"
    const float confidence[] = {0.9f, 0.6f, 0.8f, 0.9f, 0.7f, 0.95f, 0.5f, 0.9f, 0.9f};
    for (int i = 0; i < 9; ++i) {
        step(probabilities, i, classes[i], confidence[i]);
    }
    TextLine line = ctc_greedy_decode(probabilities, chars, 10.0);
    EXPECT_EQ(line.text, "11:2");  // a blank between two 1s keeps both
    ASSERT_EQ(line.chars.size(), 4u);
    EXPECT_FLOAT_EQ(line.chars[0].confidence, 0.8f);  // the clearer of the run's two steps
    EXPECT_EQ(line.chars[0].x, 15);  // the run's first step, 10 columns a step
    EXPECT_EQ(line.chars[3].text, "2");
    EXPECT_FLOAT_EQ(line.chars[3].confidence, 0.5f);
}

TEST(TextLineOcr, AFolderWithoutTheModelIsNotFoundAndCannotBeLoaded) {
    const fs::path empty = fs::temp_directory_path() / "footage-osd-ocr-no-model";
    fs::create_directories(empty);
    const char* before = std::getenv("FOOTAGE_MODEL_DIR");
    const std::string saved = before != nullptr ? before : "";
    ::setenv("FOOTAGE_MODEL_DIR", empty.c_str(), 1);
    EXPECT_FALSE(find_text_model_dir().has_value());
    if (before != nullptr) {
        ::setenv("FOOTAGE_MODEL_DIR", saved.c_str(), 1);
    } else {
        ::unsetenv("FOOTAGE_MODEL_DIR");
    }
    try {
        TextLineOcr ocr(empty);
        FAIL() << "loaded a model from an empty folder";
    } catch (const ModelError& error) {
        EXPECT_NE(std::string(error.what()).find(kTextCharsFileName), std::string::npos)
            << error.what();
    }
}

struct Drawn {
    std::string text;
    std::string font;  // a TrueType file, or "" for OpenCV's Hershey simplex
    int px;
    bool dark;  // dark text on a light ground, else white text outlined in black on a dark one
};

// One line of `d.text` with a margin of a third of its height, grey, over a mid-grey gradient
// with a little noise (a camera's picture behind its clock).
cv::Mat draw(const Drawn& d, cv::freetype::FreeType2* ft) {
    const int thickness = -1;
    int baseline = 0;
    cv::Size size = ft != nullptr ? ft->getTextSize(d.text, d.px, thickness, &baseline)
                                  : cv::getTextSize(d.text, cv::FONT_HERSHEY_SIMPLEX,
                                                    d.px / 22.0, 2, &baseline);
    const int margin = d.px / 3 + 2;
    cv::Mat image(size.height + baseline + 2 * margin, size.width + 2 * margin, CV_8UC3);
    for (int x = 0; x < image.cols; ++x) {
        int tone = (d.dark ? 170 : 60) + 40 * x / image.cols;
        image.col(x).setTo(cv::Scalar(tone, tone, tone));
    }
    cv::Mat noise(image.size(), CV_8UC3);
    cv::randn(noise, cv::Scalar(0, 0, 0), cv::Scalar(8, 8, 8));
    image += noise;
    const cv::Point origin(margin, margin + size.height);
    const cv::Scalar ink = d.dark ? cv::Scalar(20, 20, 20) : cv::Scalar(240, 240, 240);
    if (ft != nullptr) {
        if (!d.dark) {
            for (int dy = -2; dy <= 2; ++dy) {
                for (int dx = -2; dx <= 2; ++dx) {
                    ft->putText(image, d.text, origin + cv::Point(dx, dy), d.px,
                                cv::Scalar(0, 0, 0), thickness, cv::LINE_AA, true);
                }
            }
        }
        ft->putText(image, d.text, origin, d.px, ink, thickness, cv::LINE_AA, true);
    } else {
        cv::putText(image, d.text, origin, cv::FONT_HERSHEY_SIMPLEX, d.px / 22.0, ink, 2,
                    cv::LINE_AA);
    }
    cv::Mat grey;
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    return grey;
}

std::string without_spaces(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    return text;
}

TEST(TextLineOcr, ReadsWholeClockLinesDrawnInSeveralFontsAndSizes) {
    std::optional<fs::path> dir = find_text_model_dir();
    if (!dir) {
        GTEST_SKIP() << "the text recogniser is not installed (" << kTextModelFileName
                     << "); run scripts/fetch_ocr_model.sh, or set FOOTAGE_MODEL_DIR";
    }
    TextLineOcr ocr(*dir);
    const std::string dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    const std::string mono_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";
    const std::string serif = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";
    const std::vector<Drawn> lines = {
        {"2020-11-03 14:00:00", dejavu, 22, false},
        {"11/03/2020 02:00:00 PM", mono_bold, 16, false},
        {"Fri 07-19-2024 09:14:36 AM", serif, 28, true},
        {"03.11.2020 So 23:59:58", dejavu, 18, true},
        {"08:04:59 AM 03/09/2019", mono_bold, 30, false},
        {"2024/01/05 PM 03:20:11", "", 20, false},
    };
    cv::theRNG().state = 20261130;
    for (const Drawn& d : lines) {
        cv::Ptr<cv::freetype::FreeType2> ft;
        if (!d.font.empty()) {
            if (!fs::exists(d.font)) {
                ADD_FAILURE() << d.font << " is missing (scripts/setup.sh --tests installs it)";
                continue;
            }
            ft = cv::freetype::createFreeType2();
            ft->loadFontData(d.font, 0);
        }
        TextLine line = ocr.read(draw(d, ft.get()));
        // The recogniser (trained mostly on Chinese) often drops a space between a digit and a
        // letter; the characters themselves must all be right.
        EXPECT_EQ(without_spaces(line.text), without_spaces(d.text)) << (d.font.empty() ? "Hershey" : d.font) << " " << d.px << " px";
        for (const TextChar& c : line.chars) {
            EXPECT_GE(c.confidence, 0.3f) << "'" << c.text << "' in " << line.text;
        }
    }
}

}  // namespace
}  // namespace footage::indexers::osd
