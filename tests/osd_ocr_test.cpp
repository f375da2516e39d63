// The OSD reader's text-line recogniser (indexers/osd/text_line_ocr): CTC decoding on its own,
// then the PP-OCRv4 model scripts/fetch_ocr_model.sh installs, on clock lines drawn here with
// known text in a few fonts and sizes (skipped, saying why, when the model is not installed).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/osd/osd_reader.hpp"
#include "indexers/osd/text_line_ocr.hpp"
#include "lib/media/frame_source.hpp"
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

// h5_dotgothic_time_before_date_am's "AM": the A at 81-89, the M's body at 91-95 and its last
// stem, a run of its own, at 97-98, with 'A' read at column 84 and 'M' at 90. The stem is the
// M's; a colon's dot beside a digit read over it, or a piece something was read over, is not.
TEST(TextLineOcr, AnUnreadStemBesideAReadLetterIsAPieceOfIt) {
    const std::vector<TextChar> am = {{"A", 0.9f, 84}, {"M", 0.9f, 90}, {"0", 0.9f, 108}};
    EXPECT_TRUE(unread_piece_of_read_letter(am, 91, 96, 97, 99));
    EXPECT_FALSE(unread_piece_of_read_letter(am, 81, 90, 91, 96));  // the M was read there
    const std::vector<TextChar> digit_then_colon = {{"8", 0.9f, 20}, {":", 0.9f, 26}};
    EXPECT_FALSE(unread_piece_of_read_letter(digit_then_colon, 18, 24, 26, 28));
    const std::vector<TextChar> digit_only = {{"8", 0.9f, 20}};
    EXPECT_FALSE(unread_piece_of_read_letter(digit_only, 18, 24, 26, 28));  // no letter read
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

// A measurement, not a test (run by hand, docs/osd.md "Why this method"): the recogniser on
// the generated clips' whole clock lines. FOOTAGE_OSD_LINES names the file
// scripts/models/ppocr_osd_lines.py wrote (each clip's line text during one second, its
// video times and the text's ink box); the clips are beside their cases.json in
// FOOTAGE_OSD_CLIPS. The line is cropped where the reader finds it (else at the ink box),
// the second's frames averaged, and the text compared.
TEST(OsdLineOcr, DISABLED_ReadsTheGeneratedClocksLines) {
    const char* lines_path = std::getenv("FOOTAGE_OSD_LINES");
    const char* clips_path = std::getenv("FOOTAGE_OSD_CLIPS");
    std::optional<fs::path> model = find_text_model_dir();
    if (lines_path == nullptr || clips_path == nullptr || !model) {
        GTEST_SKIP() << "needs FOOTAGE_OSD_LINES, FOOTAGE_OSD_CLIPS and the text recogniser";
    }
    TextLineOcr ocr(*model);
    std::ifstream in(lines_path);
    nlohmann::json truth = nlohmann::json::parse(in);
    struct Tally {
        int exact = 0;
        int without_spaces = 0;
        int total = 0;
        int reader_region = 0;
    };
    std::map<std::string, Tally> sets;
    double ocr_seconds = 0.0;
    int lines_read = 0;
    for (const nlohmann::json& c : truth["lines"]) {
        const fs::path clip = fs::path(clips_path) / c["file"].get<std::string>();
        media::FrameSourceOptions options;
        options.sample_fps = 4.0;
        options.luma_width = 1 << 14;
        std::vector<OsdSample> samples;
        media::decode_frames(clip, options, [&](const media::LumaFrame& frame) {
            cv::Mat view(frame.height, frame.width, CV_8U, const_cast<uint8_t*>(frame.data),
                         static_cast<size_t>(frame.stride));
            samples.push_back(OsdSample{frame.pts_us, view.clone()});
        });
        OsdResult result = read_osd_clock(samples);
        const auto from_us = static_cast<int64_t>(c["from_s"].get<double>() * 1e6);
        const auto to_us = static_cast<int64_t>(c["to_s"].get<double>() * 1e6);
        options.sample_fps = 1000.0;
        cv::Mat sum;
        int frames = 0;
        media::decode_frames(clip, options, [&](const media::LumaFrame& frame) {
            if (frame.pts_us < from_us + 20000 || frame.pts_us > to_us - 20000) {
                return;
            }
            cv::Mat view(frame.height, frame.width, CV_8U, const_cast<uint8_t*>(frame.data),
                         static_cast<size_t>(frame.stride));
            if (sum.empty()) {
                sum = cv::Mat::zeros(view.size(), CV_32F);
            }
            cv::accumulate(view, sum);
            ++frames;
        });
        ASSERT_GT(frames, 0) << clip;
        cv::Mat average;
        sum.convertTo(average, CV_8U, 1.0 / frames);
        const bool by_reader = result.region.area() > 0;
        const std::vector<int> box = c["box"].get<std::vector<int>>();
        cv::Rect region = by_reader ? result.region : cv::Rect(box[0], box[1], box[2], box[3]);
        const int pad_y = std::max(2, region.height / 3);
        const int pad_x = std::max(4, region.height * 2 / 3);
        region = cv::Rect(region.x - pad_x, region.y - pad_y, region.width + 2 * pad_x,
                          region.height + 2 * pad_y) &
                 cv::Rect(0, 0, average.cols, average.rows);
        auto t0 = std::chrono::steady_clock::now();
        TextLine line = ocr.read(average(region));
        ocr_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++lines_read;
        const std::string want = c["text"];
        Tally& tally = sets[c["set"].get<std::string>()];
        ++tally.total;
        tally.reader_region += by_reader ? 1 : 0;
        tally.exact += line.text == want ? 1 : 0;
        tally.without_spaces += without_spaces(line.text) == without_spaces(want) ? 1 : 0;
        float least = 1.0f;
        for (const TextChar& ch : line.chars) {
            least = std::min(least, ch.confidence);
        }
        std::printf("ocr %-11s %-40s %-6s %-5s %-34s %-34s least %.2f\n",
                    c["set"].get<std::string>().c_str(), c["name"].get<std::string>().c_str(),
                    by_reader ? "reader" : "truth",
                    line.text == want ? "exact"
                    : without_spaces(line.text) == without_spaces(want) ? "space"
                                                                        : "WRONG",
                    ("'" + want + "'").c_str(), ("'" + line.text + "'").c_str(), least);
    }
    for (const auto& [set, tally] : sets) {
        std::printf("ocr %s: %d of %d lines exact, %d ignoring spaces (the reader's region for "
                    "%d, the ink box for the rest)\n",
                    set.c_str(), tally.exact, tally.total, tally.without_spaces,
                    tally.reader_region);
    }
    std::printf("ocr: %.3f s a line (%d lines)\n", ocr_seconds / std::max(1, lines_read),
                lines_read);
}

}  // namespace
}  // namespace footage::indexers::osd
