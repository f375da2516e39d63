// The ONNX reader the oneDNN runtime loads the detector with (indexers/objects/onnx_graph.hpp):
// any bytes either parse or throw ModelError; a graph that parses holds tensors whose data
// matches their dims.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "indexers/objects/onnx_graph.hpp"
#include "lib/util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        indexers::objects::OnnxGraph graph = indexers::objects::parse_onnx(bytes, "fuzz.onnx");
        for (const auto& [name, tensor] : graph.initializers) {
            uint64_t count = 1;
            for (int64_t dim : tensor.dims) {
                count *= static_cast<uint64_t>(dim);
            }
            if (count != tensor.floats.size() + tensor.ints.size()) {
                std::abort();  // the contract: an initializer's data matches its dims
            }
        }
        for (const indexers::objects::OnnxNode& node : graph.nodes) {
            node.attribute("kernel_shape");
        }
    } catch (const ModelError&) {
    }
    return 0;
}
