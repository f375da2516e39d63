#include "indexers/objects/detector.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "indexers/objects/box_overlap.hpp"
#ifdef FOOTAGE_HAVE_DNNL
#include "indexers/objects/dnnl_net.hpp"
#endif
#include "lib/util/error.hpp"

namespace footage::indexers::objects {

namespace {

constexpr int32_t kClasses = 80;
constexpr int32_t kBins = 11;  // per box side
constexpr std::array<int32_t, 3> kStrides = {8, 16, 32};
// The converted graph's outputs: class logits [1,80,N] for strides 8, 16, 32, then their box
// bins [1,44,N] (channels by cells, scripts/models/tfjs_to_onnx.py).
const std::array<const char*, 6> kOutputNames = {"Identity",   "Identity_1", "Identity_2",
                                                 "Identity_3", "Identity_4", "Identity_5"};
// The expected distance of one side: a softmax over its bins, weighted by the bin number.
float expected_bin(const float* logits) {
    float top = *std::max_element(logits, logits + kBins);
    float sum = 0.0f;
    float weighted = 0.0f;
    for (int32_t i = 0; i < kBins; ++i) {
        float e = std::exp(logits[i] - top);
        sum += e;
        weighted += e * static_cast<float>(i);
    }
    return weighted / sum;
}

// A forward pass runs on half the machine's cores (at least one). Spread over all of them, the
// workers spin and fight the decoder's threads: on 2 cores, index --objects of 200 s of 1080p
// took 0.15 s CPU more that way (15 passes), though less wall time (2.19 s against 2.37 s on a
// quiet machine). Half keeps a workstation's wall time short and leaves the decoder its cores.
class HalfTheCores {
  public:
    HalfTheCores() : m_previous(cv::getNumThreads()) {
        cv::setNumThreads(std::max(1, cv::getNumberOfCPUs() / 2));
    }
    ~HalfTheCores() { cv::setNumThreads(m_previous); }
    HalfTheCores(const HalfTheCores&) = delete;
    HalfTheCores& operator=(const HalfTheCores&) = delete;

