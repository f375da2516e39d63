// Times the object detector alone: one forward pass plus decoding on a 416x416 frame, on half
// the cores, as `footage index --objects` runs it. Prints the median and the mean in ms.
// With `layers`, then where a pass goes: cv::dnn's own time per layer (medians over the runs,
// the model loaded again on its own) summed by layer type, and the ten dearest layers.
// Usage: footage_detector_bench VIDEO [RUNS=40] [layers]   (the frame at 10 s, or the first)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "indexers/objects/detector.hpp"
#include "indexers/objects/model_file.hpp"
#include "lib/media/grab_frame.hpp"

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// cv::dnn's per-layer times (Net::getPerfProfile), one thread as the index runs it.
void profile_layers(const cv::Mat& input, int runs) {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(footage::indexers::objects::find_model().string());
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    const int previous = cv::getNumThreads();
    cv::setNumThreads(std::max(1, cv::getNumberOfCPUs() / 2));
    const cv::Mat blob =
        cv::dnn::blobFromImage(input, 1.0 / 255.0, input.size(), cv::Scalar(), true, false, CV_32F);
    const std::vector<std::string> outputs = net.getUnconnectedOutLayersNames();
    std::vector<cv::Mat> results;
    net.setInput(blob);
    net.forward(results, outputs);  // warm-up
    std::vector<std::vector<double>> per_layer;
    for (int i = 0; i < runs; ++i) {
        net.setInput(blob);
        net.forward(results, outputs);
        std::vector<double> ticks;
        net.getPerfProfile(ticks);
        per_layer.resize(ticks.size());
        for (size_t l = 0; l < ticks.size(); ++l) {
            per_layer[l].push_back(ticks[l] * 1000.0 / cv::getTickFrequency());
        }
    }
    cv::setNumThreads(previous);
    const std::vector<std::string> names = net.getLayerNames();
    std::map<std::string, std::pair<double, int>> by_type;
    std::vector<std::pair<double, std::string>> layers;
    double total = 0.0;
    for (size_t l = 0; l < per_layer.size(); ++l) {
        const double ms = median(per_layer[l]);
        const std::string type = net.getLayer(static_cast<int>(l) + 1)->type;
        by_type[type].first += ms;
        ++by_type[type].second;
        layers.emplace_back(ms, type + " " + names[l]);
        total += ms;
    }
    std::printf("layers: %.1f ms a pass in all (medians per layer)\n", total);
    for (const auto& [type, entry] : by_type) {
        std::printf("  %-14s %3d layers %6.1f ms\n", type.c_str(), entry.second, entry.first);
    }
    std::sort(layers.rbegin(), layers.rend());
    for (size_t l = 0; l < std::min<size_t>(10, layers.size()); ++l) {
        std::printf("  %6.2f ms  %s\n", layers[l].first, layers[l].second.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace footage;
    if (argc < 2) {
        std::fprintf(stderr, "usage: footage_detector_bench VIDEO [RUNS] [layers]\n");
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
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    double mean = 0.0;
    for (double v : ms) {
        mean += v / static_cast<double>(ms.size());
    }
    std::printf("%.1f %.1f %zu\n", median(ms), mean, found);
    if (argc > 3 && std::string(argv[3]) == "layers") {
        profile_layers(input, runs);
    }
    return 0;
}
