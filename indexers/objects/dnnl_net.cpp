#include "indexers/objects/dnnl_net.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <utility>

#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

#include "lib/util/error.hpp"

namespace footage::indexers::objects {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Type = memory::data_type;

// A graph output (or a Split's part of a tensor on its way to one): `count` channels of
// `tensor` from channel `offset`, with the dims the output is given.
struct View {
    std::string tensor;
    int64_t offset = 0;
    int64_t count = 0;
    std::vector<int> dims;
};

std::vector<int64_t> ints_or(const OnnxNode& node, std::string_view name,
                             const std::vector<int64_t>& otherwise) {
    const OnnxAttribute* a = node.attribute(name);
    return a != nullptr ? a->ints : otherwise;
}

int64_t int_or(const OnnxNode& node, std::string_view name, int64_t otherwise) {
    const OnnxAttribute* a = node.attribute(name);
    return a != nullptr ? a->i : otherwise;
}

// The slope below zero of a Relu (0) or LeakyRelu (its alpha, ONNX's default 0.01).
float leak_of(const OnnxNode& node) {
    const OnnxAttribute* alpha = node.attribute("alpha");
    return node.op_type == "Relu" ? 0.0f : alpha != nullptr ? alpha->f : 0.01f;
}

// OpenMP's thread count for this thread while it lives (oneDNN reads it when it builds a
// primitive and runs the primitive on as many).
class Threads {
  public:
    explicit Threads(int32_t count) : m_previous(omp_get_max_threads()) {
        omp_set_num_threads(std::max(1, count));
    }
    ~Threads() { omp_set_num_threads(m_previous); }
    Threads(const Threads&) = delete;
    Threads& operator=(const Threads&) = delete;

  private:
    int m_previous;
};

}  // namespace

struct DnnlNet::Impl {
    struct Step {
        dnnl::primitive primitive;
        std::unordered_map<int, memory> args;
    };

    std::string name;
    int32_t threads = 1;
    Type type = Type::f32;
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
    memory input;
    std::map<std::string, memory> values;             // tensors the steps compute, by name
    std::map<std::string, View> parts;                // Split outputs: parts of a tensor
    std::map<std::string, View> outputs;              // the graph's outputs
    std::map<std::string, std::vector<float>> plain;  // an output's tensor, f32 NCHW
    std::vector<Step> steps;
    std::vector<std::pair<memory, memory>> reordered;  // (tensor, in another layout)

    [[noreturn]] void fail(const OnnxNode& node, const std::string& why) const {
        throw ModelError(name + ": node " + node.name + " (" + node.op_type + "): " + why +
                         "; the oneDNN runtime cannot run this model");
    }

    const memory& value(const OnnxNode& node, const std::string& tensor) const {
        auto found = values.find(tensor);
        if (found == values.end()) {
            fail(node, "its input " + tensor + " is not computed before it");
        }
        return found->second;
    }

    // `m` in the layout `desc` asks for: itself, or a copy reordered before the next step.
    memory as(const memory& m, const memory::desc& desc) {
        if (m.get_desc() == desc) {
            return m;
        }
        for (const auto& [from, to] : reordered) {
            if (from.get() == m.get() && to.get_desc() == desc) {
                return to;
            }
        }
        memory copy(desc, engine);
        steps.push_back(Step{dnnl::reorder(m, copy), {{DNNL_ARG_FROM, m}, {DNNL_ARG_TO, copy}}});
        reordered.emplace_back(m, copy);
        return copy;
    }

