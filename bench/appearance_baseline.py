#!/usr/bin/python3
# The colour-only baseline of bench/appearance_bench.sh, computed from the same catalog's boxes:
# for every track, the histograms (27 bins: black, grey, white; 12 hues x dark, light) of the
# upper and lower halves of its boxes, a fifth off each side, in the frame stretched to the
# detector's 416 x 416 input, averaged over every stored sighting: what footage stored before
# version 2 of the descriptor (without its network features). Writes JSON {"RECORDING:TRACK":
# [upper, lower]} for footage_appearance_eval. Needs Debian's python3-opencv.
# Usage: appearance_baseline.py CATALOG OUT.json
import json, sqlite3, sys

import cv2
import numpy as np

SIZE = 416  # indexers/objects/detector.hpp, kInputSize


def bins(hsv):
    h, s, v = (hsv[..., i].astype(int) for i in range(3))
    b = 3 + 2 * np.minimum(h * 12 // 180, 11) + (v >= 140)
    b = np.where(s < 50, np.where(v > 190, 2, np.where(v < 80, 0, 1)), b)
    return np.where(v < 50, 0, b)


def halves(image, x, y, w, h):
    x0, y0 = int(x * SIZE), int(y * SIZE)
    x1, y1 = min(SIZE, x0 + int(round(w * SIZE))), min(SIZE, y0 + int(round(h * SIZE)))
    if x1 - x0 < 2 or y1 - y0 < 4:
        return None
    out = []
    for top, bottom in ((y0, y0 + (y1 - y0) // 2), (y0 + (y1 - y0) // 2, y1)):
        part = image[top:bottom, x0:x1]
        side = part.shape[1] // 5
        if part.shape[1] - 2 * side > 0:
            part = part[:, side:part.shape[1] - side]
        out.append(np.bincount(bins(cv2.cvtColor(part, cv2.COLOR_BGR2HSV)).ravel(), minlength=27))
    return out


def main():
    db = sqlite3.connect(sys.argv[1])
    sums = {}
    for recording, path in db.execute(
            "SELECT id, path FROM recordings"):
        wanted = {}
        for track, pts, x, y, w, h in db.execute(
                "SELECT track, pts_us, box_x, box_y, box_w, box_h FROM object_detections "
                "WHERE recording_id = ?", (recording,)):
            wanted.setdefault(pts, []).append((track, x, y, w, h))
        capture = cv2.VideoCapture(path)
        fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        index = 0
        while wanted:
            ok, frame = capture.read()
            if not ok:
                break
            pts = int(round(index * 1e6 / fps))  # from the recording's start, as stored
            index += 1
            near = [k for k in wanted if abs(k - pts) < 0.5e6 / fps]
            if not near:
                continue
            small = cv2.resize(frame, (SIZE, SIZE), interpolation=cv2.INTER_AREA)
            for key in near:
                for track, x, y, w, h in wanted.pop(key):
                    found = halves(small, x, y, w, h)
                    if found:
                        total = sums.setdefault(f"{recording}:{track}", [np.zeros(27), np.zeros(27)])
                        for i in range(2):
                            total[i] += found[i] / max(found[i].sum(), 1)
    out = {key: [(half / max(half.sum(), 1e-9)).tolist() for half in total]
           for key, total in sums.items()}
    json.dump(out, open(sys.argv[2], "w"))


main()
