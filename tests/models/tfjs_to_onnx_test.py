#!/usr/bin/python3
"""The converted detector computes what the TensorFlow.js graph computes (its head bare: the
class scores before their sigmoid, channels by cells).

A reference is computed here, from the TF.js weights directly, by a small numpy interpreter
of the graph with TensorFlow's own semantics (NHWC Conv2D with HWIO kernels, TF's half-pixel
ResizeBilinear, ...). It shares no code with the converter. The ONNX model is run through
OpenCV's cv::dnn, the runtime footage uses, on the same fixed input; every output must agree
within float tolerance. A second test checks that an op the converter does not know is
refused by name.

Usage: tfjs_to_onnx_test.py MODEL_DIR   (exit 77 = skipped: model or python modules missing)
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

try:
    import cv2
    import numpy as np
except ImportError as error:
    print(f"skipped: {error} (install python3-opencv and python3-numpy)")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
CONVERTER = os.path.join(HERE, "..", "..", "scripts", "models", "tfjs_to_onnx.py")


def read_weights(model, directory):
    blob = b"".join(open(os.path.join(directory, p), "rb").read() for group in model["weightsManifest"] for p in group["paths"])
    values, offset = {}, 0
    for group in model["weightsManifest"]:
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            dtype = np.float16 if spec.get("quantization") else np.dtype(spec["dtype"])
            values[spec["name"]] = np.frombuffer(blob, dtype, count, offset).reshape(spec["shape"]).astype(
                np.float64 if spec["dtype"] == "float32" else np.int64)
            offset += count * np.dtype(dtype).itemsize
    return values


def conv2d_nhwc(x, kernel, strides):
    """VALID Conv2D: x [1,H,W,C], kernel [kh,kw,C,O] (TensorFlow's layouts)."""
    kh, kw, _, out = kernel.shape
    sh, sw = strides
    oh = (x.shape[1] - kh) // sh + 1
    ow = (x.shape[2] - kw) // sw + 1
    y = np.zeros((1, oh, ow, out))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + sh * (oh - 1) + 1:sh, j:j + sw * (ow - 1) + 1:sw, :]
            y += patch @ kernel[i, j]
    return y


def max_pool_nhwc(x, k, strides):
    kh, kw = k
    sh, sw = strides
    oh = (x.shape[1] - kh) // sh + 1
    ow = (x.shape[2] - kw) // sw + 1
    y = np.full((1, oh, ow, x.shape[3]), -np.inf)
    for i in range(kh):
        for j in range(kw):
            y = np.maximum(y, x[:, i:i + sh * (oh - 1) + 1:sh, j:j + sw * (ow - 1) + 1:sw, :])
    return y


def resize_bilinear_half_pixel(x, size):
    """TensorFlow's ResizeBilinear with half_pixel_centers=True, align_corners=False."""
    def weights(in_size, out_size):
        scale = in_size / out_size
        pos = (np.arange(out_size) + 0.5) * scale - 0.5
        low = np.floor(pos)
        lerp = pos - low
        lower = np.maximum(low, 0).astype(int)
        upper = np.minimum(np.ceil(pos), in_size - 1).astype(int)
        return lower, upper, lerp

    ty, by, ly = weights(x.shape[1], size[0])
    lx, rx, wx = weights(x.shape[2], size[1])
    top = x[:, ty][:, :, lx] * (1 - wx)[None, None, :, None] + x[:, ty][:, :, rx] * wx[None, None, :, None]
    bottom = x[:, by][:, :, lx] * (1 - wx)[None, None, :, None] + x[:, by][:, :, rx] * wx[None, None, :, None]
    return top * (1 - ly)[None, :, None, None] + bottom * ly[None, :, None, None]


def attr(node, key):
    return node.get("attr", {}).get(key, {})


def run_reference(model, weights, image):
    values = {}
    for node in model["modelTopology"]["node"]:
        op, name = node["op"], node["name"]
        ins = [values[i] if i in values else values[i.rsplit(":", 1)[0] + ":" + i.rsplit(":", 1)[1]]
               for i in node.get("input", [])] if op != "Const" else []
        if op == "Const":
            values[name] = weights[name]
        elif op == "Placeholder":
            values[name] = image
        elif op == "Identity":
            values[name] = ins[0]
        elif op == "SparseToDense":
            dense = np.full(ins[1].astype(int), ins[3])
            for index, value in zip(ins[0].reshape(-1, ins[0].shape[-1] if ins[0].ndim > 1 else 1), ins[2].reshape(-1)):
                dense[tuple(index)] = value
            values[name] = dense
        elif op in ("Add", "AddV2"):
            values[name] = ins[0] + ins[1]
        elif op == "Transpose":
            values[name] = np.transpose(ins[0], ins[1].astype(int))
        elif op in ("Pad", "PadV2"):
            fill = float(ins[2]) if op == "PadV2" else 0.0
            values[name] = np.pad(ins[0], ins[1].astype(int), constant_values=fill)
        elif op == "Conv2D":
            assert base64.b64decode(attr(node, "padding")["s"]) == b"VALID"
            strides = [int(s) for s in attr(node, "strides")["list"]["i"]]
            values[name] = conv2d_nhwc(ins[0], ins[1], strides[1:3])
        elif op == "LeakyRelu":
            alpha = attr(node, "alpha")["f"]
            values[name] = np.where(ins[0] > 0, ins[0], alpha * ins[0])
        elif op == "MaxPool":
            ksize = [int(s) for s in attr(node, "ksize")["list"]["i"]]
            strides = [int(s) for s in attr(node, "strides")["list"]["i"]]
            values[name] = max_pool_nhwc(ins[0], ksize[1:3], strides[1:3])
        elif op == "ConcatV2":
            values[name] = np.concatenate(ins[:-1], axis=int(ins[-1]))
        elif op == "ResizeBilinear":
            values[name] = resize_bilinear_half_pixel(ins[0], ins[1].astype(int))
        elif op == "SplitV":
            parts = np.split(ins[0], np.cumsum(ins[1].astype(int))[:-1], axis=int(ins[2]))
            values[name] = parts[0]
            for k, part in enumerate(parts[1:], 1):
                values[f"{name}:{k}"] = part
        elif op == "Sigmoid":
            values[name] = 1 / (1 + np.exp(-ins[0]))
        elif op == "Reshape":
            values[name] = ins[0].reshape(ins[1].astype(int))
        else:
            raise AssertionError(f"the reference does not know {op}")
    return values