    void conv(const OnnxNode& node, const std::string& out, std::optional<float> leak,
              const std::map<std::string, OnnxTensor>& constants) {
        if (node.inputs.size() < 2) {
            fail(node, "no weights");
        }
        const memory src = value(node, node.inputs[0]);
        auto w = constants.find(node.inputs[1]);
        if (w == constants.end() || w->second.dims.size() != 4) {
            fail(node, "weights that are not a constant 4-d tensor");
        }
        const std::vector<int64_t>& wd = w->second.dims;
        const memory::dims src_dims = src.get_desc().dims();
        if (int_or(node, "group", 1) != 1 || src_dims[1] != wd[1] ||
            ints_or(node, "dilations", {1, 1}) != std::vector<int64_t>{1, 1}) {
            fail(node, "grouped or dilated, or its weights do not match its input's channels");
        }
        if (const OnnxAttribute* pad = node.attribute("auto_pad");
            pad != nullptr && pad->s != "NOTSET") {
            fail(node, "auto_pad " + pad->s);
        }
        const std::vector<int64_t> strides = ints_or(node, "strides", {1, 1});
        const std::vector<int64_t> pads = ints_or(node, "pads", {0, 0, 0, 0});
        if (strides.size() != 2 || pads.size() != 4 || strides[0] < 1 || strides[1] < 1 ||
            std::any_of(pads.begin(), pads.end(),
                        [&](int64_t p) { return p < 0 || p >= std::max(wd[2], wd[3]); })) {
            fail(node, "strides or pads that are not 2-d, or pads outside 0 to the kernel's size");
        }
        const int64_t oc = wd[0];
        const int64_t oh = (src_dims[2] + pads[0] + pads[2] - wd[2]) / strides[0] + 1;
        const int64_t ow = (src_dims[3] + pads[1] + pads[3] - wd[3]) / strides[1] + 1;
        if (oh < 1 || ow < 1) {
            fail(node, "an empty output");
        }
        std::vector<float> bias(static_cast<size_t>(oc), 0.0f);
        if (node.inputs.size() > 2 && !node.inputs[2].empty()) {
            auto b = constants.find(node.inputs[2]);
            if (b == constants.end() || b->second.floats.size() != bias.size()) {
                fail(node, "a bias that is not a constant of its output channels");
            }
            bias = b->second.floats;
        }
        dnnl::post_ops post;
        if (leak) {
            post.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, *leak, 0.0f);
        }
        dnnl::primitive_attr attr;
        attr.set_post_ops(post);
        const dnnl::convolution_forward::desc desc(
            dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
            memory::desc(src_dims, type, Tag::any), memory::desc(wd, type, Tag::any),
            memory::desc({oc}, Type::f32, Tag::x), memory::desc({1, oc, oh, ow}, type, Tag::any),
            {strides[0], strides[1]}, {pads[0], pads[1]}, {pads[2], pads[3]});
        const dnnl::convolution_forward::primitive_desc pd(desc, attr, engine);
        // The weights and bias are put in the primitive's layout once.
        std::vector<float> weights = w->second.floats;
        memory given(memory::desc(wd, Type::f32, Tag::oihw), engine, weights.data());
        memory kernel(pd.weights_desc(), engine);
        dnnl::reorder(given, kernel).execute(stream, given, kernel);
        memory bias_given(memory::desc({oc}, Type::f32, Tag::x), engine, bias.data());
        memory shift(pd.bias_desc(), engine);
        dnnl::reorder(bias_given, shift).execute(stream, bias_given, shift);
        stream.wait();
        const memory in = as(src, pd.src_desc());
        memory dst(pd.dst_desc(), engine);
        steps.push_back(Step{dnnl::convolution_forward(pd),
                             {{DNNL_ARG_SRC, in},
                              {DNNL_ARG_WEIGHTS, kernel},
                              {DNNL_ARG_BIAS, shift},
                              {DNNL_ARG_DST, dst}}});
        values[out] = dst;
    }

    void max_pool(const OnnxNode& node) {
        const memory src = value(node, node.inputs.at(0));
        const std::vector<int64_t> kernel = ints_or(node, "kernel_shape", {});
        const std::vector<int64_t> strides = ints_or(node, "strides", {1, 1});
        const std::vector<int64_t> pads = ints_or(node, "pads", {0, 0, 0, 0});
        if (kernel.size() != 2 || strides.size() != 2 || pads.size() != 4 ||
            int_or(node, "ceil_mode", 0) != 0 ||
            ints_or(node, "dilations", {1, 1}) != std::vector<int64_t>{1, 1} ||
            std::any_of(kernel.begin(), kernel.end(), [](int64_t k) { return k < 1; }) ||
            std::any_of(pads.begin(), pads.end(),
                        [&](int64_t p) { return p < 0 || p >= std::max(kernel[0], kernel[1]); })) {
            fail(node, "a kernel, strides, pads, dilation or ceil mode it does not run");
        }
        const memory::dims d = src.get_desc().dims();
        const int64_t oh = (d[2] + pads[0] + pads[2] - kernel[0]) / strides[0] + 1;
        const int64_t ow = (d[3] + pads[1] + pads[3] - kernel[1]) / strides[1] + 1;
        const dnnl::pooling_forward::desc desc(
            dnnl::prop_kind::forward_inference, dnnl::algorithm::pooling_max, src.get_desc(),
            memory::desc({d[0], d[1], oh, ow}, type, Tag::any), {strides[0], strides[1]},
            {kernel[0], kernel[1]}, {pads[0], pads[1]}, {pads[2], pads[3]});
        const dnnl::pooling_forward::primitive_desc pd(desc, engine);
        memory dst(pd.dst_desc(), engine);
        steps.push_back(
            Step{dnnl::pooling_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}});
        values[node.outputs.at(0)] = dst;
    }

    void concat(const OnnxNode& node) {
        if (int_or(node, "axis", 0) != 1 || node.inputs.empty()) {
            fail(node, "an axis other than the channels");
        }
        std::vector<memory> srcs;
        std::vector<memory::desc> descs;
        for (const std::string& tensor : node.inputs) {
            srcs.push_back(value(node, tensor));
            descs.push_back(srcs.back().get_desc());
        }
        const dnnl::concat::primitive_desc pd(1, descs, engine);
        memory dst(pd.dst_desc(), engine);
        Step step{dnnl::concat(pd), {{DNNL_ARG_DST, dst}}};
        for (size_t i = 0; i < srcs.size(); ++i) {
            step.args.emplace(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i), srcs[i]);
        }
        steps.push_back(std::move(step));
        values[node.outputs.at(0)] = dst;
    }

    void resize(const OnnxNode& node, const std::map<std::string, OnnxTensor>& constants) {
        const memory src = value(node, node.inputs.at(0));
        const OnnxAttribute* mode = node.attribute("mode");
        const OnnxAttribute* coordinates = node.attribute("coordinate_transformation_mode");
        if (mode == nullptr || mode->s != "linear" ||
            (coordinates != nullptr && coordinates->s != "half_pixel")) {
            fail(node, "a mode other than linear with half-pixel coordinates");
        }
        const memory::dims d = src.get_desc().dims();
        memory::dims out = d;
        // A network scales its maps by a few times at most: more is a broken file.
        constexpr int64_t kMostScale = 16;
        auto sizes = node.inputs.size() > 3 ? constants.find(node.inputs[3]) : constants.end();
        auto scales = node.inputs.size() > 2 ? constants.find(node.inputs[2]) : constants.end();
        if (sizes != constants.end() && sizes->second.ints.size() == 4) {
            out = sizes->second.ints;
        } else if (scales != constants.end() && scales->second.floats.size() == 4) {
            for (size_t i = 0; i < 4; ++i) {
                const float scale = scales->second.floats[i];
                if (!(scale > 0.0f && scale <= kMostScale)) {  // NaN too
                    fail(node, "a scale that is not a number from 0 to 16");
                }
                out[i] = static_cast<int64_t>(static_cast<float>(d[i]) * scale);
            }
        } else {
            fail(node, "no constant sizes or scales");
        }
        if (out[0] != d[0] || out[1] != d[1] || out[2] < 1 || out[3] < 1 ||
            out[2] > kMostScale * d[2] || out[3] > kMostScale * d[3]) {
            fail(node, "a resize of the batch or the channels, or by more than 16 times");
        }
        const dnnl::resampling_forward::desc desc(
            dnnl::prop_kind::forward_inference, dnnl::algorithm::resampling_linear, src.get_desc(),
            memory::desc(out, type, Tag::any));
        const dnnl::resampling_forward::primitive_desc pd(desc, engine);
        memory dst(pd.dst_desc(), engine);
        steps.push_back(
            Step{dnnl::resampling_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}});
        values[node.outputs.at(0)] = dst;
    }

    void add(const OnnxNode& node) {
        if (node.inputs.size() != 2) {
            fail(node, "not two inputs");
        }
        const memory a = value(node, node.inputs[0]);
        const memory b0 = value(node, node.inputs[1]);
        if (a.get_desc().dims() != b0.get_desc().dims()) {
            fail(node, "inputs of different shapes");
        }
        const memory b = as(b0, a.get_desc());
        const dnnl::binary::desc desc(dnnl::algorithm::binary_add, a.get_desc(), b.get_desc(),
                                      a.get_desc());
        const dnnl::binary::primitive_desc pd(desc, engine);
        memory dst(pd.dst_desc(), engine);
        steps.push_back(Step{dnnl::binary(pd),
                             {{DNNL_ARG_SRC_0, a}, {DNNL_ARG_SRC_1, b}, {DNNL_ARG_DST, dst}}});
        values[node.outputs.at(0)] = dst;
    }

    void relu(const OnnxNode& node, float leak) {
        const memory src = value(node, node.inputs.at(0));
        const dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference,
                                               dnnl::algorithm::eltwise_relu, src.get_desc(), leak,
                                               0.0f);
        const dnnl::eltwise_forward::primitive_desc pd(desc, engine);
        memory dst(pd.dst_desc(), engine);
        steps.push_back(
            Step{dnnl::eltwise_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}});
        values[node.outputs.at(0)] = dst;
    }

    // Split along the channels: each output a part of the tensor, for a Reshape to an output.
    void split(const OnnxNode& node, const std::map<std::string, OnnxTensor>& constants) {
        const memory src = value(node, node.inputs.at(0));
        const int64_t channels = src.get_desc().dims()[1];
        if (int_or(node, "axis", 0) != 1) {
            fail(node, "an axis other than the channels");
        }
        std::vector<int64_t> split = ints_or(node, "split", {});
        if (node.inputs.size() > 1 && !node.inputs[1].empty()) {
            auto given = constants.find(node.inputs[1]);
            if (given == constants.end()) {
                fail(node, "split sizes that are not constant");
            }
            split = given->second.ints;
        }
        if (split.empty()) {
            split.assign(node.outputs.size(),
                         channels / static_cast<int64_t>(std::max<size_t>(1, node.outputs.size())));
        }
        if (split.size() != node.outputs.size() ||
            std::accumulate(split.begin(), split.end(), int64_t{0}) != channels ||
            std::any_of(split.begin(), split.end(), [](int64_t s) { return s < 1; })) {
            fail(node, "parts that do not add up to its channels");
        }
        int64_t offset = 0;
        for (size_t i = 0; i < split.size(); ++i) {
            parts[node.outputs[i]] = View{node.inputs[0], offset, split[i], {}};
            offset += split[i];
        }
    }

    // A graph output from a tensor or a part of one, in the dims given (a Reshape), else its own.
    void output(const OnnxNode& node, const std::string& from, const std::string& out,
                std::vector<int64_t> shape) {
        View view;
        if (auto part = parts.find(from); part != parts.end()) {
            view = part->second;
        } else {
            view = View{from, 0, value(node, from).get_desc().dims()[1], {}};
        }
        const memory::dims d = value(node, view.tensor).get_desc().dims();
        const int64_t total = view.count * d[2] * d[3];
        if (shape.empty()) {
            shape = {1, view.count, d[2], d[3]};
        }
        int64_t known = 1;
        int64_t unknown = -1;
        for (size_t i = 0; i < shape.size(); ++i) {
            if (shape[i] == 0) {
                shape[i] = i == 0 ? 1 : i == 1 ? view.count : d[i];
            }
            if (shape[i] == -1) {
                unknown = static_cast<int64_t>(i);
            } else {
                known *= shape[i];
            }
        }
        if (unknown >= 0 && known > 0) {
            shape[static_cast<size_t>(unknown)] = total / known;
            known *= total / known;
        }
        if (known != total || d[0] != 1) {
            fail(node, "a reshape that is not of the whole part");
        }
        for (int64_t s : shape) {
            view.dims.push_back(static_cast<int>(s));
        }
        outputs[out] = std::move(view);
    }

    // After the last step: each output's tensor reordered to f32 NCHW in a buffer of its own.
    void expose_outputs() {
        for (const auto& [out, view] : outputs) {
            if (plain.count(view.tensor) != 0) {
                continue;
            }
            const memory& m = values.at(view.tensor);
            const memory::dims d = m.get_desc().dims();
            std::vector<float>& buffer = plain[view.tensor];
            buffer.resize(static_cast<size_t>(d[0] * d[1] * d[2] * d[3]));
            memory copy(memory::desc(d, Type::f32, Tag::nchw), engine, buffer.data());
            steps.push_back(
                Step{dnnl::reorder(m, copy), {{DNNL_ARG_FROM, m}, {DNNL_ARG_TO, copy}}});
        }
    }
};

