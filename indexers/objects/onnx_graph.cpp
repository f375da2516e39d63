#include "indexers/objects/onnx_graph.hpp"

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "lib/util/error.hpp"
#include "lib/util/whole_file.hpp"

namespace footage::indexers::objects {
namespace {

// The detector's file is ~15 MiB; a bigger one is not a model this reader is meant for.
constexpr uintmax_t kMaxFileBytes = uintmax_t{256} << 20;

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };
enum DataType : int32_t { kFloat = 1, kInt64 = 7 };

// One protobuf message's bytes, read field by field. Only the parsers below recurse, one level per
// message type (Model > Graph > Node > Attribute), so the depth is fixed whatever the input nests:
// subgraphs and other unread messages are skipped by their length, never entered.
class Wire {
  public:
    Wire(std::string_view bytes, const std::string& name, const char* what, size_t offset = 0)
        : m_bytes(bytes), m_name(name), m_what(what), m_offset(offset) {}

    const std::string& name() const { return m_name; }
    bool done() const { return m_pos == m_bytes.size(); }
    uint32_t type() const { return m_type; }

    // The next key's field number; its wire type is type().
    uint32_t next_field() {
        uint64_t key = varint();
        m_type = static_cast<uint32_t>(key & 7);
        if (key >> 3 == 0 || key >> 3 > 0x1fffffff) {
            fail("a field number of " + std::to_string(key >> 3));
        }
        return static_cast<uint32_t>(key >> 3);
    }

    uint64_t varint() {
        uint64_t value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (done()) {
                fail("the data ends inside a varint");
            }
            auto byte = static_cast<uint8_t>(m_bytes[m_pos++]);
            value |= static_cast<uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) {
                return value;
            }
        }
        fail("a varint longer than 10 bytes");
    }

    std::string_view bytes() {
        uint64_t length = varint();
        if (length > m_bytes.size() - m_pos) {
            fail("a length of " + std::to_string(length) + " bytes past the end");
        }
        std::string_view out = m_bytes.substr(m_pos, length);
        m_pos += length;
        return out;
    }

    uint32_t fixed32() {
        std::string_view four = take(4);
        uint32_t value = 0;
        for (int i = 3; i >= 0; --i) {
            value = value << 8 | static_cast<uint8_t>(four[i]);
        }
        return value;
    }

    // The current field's value; its wire type must be the one its field number has in onnx.proto.
    uint64_t int_field() {
        expect(kVarint);
        return varint();
    }
    float float_field() {
        expect(kFixed32);
        return std::bit_cast<float>(fixed32());
    }
    std::string_view bytes_field() {
        expect(kBytes);
        return bytes();
    }
    std::string string_field() { return std::string(bytes_field()); }
    Wire message(const char* what) {
        std::string_view inner = bytes_field();
        return Wire(inner, m_name, what, m_offset + m_pos - inner.size());
    }

    void skip() {
        switch (m_type) {
            case kVarint:
                varint();
                break;
            case kFixed64:
                take(8);
                break;
            case kBytes:
                bytes();
                break;
            case kFixed32:
                take(4);
                break;
            default:
                fail("wire type " + std::to_string(m_type) + " (a group, or no wire type)");
        }
    }

    void expect(uint32_t type) {
        if (m_type != type) {
            fail("wire type " + std::to_string(m_type) + " where " + std::to_string(type) +
                 " was expected");
        }
    }

    [[noreturn]] void fail(const std::string& why) const {
        throw ModelError(m_name + ": not an ONNX model this reader can use: " + why + " (in a " +
                         m_what + " at byte " + std::to_string(m_offset + m_pos) + ")");
    }

  private:
    std::string_view take(size_t count) {
        if (count > m_bytes.size() - m_pos) {
            fail("the data ends inside a fixed-size value");
        }
        std::string_view out = m_bytes.substr(m_pos, count);
        m_pos += count;
        return out;
    }

    std::string_view m_bytes;
    const std::string& m_name;
    const char* m_what;
    size_t m_offset;
    size_t m_pos = 0;
    uint32_t m_type = 0;
};

// A repeated int64 or float field, written packed (one length-delimited run) or one by one.
void append_ints(Wire& wire, std::vector<int64_t>& out) {
    if (wire.type() != kBytes) {
        out.push_back(static_cast<int64_t>(wire.int_field()));
        return;
    }
    Wire packed = wire.message("packed int64 list");
    while (!packed.done()) {
        out.push_back(static_cast<int64_t>(packed.varint()));
    }
}

void append_floats(Wire& wire, std::vector<float>& out) {
    if (wire.type() != kBytes) {
        out.push_back(wire.float_field());
        return;
    }
    Wire packed = wire.message("packed float list");
    while (!packed.done()) {
        out.push_back(std::bit_cast<float>(packed.fixed32()));
    }
}

OnnxAttribute parse_attribute(Wire wire) {
    OnnxAttribute attribute;
    while (!wire.done()) {
        switch (wire.next_field()) {
            case 1:
                attribute.name = wire.string_field();
                break;
            case 2:
                attribute.f = wire.float_field();
                break;
            case 3:
                attribute.i = static_cast<int64_t>(wire.int_field());
                break;
            case 4:
                attribute.s = wire.string_field();
                break;
            case 7:
                append_floats(wire, attribute.floats);
                break;
            case 8:
                append_ints(wire, attribute.ints);
                break;
            default:
                wire.skip();
        }
    }
    return attribute;
}

