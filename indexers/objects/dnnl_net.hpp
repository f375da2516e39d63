#pragma once
// The detector's network run by oneDNN (Intel's deep-learning primitives, Debian's libdnnl)
// instead of cv::dnn: the same ONNX file, read by onnx_graph, built into oneDNN primitives once.
// Its convolutions, nearly all of a pass, run about twice as fast as OpenCV 4.6's on the same
// core (blocked layouts, JIT kernels for the machine's vector unit), which is what the object
// index costs on busy footage. Only the ops the detector's graph uses are known: Conv (with a
// following LeakyRelu or Relu fused in), MaxPool, Concat, Resize (linear, half-pixel), Add,
// LeakyRelu, Relu, Split and Reshape of the outputs, Identity.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/objects/onnx_graph.hpp"

namespace footage::indexers::objects {

class DnnlNet {
  public:
    // What the network's tensors hold between layers. bfloat16 (8 bits of mantissa; the sums
    // stay 32-bit floats) halves what the convolutions move and doubles what the vector unit
    // does a cycle on processors that compute it (AVX512_BF16: Intel Cooper Lake and Sapphire
    // Rapids, AMD Zen 4).
    enum class Precision { f32, bf16 };
    // Whether this processor computes bfloat16 convolutions itself.
    static bool native_bf16();

    // Builds the network for one input of 1x3x`side`x`side`, its passes to run on `threads`
    // threads (oneDNN divides each primitive's work when it is built: a pass on fewer threads
    // than that waits on the missing ones). Throws ModelError naming `name` for an op or
    // attribute it does not run.
    DnnlNet(const OnnxGraph& graph, const std::string& name, int32_t side, int32_t threads,
            Precision precision);
    ~DnnlNet();
    DnnlNet(const DnnlNet&) = delete;
    DnnlNet& operator=(const DnnlNet&) = delete;

    // Runs a pass on `input` (a 1x3xSxS CV_32F blob, as cv::dnn::blobFromImage makes it);
    // `results` receives the graph outputs `names`, each a CV_32F Mat of the output's dims
    // (valid until the next pass).
    void forward(const cv::Mat& input, const std::vector<std::string>& names,
                 std::vector<cv::Mat>& results);

  private:
    void build(const OnnxGraph& graph, int32_t side);

    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace footage::indexers::objects
