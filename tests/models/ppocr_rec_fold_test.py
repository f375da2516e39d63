#!/usr/bin/python3
"""The folded PP-OCRv4 recogniser loads in cv::dnn and reads text.

Folds the model scripts/fetch_ocr_model.sh installed (ch_PP-OCRv4_rec_infer.onnx, as shipped)
at the width footage uses with scripts/models/ppocr_rec_fold.py, runs it through OpenCV's
cv::dnn (the runtime footage uses) on clock lines drawn here with cv2.putText, and decodes them
(greedy CTC with the model's character list): every line must read as drawn (spaces aside: the model often
drops one between a digit and a letter). The shipped model itself is refused by cv::dnn (a Shape
of a dynamic tensor), which is why the fold exists: checked too, so a newer OpenCV that loads it
is noticed.

Usage: ppocr_rec_fold_test.py MODEL_DIR   (exit 77 = skipped: model or python modules missing)
"""
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
FOLD = os.path.join(HERE, "..", "..", "scripts", "models", "ppocr_rec_fold.py")
LINES = [("2020-11-03 14:00:00", cv2.FONT_HERSHEY_SIMPLEX, 1.0),
         ("11/03/2020 02:00:00 PM", cv2.FONT_HERSHEY_DUPLEX, 0.8),
         ("02-14-2024 Mie 13:25:55", cv2.FONT_HERSHEY_PLAIN, 1.5)]


def drawn(text, font, scale):
    (width, height), base = cv2.getTextSize(text, font, scale, 2)
    image = np.full((height + base + 16, width + 16), 40, np.uint8)
    cv2.putText(image, text, (8, height + 8), font, scale, 235, 2, cv2.LINE_AA)
    return image


def read(net, chars, image, width):
    scaled_width = min(width, int(np.ceil(48 * image.shape[1] / image.shape[0])))
    scaled = cv2.resize(image, (scaled_width, 48)).astype(np.float32) / 127.5 - 1.0
    blob = np.zeros((1, 3, 48, width), np.float32)
    blob[0, :, :, :scaled_width] = scaled
    net.setInput(blob)
    best = net.forward()[0].argmax(axis=1)
    text, previous = [], 0
    for c in best:
        if c != 0 and c != previous:
            text.append(chars[c])
        previous = c
    return "".join(text).strip()


def main(model_dir):
    shipped = os.path.join(model_dir, "ch_PP-OCRv4_rec_infer.onnx")
    keys = os.path.join(model_dir, "ppocr_keys_v1.txt")
    if not (os.path.exists(shipped) and os.path.exists(keys)):
        print(f"skipped: {shipped} is not installed (scripts/fetch_ocr_model.sh)")
        return 77
    with open(keys, encoding="utf-8") as f:
        chars = [""] + f.read().split("\n") + [" "]
    if chars[-2] == "":
        chars.pop(-2)
    try:
        cv2.dnn.readNetFromONNX(shipped)
        print("note: cv::dnn now loads the shipped model as it is")
    except cv2.error:
        print("cv::dnn refuses the shipped model, as expected")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for width in (640,):
            folded = os.path.join(tmp, f"rec{width}.onnx")
            subprocess.run([sys.executable, FOLD, shipped, folded, str(width)], check=True)
            net = cv2.dnn.readNetFromONNX(folded)
            for text, font, scale in LINES:
                got = read(net, chars, drawn(text, font, scale), width)
                ok = got.replace(" ", "") == text.replace(" ", "")
                failures += 0 if ok else 1
                print(f"width {width}: {text!r} read {got!r}{'' if ok else '  WRONG'}")
    if failures:
        print(f"{failures} line(s) misread")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