OnnxNode parse_node(Wire wire) {
    OnnxNode node;
    while (!wire.done()) {
        switch (wire.next_field()) {
            case 1:
                node.inputs.push_back(wire.string_field());
                break;
            case 2:
                node.outputs.push_back(wire.string_field());
                break;
            case 3:
                node.name = wire.string_field();
                break;
            case 4:
                node.op_type = wire.string_field();
                break;
            case 5:
                node.attributes.push_back(parse_attribute(wire.message("AttributeProto")));
                break;
            default:
                wire.skip();
        }
    }
    return node;
}

// An initializer's name, dims and elements, read from raw_data (little-endian) or from the field
// of its type (float_data, int64_data), and checked against its dims.
void parse_tensor(Wire wire, std::string& name, OnnxTensor& tensor) {
    int32_t data_type = 0;
    std::string_view raw;
    bool has_raw = false;
    while (!wire.done()) {
        switch (wire.next_field()) {
            case 1:
                append_ints(wire, tensor.dims);
                break;
            case 2:
                data_type = static_cast<int32_t>(wire.int_field());
                break;
            case 4:
                append_floats(wire, tensor.floats);
                break;
            case 7:
                append_ints(wire, tensor.ints);
                break;
            case 8:
                name = wire.string_field();
                break;
            case 9:
                raw = wire.bytes_field();
                has_raw = true;
                break;
            default:
                wire.skip();
        }
    }
    auto fail = [&](const std::string& why) { wire.fail("initializer '" + name + "' " + why); };
    if (data_type != kFloat && data_type != kInt64) {
        fail("has data type " + std::to_string(data_type) +
             "; only FLOAT (1) and INT64 (7) are read");
    }
    uint64_t count = 1;
    for (int64_t dim : tensor.dims) {
        if (dim < 0 || __builtin_mul_overflow(count, static_cast<uint64_t>(dim), &count)) {
            fail("has a negative or overflowing dimension");
        }
    }
    const bool is_float = data_type == kFloat;
    if ((is_float ? !tensor.ints.empty() : !tensor.floats.empty()) ||
        (has_raw && !(tensor.ints.empty() && tensor.floats.empty()))) {
        fail("holds its data in more than one field");
    }
    if (has_raw) {
        const size_t size = is_float ? 4 : 8;
        if (raw.size() % size != 0) {
            fail("has raw_data whose length is not a whole number of elements");
        }
        Wire elements(raw, wire.name(), "raw_data");
        for (size_t i = 0; i < raw.size() / size; ++i) {
            if (is_float) {
                tensor.floats.push_back(std::bit_cast<float>(elements.fixed32()));
            } else {
                uint64_t low = elements.fixed32();
                tensor.ints.push_back(
                    static_cast<int64_t>(low | uint64_t{elements.fixed32()} << 32));
            }
        }
    }
    const size_t held = is_float ? tensor.floats.size() : tensor.ints.size();
    if (held != count) {
        fail("holds " + std::to_string(held) + " elements where its dims say " +
             std::to_string(count));
    }
}

std::string parse_value_info_name(Wire wire) {
    std::string name;
    while (!wire.done()) {
        if (wire.next_field() == 1) {
            name = wire.string_field();
        } else {
            wire.skip();
        }
    }
    return name;
}

void parse_graph(Wire wire, OnnxGraph& graph, std::vector<std::string>& all_inputs) {
    while (!wire.done()) {
        switch (wire.next_field()) {
            case 1:
                graph.nodes.push_back(parse_node(wire.message("NodeProto")));
                break;
            case 5: {
                std::string name;
                OnnxTensor tensor;
                parse_tensor(wire.message("TensorProto"), name, tensor);
                if (!graph.initializers.emplace(name, std::move(tensor)).second) {
                    wire.fail("two initializers named '" + name + "'");
                }
                break;
            }
            case 11:
                all_inputs.push_back(parse_value_info_name(wire.message("ValueInfoProto")));
                break;
            case 12:
                graph.outputs.push_back(parse_value_info_name(wire.message("ValueInfoProto")));
                break;
            default:
                wire.skip();
        }
    }
}

}  // namespace

const OnnxAttribute* OnnxNode::attribute(std::string_view wanted) const {
    for (const OnnxAttribute& attribute : attributes) {
        if (attribute.name == wanted) {
            return &attribute;
        }
    }
    return nullptr;
}

OnnxGraph parse_onnx(std::string_view bytes, const std::string& name) {
    OnnxGraph graph;
    std::vector<std::string> all_inputs;
    bool has_graph = false;
    Wire model(bytes, name, "ModelProto");
    while (!model.done()) {
        if (model.next_field() == 7) {
            parse_graph(model.message("GraphProto"), graph, all_inputs);
            has_graph = true;
        } else {
            model.skip();
        }
    }
    if (!has_graph) {
        model.fail("no graph");
    }
    for (std::string& input : all_inputs) {
        if (graph.initializers.count(input) == 0) {
            graph.inputs.push_back(std::move(input));
        }
    }
    return graph;
}

OnnxGraph read_onnx(const std::filesystem::path& model) {
    std::error_code error;
    const uintmax_t size = std::filesystem::file_size(model, error);
    if (error) {
        throw ModelError(model.string() + ": cannot read the model (" + error.message() + ")");
    }
    if (size > kMaxFileBytes) {
        throw ModelError(model.string() + ": " + std::to_string(size) +
                         " bytes, more than an ONNX model this reader takes (256 MiB)");
    }
    std::optional<std::string> bytes = read_whole_file(model);
    if (!bytes) {
        throw ModelError(model.string() + ": cannot read the model");
    }
    return parse_onnx(*bytes, model.string());
}

}  // namespace footage::indexers::objects
