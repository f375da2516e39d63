#!/usr/bin/python3
"""Precision and recall of the stored person boxes at IoU 0.5 against the hand annotation
tests/data/vtest_people.json, by annotated box height, for several confidence floors.

Usage: detection_score.py [--embedded WxH+X+Y] FOOTAGE.DB ANNOTATION.json [FLOOR ...]
The database holds `index --objects` of vtest.avi (one recording), or with --embedded of vtest.avi
pasted at native size into a larger frame (W x H, its top left corner at X, Y): the annotation is
shifted by the offset, and a box outside the pasted picture counts as a false person too. A floor applies to the
track's best confidence, as `search --min-confidence` does; "default" is the class default.
"""
import json
import sqlite3
import sys

BINS = [(0, 60, "< 60 px"), (60, 100, "60-100 px"), (100, 10**6, ">= 100 px")]
WIDTH, HEIGHT = 768, 576  # the frame (changed by --embedded)
OFFSET_X, OFFSET_Y = 0, 0  # where vtest.avi sits in it
DEFAULT_PERSON = 0.4  # indexers/objects/class_defaults.cpp


def iou(a, b):
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def stored_boxes(db, pts_us, floor):
    rows = db.execute(
        "SELECT d.box_x, d.box_y, d.box_w, d.box_h FROM object_detections d JOIN object_tracks t "
        "USING (recording_id, track) WHERE t.label = 'person' AND t.confidence >= ? AND d.confidence >= ? "
        "AND d.pts_us = ?", (floor, floor, pts_us)).fetchall()
    return [(x * WIDTH, y * HEIGHT, w * WIDTH, h * HEIGHT) for x, y, w, h in rows]


def score(db, annotation, floor):
    tp = fp = 0
    found = {b[2]: 0 for b in BINS}
    total = {b[2]: 0 for b in BINS}
    ious = []
    for frame in annotation["frames"]:
        pts_us = frame["frame"] * 100_000  # 10 frames a second
        people = [(p[0] + OFFSET_X, p[1] + OFFSET_Y, p[2], p[3]) for p in frame["people"]]
        boxes = stored_boxes(db, pts_us, floor)
        pairs = sorted(((iou(b, p), i, j) for i, b in enumerate(boxes) for j, p in enumerate(people)),
                       reverse=True)
        used_b, used_p = set(), set()
        for value, i, j in pairs:
            if value >= 0.5 and i not in used_b and j not in used_p:
                used_b.add(i)
                used_p.add(j)
                ious.append(value)
        tp += len(used_b)
        fp += len(boxes) - len(used_b)
        for j, p in enumerate(people):
            name = next(n for lo, hi, n in BINS if lo <= p[3] < hi)
            total[name] += 1
            found[name] += j in used_p
    n = sum(total.values())
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / n if n else 0.0,
        "by_height": {k: (found[k], total[k]) for k in total},
        "mean_iou": sum(ious) / len(ious) if ious else 0.0,
    }


def main():
    global WIDTH, HEIGHT, OFFSET_X, OFFSET_Y
    args = sys.argv[1:]
    if args and args[0] == "--embedded":
        size, OFFSET_X, OFFSET_Y = args[1].split("+")[0], *map(int, args[1].split("+")[1:])
        WIDTH, HEIGHT = map(int, size.split("x"))
        args = args[2:]
    db = sqlite3.connect(f"file:{args[0]}?mode=ro", uri=True)
    annotation = json.load(open(args[1]))
    floors = args[2:] or ["default", "0.3", "0.5"]
    print(f"{'floor':>8} {'precision':>9} {'recall':>7} {'mean IoU':>8}  recall by height")
    for floor in floors:
        value = DEFAULT_PERSON if floor == "default" else float(floor)
        s = score(db, annotation, value)
        heights = "  ".join(f"{k}: {f}/{t}" for k, (f, t) in s["by_height"].items())
        label = f"{floor}" if floor != "default" else f"def {value:g}"
        print(f"{label:>8} {s['precision']:9.2f} {s['recall']:7.2f} {s['mean_iou']:8.2f}  {heights}")


if __name__ == "__main__":
    main()
