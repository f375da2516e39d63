#pragma once
// The object detector: NanoDet (COCO, 416x416) converted to ONNX by scripts/fetch_models.sh,
// run on the CPU by oneDNN (dnnl_net.hpp) where footage was built with it, else by OpenCV's
// cv::dnn. FOOTAGE_DETECTOR=opencv or onednn-f32 chooses (for the benches and tests that compare
// them).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include "lib/media/box.hpp"

namespace footage::indexers::objects {

class DnnlNet;

struct Detection {
    int32_t label = 0;  // COCO class number
    float confidence = 0.0f;
    media::Box box;  // fractions of the frame
};

class Detector {
  public:
    static constexpr int32_t kInputSize = 416;

    // Throws ModelError naming the file when it cannot be loaded.
    explicit Detector(const std::filesystem::path& model);
    ~Detector();
    Detector(const Detector&) = delete;
    Detector& operator=(const Detector&) = delete;

    // Which runtime runs the passes: "oneDNN bf16", "oneDNN f32" or "OpenCV".
    const char* runtime() const;

    // `image` is a whole frame stretched to kInputSize x kInputSize, BGR. Returns the
    // detections at or above `min_confidence`, after per-class non-maximum suppression.
    std::vector<Detection> detect(const cv::Mat& image, float min_confidence);

  private:
    std::string m_path;
    std::unique_ptr<DnnlNet> m_dnnl;  // null: cv::dnn runs the passes
    bool m_bf16 = false;              // oneDNN's tensors are bfloat16
    cv::dnn::Net m_net;
    std::vector<std::string> m_outputs;
    std::vector<cv::Mat> m_results;
    cv::Mat m_blob;
};

// NanoDet's head, decoded: `scores` [80,N] class logits (a cell's confidence is the sigmoid of
// its best) and `boxes` [44,N] (four sides, 11 bins each: softmax, expected value x stride, from
// the cell's centre at (gx + 0.5, gy + 0.5) x stride) for one stride, N cells row by row.
// Appends the cells whose best class reaches `min_confidence`, boxes in input pixels. Exposed
// for tests.
void decode_level(const cv::Mat& scores, const cv::Mat& boxes, int32_t stride, float min_confidence,
                  std::vector<Detection>& out);

// Keeps, per class, the most confident of boxes overlapping by more than `iou` (in place).
void suppress_overlaps(std::vector<Detection>& detections, float iou);

}  // namespace footage::indexers::objects
