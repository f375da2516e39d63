// Times the object detector alone: one forward pass plus decoding on a 416x416 frame, on half
// the cores, as `footage index --objects` runs it. Prints the median and the mean in ms.
// Usage: footage_detector_bench VIDEO [RUNS=40]   (the frame at 10 s, or the first)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "indexers/objects/detector.hpp"
#include "indexers/objects/model_file.hpp"
#include "lib/media/grab_frame.hpp"

int main(int argc, char** argv) {
    using namespace footage;
    if (argc < 2) {
        std::fprintf(stderr, "usage: footage_detector_bench VIDEO [RUNS]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::stoi(argv[2])) : 40;
    cv::Mat frame = media::grab_frame(argv[1], 10'000'000);
    cv::Mat input;
    const int side = indexers::objects::Detector::kInputSize;
    cv::resize(frame, input, cv::Size(side, side), 0, 0, cv::INTER_AREA);
    indexers::objects::Detector detector(indexers::objects::find_model());
    size_t found = detector.detect(input, 0.3f).size();  // warm-up
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        found = detector.detect(input, 0.3f).size();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              start)
                         .count());
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    double mean = 0.0;
    for (double v : ms) {
        mean += v / static_cast<double>(ms.size());
    }
    std::printf("%.1f %.1f %zu\n", sorted[sorted.size() / 2], mean, found);
    return 0;
}