def fixed_input():
    """A smooth gradient with a few bright rectangles plus seeded noise: activates many paths."""
    rng = np.random.default_rng(20261123)
    y, x = np.mgrid[0:416, 0:416] / 416.0
    image = np.stack([x, y, (x + y) / 2]) * 0.6
    image[:, 100:220, 150:200] = [[[0.9]], [[0.2]], [[0.1]]]
    image[:, 250:300, 40:300] = [[[0.1]], [[0.3]], [[0.8]]]
    image += rng.normal(0, 0.05, image.shape)
    return np.clip(image, 0, 1)[None].astype(np.float32)


def test_matches_reference(model_dir):
    model_json = os.path.join(model_dir, "nanodet.json")
    model = json.load(open(model_json))
    with tempfile.TemporaryDirectory() as tmp:
        onnx_path = os.path.join(tmp, "converted.onnx")
        subprocess.run([sys.executable, CONVERTER, model_json, onnx_path], check=True)
        net = cv2.dnn.readNetFromONNX(onnx_path)
    image = fixed_input()
    net.setInput(image)
    names = sorted(v["name"].split(":")[0] for v in model["signature"]["outputs"].values())
    ours = dict(zip(names, net.forward(names)))
    reference = run_reference(model, read_weights(model, model_dir), image.astype(np.float64))
    worst = 0.0
    for name in names:
        want = reference[name]
        # The converter leaves the head bare: [1,C,N] where TF.js gives [1,N,C], and class
        # logits where it gives their sigmoid (scripts/models/tfjs_to_onnx.py).
        got = np.transpose(ours[name], (0, 2, 1))
        if got.shape[-1] == 80:
            got = 1 / (1 + np.exp(-got.astype(np.float64)))
        if got.shape != want.shape:
            raise AssertionError(f"{name}: shape {got.shape}, reference {want.shape}")
        scale = max(1.0, float(np.abs(want).max()))
        error = float(np.abs(got - want).max()) / scale
        worst = max(worst, error)
        print(f"{name} {list(got.shape)}: max |difference| {error:.2e} of scale {scale:.2f}")
        if error > 1e-3:
            raise AssertionError(f"{name}: the converted model differs from the reference by {error:.2e}")
    # The input must exercise the detector: some class score should be well above zero.
    assert max(float(reference[n].max()) for n in names if reference[n].shape[-1] == 80) > 0.05
    print(f"converted model matches the TF.js reference (worst relative difference {worst:.2e})")


def test_unknown_op_refused():
    with tempfile.TemporaryDirectory() as tmp:
        model = {
            "format": "graph-model",
            "modelTopology": {"node": [
                {"name": "x", "op": "Placeholder", "attr": {}},
                {"name": "y", "op": "Erf", "input": ["x"], "attr": {}},
            ]},
            "signature": {"inputs": {"x:0": {"name": "x:0", "tensorShape": {"dim": [{"size": "1"}]}}},
                          "outputs": {"y:0": {"name": "y:0", "tensorShape": {"dim": [{"size": "1"}]}}}},
            "weightsManifest": [{"paths": ["w.bin"], "weights": []}],
        }
        path = os.path.join(tmp, "model.json")
        json.dump(model, open(path, "w"))
        open(os.path.join(tmp, "w.bin"), "wb").close()
        out = os.path.join(tmp, "out.onnx")
        run = subprocess.run([sys.executable, CONVERTER, path, out], capture_output=True, text=True)
        assert run.returncode == 1, run
        assert "Erf" in run.stderr and "model.json" in run.stderr, run.stderr
        assert not os.path.exists(out)
    print("an unknown op is refused by name")


def main():
    model_dir = sys.argv[1]
    if not os.path.exists(os.path.join(model_dir, "nanodet.json")):
        print(f"skipped: no model in {model_dir} (scripts/fetch_models.sh could not fetch it)")
        return 77
    test_unknown_op_refused()
    test_matches_reference(model_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
