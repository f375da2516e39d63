#pragma once
// The detector's ONNX file read without OpenCV: its nodes and constant tensors, for the
// oneDNN runtime (dnnl_net.hpp), which runs the same file that cv::dnn reads. Only what that
// runtime needs is kept: float and int64 tensors, and the attributes of a node.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace footage::indexers::objects {

struct OnnxTensor {
    std::vector<int64_t> dims;
    std::vector<float> floats;  // FLOAT tensors
    std::vector<int64_t> ints;  // INT64 tensors
};

struct OnnxAttribute {
    std::string name;
    float f = 0.0f;
    int64_t i = 0;
    std::string s;
    std::vector<int64_t> ints;
    std::vector<float> floats;
};

struct OnnxNode {
    std::string op_type;
    std::string name;
    std::vector<std::string> inputs;  // "" for an input left out
    std::vector<std::string> outputs;
    std::vector<OnnxAttribute> attributes;

    // The attribute called `name`, or null.
    const OnnxAttribute* attribute(std::string_view name) const;
};

struct OnnxGraph {
    std::vector<OnnxNode> nodes;                      // in the file's (topological) order
    std::map<std::string, OnnxTensor> initializers;   // constant tensors, by name
    std::vector<std::string> inputs;                  // graph inputs that are not initializers
    std::vector<std::string> outputs;                 // graph outputs, in order
};

// Parses an ONNX model (a protobuf ModelProto) held in `bytes`. Throws ModelError naming
// `name` and what is wrong (truncated, a length past the end, a tensor whose data does not
// match its dims, a data type other than FLOAT or INT64 in an initializer, ...).
OnnxGraph parse_onnx(std::string_view bytes, const std::string& name);

// Reads and parses the file. Throws ModelError naming it.
OnnxGraph read_onnx(const std::filesystem::path& model);

}  // namespace footage::indexers::objects
