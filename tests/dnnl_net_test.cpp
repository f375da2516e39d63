// The detector's oneDNN runtime (indexers/objects/dnnl_net.hpp) on small graphs built here,
// against the arithmetic written out by hand: a convolution with its LeakyRelu fused in, a max
// pool, a concat, a linear half-pixel resize, an add, a split into the outputs; and the graphs
// it must refuse, naming the file and the node.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "indexers/objects/dnnl_net.hpp"
#include "lib/util/error.hpp"

namespace footage::indexers::objects {
namespace {

constexpr int kSide = 6;

// A 1x`c`x`h`x`w` tensor, channel-major, as plain floats.
struct Map {
    int c = 0, h = 0, w = 0;
    std::vector<float> v;
    float at(int ch, int y, int x) const { return v[static_cast<size_t>((ch * h + y) * w + x)]; }
    float& at(int ch, int y, int x) { return v[static_cast<size_t>((ch * h + y) * w + x)]; }
};

Map sized(int c, int h, int w) {
    return Map{c, h, w, std::vector<float>(static_cast<size_t>(c * h * w))};
}

// Deterministic values in [-1, 1).
std::vector<float> ramp(size_t n, float step) {
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i) {
        v[i] = std::fmod(static_cast<float>(i) * step, 2.0f) - 1.0f;
    }
    return v;
}

Map conv3x3(const Map& in, const std::vector<float>& w, const std::vector<float>& b, int oc,
            float leak) {
    Map out = sized(oc, in.h, in.w);
    for (int o = 0; o < oc; ++o) {
        for (int y = 0; y < in.h; ++y) {
            for (int x = 0; x < in.w; ++x) {
                float sum = b[static_cast<size_t>(o)];
                for (int i = 0; i < in.c; ++i) {
                    for (int ky = 0; ky < 3; ++ky) {
                        for (int kx = 0; kx < 3; ++kx) {
                            const int sy = y + ky - 1;
                            const int sx = x + kx - 1;
                            if (sy >= 0 && sy < in.h && sx >= 0 && sx < in.w) {
                                sum += in.at(i, sy, sx) *
                                       w[static_cast<size_t>(((o * in.c + i) * 3 + ky) * 3 + kx)];
                            }
                        }
                    }
                }
                out.at(o, y, x) = sum > 0 ? sum : leak * sum;
            }
        }
    }
    return out;
}

Map max_pool_2x2(const Map& in) {
    Map out = sized(in.c, in.h / 2, in.w / 2);
    for (int c = 0; c < in.c; ++c) {
        for (int y = 0; y < out.h; ++y) {
            for (int x = 0; x < out.w; ++x) {
                out.at(c, y, x) =
                    std::max({in.at(c, 2 * y, 2 * x), in.at(c, 2 * y, 2 * x + 1),
                              in.at(c, 2 * y + 1, 2 * x), in.at(c, 2 * y + 1, 2 * x + 1)});
            }
        }
    }
    return out;
}

// ONNX Resize, linear, half_pixel: the source point (d + 0.5) / scale - 0.5, clamped to the map.
Map resize_linear(const Map& in, int h, int w) {
    Map out = sized(in.c, h, w);
    const auto source = [](int d, int from, int to, int& i0, int& i1, float& t) {
        float s =
            (static_cast<float>(d) + 0.5f) * static_cast<float>(from) / static_cast<float>(to) -
            0.5f;
        s = std::clamp(s, 0.0f, static_cast<float>(from - 1));
        i0 = static_cast<int>(std::floor(s));
        i1 = std::min(i0 + 1, from - 1);
        t = s - static_cast<float>(i0);
    };
    for (int c = 0; c < in.c; ++c) {
        for (int y = 0; y < h; ++y) {
            int y0 = 0, y1 = 0;
            float ty = 0;
            source(y, in.h, h, y0, y1, ty);
            for (int x = 0; x < w; ++x) {
                int x0 = 0, x1 = 0;
                float tx = 0;
                source(x, in.w, w, x0, x1, tx);
                const float top = in.at(c, y0, x0) * (1 - tx) + in.at(c, y0, x1) * tx;
                const float bottom = in.at(c, y1, x0) * (1 - tx) + in.at(c, y1, x1) * tx;
                out.at(c, y, x) = top * (1 - ty) + bottom * ty;
            }
        }
    }
    return out;
}

OnnxAttribute ints(const std::string& name, std::vector<int64_t> v) {
    OnnxAttribute a;
    a.name = name;
    a.ints = std::move(v);
    return a;
}

OnnxAttribute number(const std::string& name, int64_t i) {
    OnnxAttribute a;
    a.name = name;
    a.i = i;
    return a;
}

OnnxAttribute real(const std::string& name, float f) {
    OnnxAttribute a;
    a.name = name;
    a.f = f;
    return a;
}

OnnxAttribute text(const std::string& name, const std::string& s) {
    OnnxAttribute a;
    a.name = name;
    a.s = s;
    return a;
}

OnnxNode node(const std::string& op, std::vector<std::string> in, std::vector<std::string> out,
              std::vector<OnnxAttribute> attributes = {}) {
    return OnnxNode{op, op + "_" + out.at(0), std::move(in), std::move(out), std::move(attributes)};
}

const std::vector<OnnxAttribute> kSame3x3 = {ints("kernel_shape", {3, 3}),
                                             ints("pads", {1, 1, 1, 1}), ints("strides", {1, 1})};

// input (3 channels) -> conv a (4) + LeakyRelu -> max pool -> conv b (4) + Relu -> resize x2
// -> add conv a's map -> concat with conv a's map (8) -> conv c (5, no activation) -> split
// 3 + 2 -> reshaped to [1, 3, 36] and [1, 2, 36].
OnnxGraph small_graph(std::vector<float>& wa, std::vector<float>& ba, std::vector<float>& wb,
                      std::vector<float>& bb, std::vector<float>& wc, std::vector<float>& bc) {
    OnnxGraph g;
    g.inputs = {"image"};
    g.outputs = {"first", "second"};
    wa = ramp(4 * 3 * 9, 0.137f);
    ba = ramp(4, 0.61f);
    wb = ramp(4 * 4 * 9, 0.071f);
    bb = ramp(4, 0.33f);
    wc = ramp(5 * 8 * 9, 0.053f);
    bc = ramp(5, 0.29f);
    g.initializers["wa"] = OnnxTensor{{4, 3, 3, 3}, wa, {}};
    g.initializers["ba"] = OnnxTensor{{4}, ba, {}};
    g.initializers["wb"] = OnnxTensor{{4, 4, 3, 3}, wb, {}};
    g.initializers["bb"] = OnnxTensor{{4}, bb, {}};
    g.initializers["wc"] = OnnxTensor{{5, 8, 3, 3}, wc, {}};
    g.initializers["bc"] = OnnxTensor{{5}, bc, {}};
    g.initializers["sizes"] = OnnxTensor{{4}, {}, {1, 4, kSide, kSide}};
    g.initializers["split"] = OnnxTensor{{2}, {}, {3, 2}};
    g.initializers["shape1"] = OnnxTensor{{3}, {}, {1, 3, -1}};
    g.initializers["shape2"] = OnnxTensor{{3}, {}, {1, 2, kSide * kSide}};
    g.nodes = {
        node("Conv", {"image", "wa", "ba"}, {"a0"}, kSame3x3),
        node("LeakyRelu", {"a0"}, {"a"}, {real("alpha", 0.1f)}),
        node("MaxPool", {"a"}, {"p"}, {ints("kernel_shape", {2, 2}), ints("strides", {2, 2})}),
        node("Conv", {"p", "wb", "bb"}, {"b0"}, kSame3x3),
        node("Relu", {"b0"}, {"b"}),
        node("Resize", {"b", "", "", "sizes"}, {"up"},
             {text("mode", "linear"), text("coordinate_transformation_mode", "half_pixel")}),
        node("Add", {"up", "a"}, {"sum"}),
        node("Concat", {"sum", "a"}, {"both"}, {number("axis", 1)}),
        node("Conv", {"both", "wc", "bc"}, {"c"}, kSame3x3),
        node("Split", {"c", "split"}, {"c1", "c2"}, {number("axis", 1)}),
        node("Reshape", {"c1", "shape1"}, {"first"}),
        node("Reshape", {"c2", "shape2"}, {"second"}),
    };
    return g;
}

TEST(DnnlNet, ComputesTheOpsOfTheDetectorsGraphAsWrittenOut) {
    std::vector<float> wa, ba, wb, bb, wc, bc;
    const OnnxGraph graph = small_graph(wa, ba, wb, bb, wc, bc);
    DnnlNet net(graph, "small.onnx", kSide, 1, DnnlNet::Precision::f32);
    Map image = sized(3, kSide, kSide);
    image.v = ramp(image.v.size(), 0.173f);
    const Map a = conv3x3(image, wa, ba, 4, 0.1f);
    const Map b = conv3x3(max_pool_2x2(a), wb, bb, 4, 0.0f);
    Map sum = resize_linear(b, kSide, kSide);
    for (size_t i = 0; i < sum.v.size(); ++i) {
        sum.v[i] += a.v[i];
    }
    Map both = sized(8, kSide, kSide);
    std::copy(sum.v.begin(), sum.v.end(), both.v.begin());
    std::copy(a.v.begin(), a.v.end(), both.v.begin() + static_cast<ptrdiff_t>(sum.v.size()));
    const Map c = conv3x3(both, wc, bc, 5, 1.0f);  // a leak of 1: no activation

    const int dims[] = {1, 3, kSide, kSide};
    cv::Mat input(4, dims, CV_32F, image.v.data());
    std::vector<cv::Mat> results;
    net.forward(input, {"second", "first"}, results);
    ASSERT_EQ(results.size(), 2u);
    ASSERT_EQ(results[0].dims, 3);
    EXPECT_EQ(results[0].size[1], 2);
    EXPECT_EQ(results[0].size[2], kSide * kSide);
    ASSERT_EQ(results[1].dims, 3);
    EXPECT_EQ(results[1].size[1], 3);
    EXPECT_EQ(results[1].size[2], kSide * kSide);
    const int plane = kSide * kSide;
    for (int ch = 0; ch < 5; ++ch) {
        const cv::Mat& out = ch < 3 ? results[1] : results[0];
        const float* values = out.ptr<float>() + (ch < 3 ? ch : ch - 3) * plane;
        for (int i = 0; i < plane; ++i) {
            EXPECT_NEAR(values[i], c.v[static_cast<size_t>(ch * plane + i)], 1e-4)
                << "channel " << ch << " cell " << i;
        }
    }
}

TEST(DnnlNet, AnOpItDoesNotRunIsRefusedNamingTheFileAndTheNode) {
    std::vector<float> wa, ba, wb, bb, wc, bc;
    OnnxGraph graph = small_graph(wa, ba, wb, bb, wc, bc);
    graph.nodes[4] = node("Erf", {"b0"}, {"b"});
    try {
        DnnlNet net(graph, "odd.onnx", kSide, 1, DnnlNet::Precision::f32);
        FAIL() << "a graph with Erf was built";
    } catch (const ModelError& error) {
        const std::string what = error.what();
        EXPECT_NE(what.find("odd.onnx"), std::string::npos) << what;
        EXPECT_NE(what.find("Erf_b"), std::string::npos) << what;
    }
}

TEST(DnnlNet, ShapesNoPrimitiveTakesAreRefusedAsTheModelsFault) {
    std::vector<float> wa, ba, wb, bb, wc, bc;
    for (const auto& [what, change] : std::vector<std::pair<std::string, void (*)(OnnxGraph&)>>{
             {"negative pads",
              [](OnnxGraph& g) {
                  g.nodes[0].attributes[1] = ints("pads", {-1, -1, -1, -1});
              }},
             {"a pool's pads wider than its kernel",
              [](OnnxGraph& g) {
                  g.nodes[2].attributes.push_back(ints("pads", {0, 0, 1 << 30, 0}));
              }},
             {"pads wider than the kernel",
              [](OnnxGraph& g) {
                  g.nodes[0].attributes[1] = ints("pads", {1, 1 << 30, 1, 1});
              }},
             {"a resize to a huge map",
              [](OnnxGraph& g) {
                  g.initializers["sizes"].ints = {1, 4, 1 << 20, 1 << 20};
              }},
             {"weights of other channels",
              [](OnnxGraph& g) {
                  g.initializers["wb"].dims = {4, 2, 3, 6};
              }},
             {"a split that does not add up",
              [](OnnxGraph& g) {
                  g.initializers["split"].ints = {3, 3};
              }},
             {"an output reshaped to other sizes",
              [](OnnxGraph& g) {
                  g.initializers["shape2"].ints = {1, 2, 35};
              }},
         }) {
        OnnxGraph graph = small_graph(wa, ba, wb, bb, wc, bc);
        change(graph);
        EXPECT_THROW(DnnlNet(graph, "bad.onnx", kSide, 1, DnnlNet::Precision::f32), ModelError)
            << what;
    }
}

}  // namespace
}  // namespace footage::indexers::objects
