// The ONNX reader (indexers/objects/onnx_graph.hpp) on hand-encoded protobuf bytes, good and
// hostile, and on the detector's own file: what it reads must agree with the onnx package.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "indexers/objects/model_file.hpp"
#include "indexers/objects/onnx_graph.hpp"
#include "lib/util/error.hpp"
#include "tests/support/object_model.hpp"

namespace footage::indexers::objects {
namespace {

// Protobuf's wire format, written by hand: key = field << 3 | wire type.
std::string varint(uint64_t value) {
    std::string out;
    while (value >= 0x80) {
        out += static_cast<char>(value | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
    return out;
}
std::string key(uint32_t field, uint32_t type) { return varint(uint64_t{field} << 3 | type); }
std::string int_field(uint32_t field, int64_t value) {
    return key(field, 0) + varint(static_cast<uint64_t>(value));
}
std::string bytes_field(uint32_t field, const std::string& bytes) {
    return key(field, 2) + varint(bytes.size()) + bytes;
}
std::string fixed32(float value) {
    uint32_t bits = 0;
    std::memcpy(&bits, &value, 4);
    std::string out;
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>(bits >> (8 * i));
    }
    return out;
}
std::string float_field(uint32_t field, float value) { return key(field, 5) + fixed32(value); }
std::string packed_floats(uint32_t field, std::initializer_list<float> values) {
    std::string run;
    for (float value : values) {
        run += fixed32(value);
    }
    return bytes_field(field, run);
}
std::string packed_ints(uint32_t field, std::initializer_list<int64_t> values) {
    std::string run;
    for (int64_t value : values) {
        run += varint(static_cast<uint64_t>(value));
    }
    return bytes_field(field, run);
}
std::string model(const std::string& graph) {
    return int_field(1, 7) + bytes_field(7, graph) + bytes_field(8, int_field(2, 11));
}
std::string value_info(uint32_t field, const std::string& name) {
    return bytes_field(field, bytes_field(1, name) + bytes_field(2, "type, not read"));
}

// A Conv whose weight is packed float_data, bias raw_data, and a Resize with unpacked int64
// sizes; attributes of each kind, packed and not; unknown fields at every level.
std::string small_model() {
    std::string weight = packed_ints(1, {2, 1, 1, 1}) + int_field(2, 1) + bytes_field(8, "w") +
                         packed_floats(4, {0.5f, -1.5f});
    std::string bias = int_field(1, 2) + int_field(2, 1) + bytes_field(8, "b") +
                       bytes_field(9, fixed32(0.25f) + fixed32(-2.0f)) + int_field(99, 5);
    std::string sizes = int_field(1, 4) + int_field(2, 7) + bytes_field(8, "sizes") +
                        int_field(7, 1) + int_field(7, 2) + int_field(7, 26) + int_field(7, -1);
    std::string conv =
        bytes_field(1, "x") + bytes_field(1, "w") + bytes_field(1, "b") + bytes_field(2, "y") +
        bytes_field(3, "conv0") + bytes_field(4, "Conv") +
        bytes_field(5, bytes_field(1, "pads") + packed_ints(8, {1, 1, 1, 1}) + int_field(20, 7)) +
        bytes_field(5, bytes_field(1, "strides") + int_field(8, 2) + int_field(8, 2)) +
        bytes_field(5, bytes_field(1, "alpha") + float_field(2, 0.1f)) +
        bytes_field(5, bytes_field(1, "scales") + float_field(7, 1.5f) + packed_floats(7, {2.5f})) +
        key(6, 1) + std::string(8, '\x7f');  // an unknown fixed64
    std::string resize =
        bytes_field(1, "y") + bytes_field(1, "") + bytes_field(1, "") + bytes_field(1, "sizes") +
        bytes_field(2, "z") + bytes_field(4, "Resize") +
        bytes_field(5, bytes_field(1, "mode") + bytes_field(4, "linear") + int_field(3, -3));
    return model(bytes_field(1, conv) + bytes_field(1, resize) + bytes_field(2, "graph name") +
                 bytes_field(5, weight) + bytes_field(5, bias) + bytes_field(5, sizes) +
                 value_info(11, "x") + value_info(11, "w") + value_info(12, "z") + key(77, 5) +
                 "abcd");
}

TEST(OnnxGraph, ReadsNodesAttributesAndInitializersPackedOrNot) {
    OnnxGraph graph = parse_onnx(small_model(), "small.onnx");
    ASSERT_EQ(graph.nodes.size(), 2u);
    const OnnxNode& conv = graph.nodes[0];
    EXPECT_EQ(conv.op_type, "Conv");
    EXPECT_EQ(conv.name, "conv0");
    EXPECT_EQ(conv.inputs, (std::vector<std::string>{"x", "w", "b"}));
    EXPECT_EQ(conv.outputs, (std::vector<std::string>{"y"}));
    ASSERT_NE(conv.attribute("pads"), nullptr);
    EXPECT_EQ(conv.attribute("pads")->ints, (std::vector<int64_t>{1, 1, 1, 1}));
    EXPECT_EQ(conv.attribute("strides")->ints, (std::vector<int64_t>{2, 2}));
    EXPECT_FLOAT_EQ(conv.attribute("alpha")->f, 0.1f);
    EXPECT_EQ(conv.attribute("scales")->floats, (std::vector<float>{1.5f, 2.5f}));
    EXPECT_EQ(conv.attribute("dilations"), nullptr);
    const OnnxNode& resize = graph.nodes[1];
    EXPECT_EQ(resize.inputs, (std::vector<std::string>{"y", "", "", "sizes"}));
    EXPECT_EQ(resize.attribute("mode")->s, "linear");
    EXPECT_EQ(resize.attribute("mode")->i, -3);

    ASSERT_EQ(graph.initializers.size(), 3u);
    EXPECT_EQ(graph.initializers.at("w").dims, (std::vector<int64_t>{2, 1, 1, 1}));
    EXPECT_EQ(graph.initializers.at("w").floats, (std::vector<float>{0.5f, -1.5f}));
    EXPECT_EQ(graph.initializers.at("b").floats, (std::vector<float>{0.25f, -2.0f}));
    EXPECT_EQ(graph.initializers.at("sizes").ints, (std::vector<int64_t>{1, 2, 26, -1}));
    EXPECT_TRUE(graph.initializers.at("sizes").floats.empty());
    EXPECT_EQ(graph.inputs, (std::vector<std::string>{"x"}));  // "w" is an initializer
    EXPECT_EQ(graph.outputs, (std::vector<std::string>{"z"}));
}

TEST(OnnxGraph, ReadsRawInt64DataAndEmptyTensors) {
    std::string raw;
    for (int64_t value : {int64_t{1}, int64_t{-1}}) {
        for (int i = 0; i < 8; ++i) {
            raw += static_cast<char>(static_cast<uint64_t>(value) >> (8 * i));
        }
    }
    std::string shape =
        int_field(1, 2) + int_field(2, 7) + bytes_field(8, "shape") + bytes_field(9, raw);
    std::string empty = int_field(1, 0) + int_field(2, 1) + bytes_field(8, "roi");
    OnnxGraph graph = parse_onnx(model(bytes_field(5, shape) + bytes_field(5, empty)), "m");
    EXPECT_EQ(graph.initializers.at("shape").ints, (std::vector<int64_t>{1, -1}));
    EXPECT_EQ(graph.initializers.at("roi").dims, (std::vector<int64_t>{0}));
    EXPECT_TRUE(graph.initializers.at("roi").floats.empty());
}

// parse_onnx must throw a ModelError naming the file and saying `reason`.
void expect_rejected(const std::string& bytes, const std::string& reason) {
    try {
        parse_onnx(bytes, "hostile.onnx");
        ADD_FAILURE() << "accepted; expected: " << reason;
    } catch (const ModelError& error) {
        std::string what = error.what();
        EXPECT_NE(what.find("hostile.onnx"), std::string::npos) << what;
        EXPECT_NE(what.find(reason), std::string::npos) << what;
    }
}

std::string float_tensor(const std::string& name, const std::string& dims_and_data) {
    return bytes_field(5, bytes_field(8, name) + int_field(2, 1) + dims_and_data);
}

TEST(OnnxGraph, RejectsHostileBytesWithTheFileAndTheReason) {
    const std::string good = small_model();
    expect_rejected(good.substr(0, 1), "ends inside a varint");   // 0x08: key, then nothing
    expect_rejected(key(7, 2) + "\xff", "ends inside a varint");  // a length cut short
    expect_rejected(good.substr(0, good.size() - 20), "past the end");
    expect_rejected(key(7, 2) + varint(uint64_t{1} << 62), "past the end");
    expect_rejected(key(7, 2) + varint(3) + "ab", "past the end");
    expect_rejected(std::string(10, '\x80') + "\x01", "longer than 10 bytes");
    expect_rejected(model(bytes_field(1, bytes_field(5, key(2, 5) + "ab"))),
                    "ends inside a fixed-size value");  // an attribute's float cut short
    expect_rejected(key(7, 3), "wire type 3");          // a group
    expect_rejected(key(7, 0) + varint(1), "wire type 0 where 2");
    expect_rejected(int_field(1, 7), "no graph");
    expect_rejected(model(float_tensor("w", packed_ints(1, {2, 2}) + packed_floats(4, {1, 2, 3}))),
                    "initializer 'w' holds 3 elements where its dims say 4");
    expect_rejected(model(float_tensor(
                        "w", int_field(1, -2) + int_field(1, -2) + packed_floats(4, {1, 2, 3, 4}))),
                    "initializer 'w' has a negative");
    expect_rejected(model(float_tensor("w", packed_ints(1, {int64_t{1} << 32, int64_t{1} << 32}))),
                    "initializer 'w' has a negative or overflowing dimension");
    expect_rejected(model(float_tensor("w", bytes_field(9, "abcde"))), "not a whole number");
    expect_rejected(model(float_tensor("w", packed_floats(4, {1}) + bytes_field(9, fixed32(1)))),
                    "more than one field");
    expect_rejected(model(bytes_field(5, bytes_field(8, "name") + int_field(2, 11))),
                    "initializer 'name' has data type 11");
    expect_rejected(
        model(float_tensor("w", packed_floats(4, {1})) + float_tensor("w", packed_floats(4, {2}))),
        "two initializers named 'w'");
}

// Only the message types read are entered, one level each; anything nested deeper (a subgraph
// in an attribute, an unknown field) is skipped by its length, so no input can recurse deeper.
TEST(OnnxGraph, SkipsDeepNestingWithoutEnteringIt) {
    // 100000 messages (field 6) each holding the next: lengths from the inside out, then the
    // keys and lengths from the outside in.
    std::vector<size_t> sizes = {1};
    for (int level = 0; level < 100000; ++level) {
        sizes.push_back(key(6, 2).size() + varint(sizes.back()).size() + sizes.back());
    }
    std::string deep;
    for (size_t level = sizes.size() - 1; level > 0; --level) {
        deep += key(6, 2) + varint(sizes[level - 1]);
    }
    deep += "x";
    std::string node = bytes_field(4, "If") + bytes_field(5, bytes_field(1, "then_branch") + deep);
    OnnxGraph graph = parse_onnx(model(bytes_field(1, node) + bytes_field(7, deep)), "deep.onnx");
    ASSERT_EQ(graph.nodes.size(), 1u);
    EXPECT_EQ(graph.nodes[0].attribute("then_branch")->s, "");
}

TEST(OnnxGraph, ReadOnnxNamesAMissingFile) {
    try {
        read_onnx("/nonexistent/model.onnx");
        FAIL() << "read a missing file";
    } catch (const ModelError& error) {
        EXPECT_NE(std::string(error.what()).find("/nonexistent/model.onnx"), std::string::npos);
    }
}

TEST(OnnxGraph, ReadsTheDetectorsModelAsTheOnnxPackageDoes) {
    if (std::string why = test::object_model_missing(); !why.empty()) {
        GTEST_SKIP() << why;
    }
    OnnxGraph graph = read_onnx(find_model());
    std::map<std::string, int> ops;
    for (const OnnxNode& node : graph.nodes) {
        ++ops[node.op_type];
    }
    EXPECT_EQ(ops, (std::map<std::string, int>{{"Conv", 34},
                                               {"LeakyRelu", 28},
                                               {"Concat", 12},
                                               {"Reshape", 6},
                                               {"Resize", 4},
                                               {"Add", 4},
                                               {"Split", 3},
                                               {"MaxPool", 1}}));
    EXPECT_EQ(graph.inputs, (std::vector<std::string>{"input_1"}));
    EXPECT_EQ(graph.outputs, (std::vector<std::string>{"Identity", "Identity_1", "Identity_2",
                                                       "Identity_3", "Identity_4", "Identity_5"}));
    EXPECT_EQ(graph.initializers.size(), 86u);

    // The first Conv as /usr/bin/python3 -c "import onnx; ..." printed it (numpy_helper.to_array).
    const OnnxNode& conv = graph.nodes[0];
    ASSERT_EQ(conv.op_type, "Conv");
    ASSERT_EQ(conv.inputs.size(), 3u);
    EXPECT_EQ(conv.attribute("strides")->ints, (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(conv.attribute("pads")->ints, (std::vector<int64_t>{1, 1, 1, 1}));
    const OnnxTensor& weight = graph.initializers.at(conv.inputs[1]);
    EXPECT_EQ(weight.dims, (std::vector<int64_t>{32, 3, 3, 3}));
    ASSERT_EQ(weight.floats.size(), 32u * 3 * 3 * 3);
    const std::vector<float> first = {0.1163330078125f, -0.01020050048828125f, -0.1220703125f,
                                      0.176025390625f,  0.129638671875f,       -0.020660400390625f};
    EXPECT_EQ(std::vector<float>(weight.floats.begin(), weight.floats.begin() + 6), first);
    EXPECT_EQ(graph.initializers.at(conv.inputs[2]).floats.size(), 32u);
    EXPECT_FLOAT_EQ(graph.nodes[1].attribute("alpha")->f, 0.1f);

    const OnnxNode* resize = nullptr;
    for (const OnnxNode& node : graph.nodes) {
        if (node.op_type == "Resize" && resize == nullptr) {
            resize = &node;
        }
    }
    ASSERT_NE(resize, nullptr);
    ASSERT_EQ(resize->inputs.size(), 4u);
    EXPECT_EQ(graph.initializers.at(resize->inputs[3]).ints,
              (std::vector<int64_t>{1, 128, 26, 26}));
    EXPECT_EQ(resize->attribute("mode")->s, "linear");
}

}  // namespace
}  // namespace footage::indexers::objects