bool DnnlNet::native_bf16() {
    const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    const auto bf16 = static_cast<unsigned>(dnnl::cpu_isa::avx512_core_bf16);
    return (isa & bf16) == bf16;
}

DnnlNet::DnnlNet(const OnnxGraph& graph, const std::string& name, int32_t side, int32_t threads,
                 Precision precision)
    : m_impl(std::make_unique<Impl>()) {
    Impl& net = *m_impl;
    net.name = name;
    net.type = precision == Precision::bf16 ? Type::bf16 : Type::f32;
    net.threads = std::max(1, threads);
    const Threads during(net.threads);
    try {
        build(graph, side);
    } catch (const dnnl::error& error) {  // a shape or layout no oneDNN primitive takes
        throw ModelError(name + ": the oneDNN runtime cannot run this model (" + error.what() +
                         ")");
    }
}

void DnnlNet::build(const OnnxGraph& graph, int32_t side) {
    Impl& net = *m_impl;
    const std::string& name = net.name;
    if (graph.inputs.size() != 1) {
        throw ModelError(name + ": the oneDNN runtime runs a model of one input, not " +
                         std::to_string(graph.inputs.size()));
    }
    net.input = memory(memory::desc({1, 3, side, side}, Type::f32, Tag::nchw), net.engine,
                       DNNL_MEMORY_NONE);
    net.values[graph.inputs[0]] = net.input;
    // How many nodes read each tensor, and which tensors are outputs: a convolution whose only
    // reader is a LeakyRelu or Relu computes it as it writes.
    std::map<std::string, int> readers;
    for (const OnnxNode& node : graph.nodes) {
        for (const std::string& tensor : node.inputs) {
            ++readers[tensor];
        }
    }
    for (const std::string& out : graph.outputs) {
        ++readers[out];
    }
    std::map<std::string, std::pair<const OnnxNode*, float>> fused;  // conv output -> relu
    for (const OnnxNode& node : graph.nodes) {
        if ((node.op_type == "LeakyRelu" || node.op_type == "Relu") && !node.inputs.empty() &&
            readers[node.inputs[0]] == 1) {
            fused[node.inputs[0]] = {&node, leak_of(node)};
        }
    }
    std::map<std::string, std::vector<int64_t>> reshaped;  // graph outputs made by a Reshape
    for (const OnnxNode& node : graph.nodes) {
        const std::string& op = node.op_type;
        if (node.outputs.empty()) {
            net.fail(node, "no output");
        }
        if (op == "Conv") {
            auto relu = fused.find(node.outputs[0]);
            if (relu != fused.end()) {
                net.conv(node, relu->second.first->outputs.at(0), relu->second.second,
                         graph.initializers);
            } else {
                net.conv(node, node.outputs[0], std::nullopt, graph.initializers);
            }
        } else if ((op == "LeakyRelu" || op == "Relu") && fused.count(node.inputs.at(0)) != 0 &&
                   net.values.count(node.outputs[0]) != 0) {
            continue;  // computed by the convolution before it
        } else if (op == "LeakyRelu" || op == "Relu") {
            net.relu(node, leak_of(node));
        } else if (op == "MaxPool") {
            net.max_pool(node);
        } else if (op == "Concat") {
            net.concat(node);
        } else if (op == "Resize") {
            net.resize(node, graph.initializers);
        } else if (op == "Add") {
            net.add(node);
        } else if (op == "Split") {
            net.split(node, graph.initializers);
        } else if (op == "Reshape" || op == "Identity") {
            if (std::find(graph.outputs.begin(), graph.outputs.end(), node.outputs[0]) ==
                graph.outputs.end()) {
                if (op == "Identity" && net.values.count(node.inputs.at(0)) != 0) {
                    net.values[node.outputs[0]] = net.values[node.inputs[0]];
                    continue;
                }
                net.fail(node, "a reshape inside the network");
            }
            std::vector<int64_t> shape;
            if (op == "Reshape") {
                auto given = graph.initializers.find(node.inputs.at(1));
                if (given == graph.initializers.end()) {
                    net.fail(node, "a shape that is not constant");
                }
                shape = given->second.ints;
            }
            net.output(node, node.inputs.at(0), node.outputs[0], shape);
        } else {
            net.fail(node, "an op it does not run");
        }
    }
    for (const std::string& out : graph.outputs) {
        if (net.outputs.count(out) == 0) {
            if (net.values.count(out) == 0) {
                throw ModelError(name + ": the output " + out + " is not computed");
            }
            net.output(OnnxNode{"Output", out, {}, {}, {}}, out, out, {});
        }
    }
    net.expose_outputs();
}