  private:
    int m_previous;
};

#ifdef FOOTAGE_HAVE_DNNL
// Half the machine's cores (see HalfTheCores), for the oneDNN runtime.
int32_t half_the_cores() { return std::max(1, cv::getNumberOfCPUs() / 2); }

// FOOTAGE_DETECTOR: "opencv" (cv::dnn), "onednn-f32" (32-bit floats throughout), else oneDNN
// in bfloat16 where the processor computes it, else in 32-bit floats.
std::string_view asked_runtime() {
    const char* runtime = std::getenv("FOOTAGE_DETECTOR");
    return runtime != nullptr ? runtime : "";
}
#endif

}  // namespace

Detector::Detector(const std::filesystem::path& model) : m_path(model.string()) {
    m_outputs.assign(kOutputNames.begin(), kOutputNames.end());
#ifdef FOOTAGE_HAVE_DNNL
    if (asked_runtime() != "opencv") {
        m_bf16 = asked_runtime() != "onednn-f32" && DnnlNet::native_bf16();
        m_dnnl =
            std::make_unique<DnnlNet>(read_onnx(model), m_path, kInputSize, half_the_cores(),
                                      m_bf16 ? DnnlNet::Precision::bf16 : DnnlNet::Precision::f32);
        return;
    }
#endif
    try {
        m_net = cv::dnn::readNetFromONNX(model.string());
    } catch (const cv::Exception& error) {
        throw ModelError(model.string() + ": cannot load the object detector (" + error.err + ")");
    }
    if (m_net.empty()) {
        throw ModelError(model.string() + ": cannot load the object detector");
    }
    m_net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    m_net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
}

Detector::~Detector() = default;

const char* Detector::runtime() const {
    return !m_dnnl ? "OpenCV" : m_bf16 ? "oneDNN bf16" : "oneDNN f32";
}

std::vector<Detection> Detector::detect(const cv::Mat& image, float min_confidence) {
    cv::dnn::blobFromImage(image, m_blob, 1.0 / 255.0, cv::Size(kInputSize, kInputSize),
                           cv::Scalar(), true, false, CV_32F);
    if (m_dnnl) {
#ifdef FOOTAGE_HAVE_DNNL
        m_dnnl->forward(m_blob, m_outputs, m_results);
#endif
    } else {
        m_net.setInput(m_blob);
        HalfTheCores cores;
        m_net.forward(m_results, m_outputs);
    }
    std::vector<Detection> found;
    for (size_t level = 0; level < kStrides.size(); ++level) {
        const cv::Mat& scores = m_results[level];
        const cv::Mat& boxes = m_results[level + kStrides.size()];
        if (scores.dims != 3 || scores.size[1] != kClasses || boxes.dims != 3 ||
            boxes.size[1] != 4 * kBins || boxes.size[2] != scores.size[2]) {
            throw ModelError(m_path +
                             ": not the detector this footage reads (converted by an older "
                             "footage?); run scripts/fetch_models.sh again");
        }
        cv::Mat scores_2d(scores.size[1], scores.size[2], CV_32F, scores.data);
        cv::Mat boxes_2d(boxes.size[1], boxes.size[2], CV_32F, boxes.data);
        decode_level(scores_2d, boxes_2d, kStrides[level], min_confidence, found);
    }
    for (Detection& d : found) {  // input pixels -> fractions of the frame, inside it
        double x0 = std::clamp(d.box.x / kInputSize, 0.0, 1.0);
        double y0 = std::clamp(d.box.y / kInputSize, 0.0, 1.0);
        double x1 = std::clamp((d.box.x + d.box.w) / kInputSize, 0.0, 1.0);
        double y1 = std::clamp((d.box.y + d.box.h) / kInputSize, 0.0, 1.0);
        d.box = media::Box{x0, y0, x1 - x0, y1 - y0};
    }
    suppress_overlaps(found, 0.5f);
    return found;
}

void decode_level(const cv::Mat& scores, const cv::Mat& boxes, int32_t stride, float min_confidence,
                  std::vector<Detection>& out) {
    const int32_t cells = scores.cols;
    const int32_t cells_per_row = Detector::kInputSize / stride;
    // Each cell's best class, reading the logits class by class (rows are contiguous).
    std::vector<float> best(static_cast<size_t>(cells), -std::numeric_limits<float>::infinity());
    std::vector<int32_t> label(static_cast<size_t>(cells), 0);
    for (int32_t c = 0; c < kClasses; ++c) {
        const float* row = scores.ptr<float>(c);
        for (int32_t cell = 0; cell < cells; ++cell) {
            if (row[cell] > best[static_cast<size_t>(cell)]) {
                best[static_cast<size_t>(cell)] = row[cell];
                label[static_cast<size_t>(cell)] = c;
            }
        }
    }
    std::array<float, 4 * kBins> sides{};
    for (int32_t cell = 0; cell < cells; ++cell) {
        const float confidence = 1.0f / (1.0f + std::exp(-best[static_cast<size_t>(cell)]));
        if (confidence < min_confidence) {
            continue;
        }
        for (int32_t bin = 0; bin < 4 * kBins; ++bin) {
            sides[static_cast<size_t>(bin)] = boxes.ptr<float>(bin)[cell];
        }
        // The distances are measured from the cell's centre, as NanoDet was trained (its
        // reference decoder puts the point at (gx + 0.5, gy + 0.5) x stride). From the corner,
        // every box lands half a stride-8 cell up and left of the object.
        const float cx =
            (static_cast<float>(cell % cells_per_row) + 0.5f) * static_cast<float>(stride);
        const float cy =
            (static_cast<float>(cell / cells_per_row) + 0.5f) * static_cast<float>(stride);
        const float left = expected_bin(sides.data()) * static_cast<float>(stride);
        const float top = expected_bin(sides.data() + kBins) * static_cast<float>(stride);
        const float right = expected_bin(sides.data() + 2 * kBins) * static_cast<float>(stride);
        const float bottom = expected_bin(sides.data() + 3 * kBins) * static_cast<float>(stride);
        Detection d;
        d.label = label[static_cast<size_t>(cell)];
        d.confidence = confidence;
        d.box = media::Box{cx - left, cy - top, left + right, top + bottom};
        out.push_back(d);
    }
}

void suppress_overlaps(std::vector<Detection>& detections, float iou) {
    std::stable_sort(
        detections.begin(), detections.end(),
        [](const Detection& a, const Detection& b) { return a.confidence > b.confidence; });
    std::vector<Detection> kept;
    for (const Detection& d : detections) {
        bool covered = std::any_of(kept.begin(), kept.end(), [&](const Detection& k) {
            return k.label == d.label && box_overlap(k.box, d.box) > iou;
        });
        if (!covered) {
            kept.push_back(d);
        }
    }
    detections = std::move(kept);
}

}  // namespace footage::indexers::objects
