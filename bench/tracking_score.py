#!/usr/bin/env python3
"""How often the person tracks of vtest.avi's object index follow one person, scored against
tests/data/vtest_tracks.json (who is who, every 0.4 s, over two stretches, by eye).

    bench/tracking_score.py CATALOG_OR_CSV [ANNOTATION]

CATALOG_OR_CSV: a catalog made by `footage index --objects vtest.avi` (its person tracks), or a
CSV of `track,pts_us,x,y,w,h` rows (fractions of the frame), e.g. written by a replay of a
catalog's stored detections, in time order, through another version of the Tracker class.

Each annotated point is mapped to the person track whose box holds it at that time (of several,
the one whose centre is nearest, relative to its size). Per stretch:
  mapped     points held by some track's box (the rest: the detector had no box there)
  switches   an identity's consecutive mapped points on different tracks
  swaps      tracks holding points of two or more identities (what a user sees as one hit
             showing two people), with the identities they hold
  fragments  tracks an identity is spread over, beyond its first
Exit status 0; prints one block per stretch and a JSON line with the figures.
"""
import csv
import json
import os
import sqlite3
import sys
from collections import defaultdict


def load_boxes(source):
    """{pts_us: [(track, x, y, w, h)]} of the person tracks."""
    boxes = defaultdict(list)
    if source.endswith(".csv"):
        with open(source, newline="") as f:
            for row in csv.reader(f):
                if not row or row[0] == "track":
                    continue
                track, pts = int(row[0]), int(row[1])
                boxes[pts].append((track, *map(float, row[2:6])))
        return boxes
    db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT d.track, d.pts_us, d.box_x, d.box_y, d.box_w, d.box_h FROM object_detections d "
        "JOIN object_tracks t USING (recording_id, track) WHERE t.label = 'person'")
    for track, pts, x, y, w, h in rows:
        boxes[pts].append((track, x, y, w, h))
    return boxes


def holder(boxes, pts, x, y):
    best, best_distance = None, None
    for track, bx, by, bw, bh in boxes.get(pts, []):
        if bx <= x <= bx + bw and by <= y <= by + bh:
            distance = max(abs(x - bx - bw / 2) / bw, abs(y - by - bh / 2) / bh)
            if best_distance is None or distance < best_distance:
                best, best_distance = track, distance
    return best


def score(stretch, boxes):
    points = mapped = switches = fragments = 0
    holders = defaultdict(set)  # track: identities
    for identity in stretch["identities"]:
        tracks = []
        for p in identity["points"]:
            points += 1
            track = holder(boxes, int(round(p["t"] * 10)) * 100_000, p["x"], p["y"])
            if track is None:
                continue
            mapped += 1
            if tracks and tracks[-1] != track:
                switches += 1
            tracks.append(track)
            holders[track].add(identity["name"])
        fragments += max(0, len(set(tracks)) - 1)
    swaps = {t: sorted(names) for t, names in holders.items() if len(names) > 1}
    return {"role": stretch["role"], "from": stretch["from"], "to": stretch["to"],
            "identities": len(stretch["identities"]), "points": points, "mapped": mapped,
            "switches": switches, "swaps": len(swaps), "fragments": fragments,
            "swapped": {str(t): names for t, names in sorted(swaps.items())}}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    annotation = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "tests", "data", "vtest_tracks.json")
    with open(annotation) as f:
        stretches = json.load(f)["stretches"]
    boxes = load_boxes(sys.argv[1])
    results = [score(s, boxes) for s in stretches]
    for r in results:
        print(f"{r['role']} {r['from']}-{r['to']} s: {r['identities']} people, "
              f"{r['mapped']}/{r['points']} points on a track; switches {r['switches']}, "
              f"swaps {r['swaps']}, fragments {r['fragments']}")
        for track, names in r["swapped"].items():
            print(f"  track {track} holds: " + " | ".join(names))
    print(json.dumps([{k: r[k] for k in ("role", "mapped", "points", "switches", "swaps",
                                          "fragments")} for r in results]))


if __name__ == "__main__":
    main()