DnnlNet::~DnnlNet() = default;

void DnnlNet::forward(const cv::Mat& input, const std::vector<std::string>& names,
                      std::vector<cv::Mat>& results) {
    Impl& net = *m_impl;
    const memory::dims d = net.input.get_desc().dims();
    if (input.type() != CV_32F || !input.isContinuous() ||
        input.total() != static_cast<size_t>(d[0] * d[1] * d[2] * d[3])) {
        throw ModelError(net.name + ": the detector's input is not a 1x3x" + std::to_string(d[2]) +
                         "x" + std::to_string(d[3]) + " float blob");
    }
    net.input.set_data_handle(const_cast<float*>(input.ptr<float>()));
    {
        const Threads during(net.threads);
        for (Impl::Step& step : net.steps) {
            step.primitive.execute(net.stream, step.args);
        }
        net.stream.wait();
    }
    results.resize(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        auto view = net.outputs.find(names[i]);
        if (view == net.outputs.end()) {
            throw ModelError(net.name + ": the model has no output " + names[i]);
        }
        const memory::dims t = net.values.at(view->second.tensor).get_desc().dims();
        float* data = net.plain.at(view->second.tensor).data() + view->second.offset * t[2] * t[3];
        results[i] = cv::Mat(static_cast<int>(view->second.dims.size()), view->second.dims.data(),
                             CV_32F, data);
    }
}

}  // namespace footage::indexers::objects
