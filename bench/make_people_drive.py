#!/usr/bin/python3
"""Generates a multi-camera drive where the same people appear on several cameras, for
bench/appearance_bench.sh (issue 21): actors are real people cut out of vtest.avi (their
silhouettes against the clip's median background, several steps of their walk), who walk across
three cameras with other backgrounds, sizes and lighting (one dim and bluish, one bright and
warm, each with the light swelling over the recording). Each camera's recording is 100 s at
10 fps, 768x576, H.264, with the actors in view about 20% of the time.

The actors (eight different people, picked by eye) are named in ACTORS.json
(tests/data/people_drive_actors.json) by a second and point of vtest.avi; each is 2 s of the
person track there, in a catalog of vtest.avi made by footage index --objects.
Writes DIR/camN.mp4 and DIR/identities.json (the eval's format: each actor's sightings at the
middle of each walk). Skips the work when DIR/identities.json exists with the same VERSION.
Usage: make_people_drive.py VTEST_CATALOG VTEST_CLIP ACTORS.json DIR
"""
import json
import os
import sqlite3
import subprocess
import sys

import cv2
import numpy as np

VERSION = 2
W, H, FPS, SECONDS = 768, 576, 10, 100
CAMERAS = [  # name, scale, gain (b, g, r), swell, walk y (feet, fraction), direction
    ("cam1", 1.0, (1.0, 1.0, 1.0), 0.15, 0.80, 1),
    ("cam2", 1.25, (0.75, 0.62, 0.55), 0.25, 0.92, -1),
    ("cam3", 0.8, (1.05, 1.2, 1.35), 0.2, 0.70, 1),
]
WALK_SECONDS = 2.5  # 8 actors x 2.5 s of 100 s: 20% of the time


def read_frames(clip):
    capture = cv2.VideoCapture(clip)
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            return frames
        frames.append(frame)


def actor_runs(db, actors):
    """Each actor's 2 s of its track from where tests/data/people_drive_actors.json says."""
    runs = []
    for actor in actors:
        us = int(actor["t"] * 1e6)
        x, y = actor["x"], actor["y"]
        track = db.execute(
            "SELECT d.track FROM object_detections d JOIN object_tracks t USING (recording_id, "
            "track) WHERE t.label = 'person' AND abs(d.pts_us - ?) <= 500000 AND ? BETWEEN "
            "d.box_x AND d.box_x + d.box_w AND ? BETWEEN d.box_y AND d.box_y + d.box_h ORDER BY "
            "abs(d.pts_us - ?), abs(d.box_x + d.box_w / 2 - ?) + abs(d.box_y + d.box_h / 2 - ?) "
            "LIMIT 1", (us, x, y, us, x, y)).fetchone()
        if track is None:
            sys.exit(f"make_people_drive: no person track at {actor}")
        runs.append(db.execute(
            "SELECT pts_us, box_x, box_y, box_w, box_h FROM object_detections WHERE track = ? "
            "AND confidence >= 0.5 AND pts_us BETWEEN ? AND ? ORDER BY pts_us",
            (track[0], us - 500000, us + 2_000_000)).fetchall())
    return runs


def cut(frame, background, box):
    """The person inside `box` (fractions) as BGRA: pixels unlike the median background."""
    x, y, w, h = box
    x0, y0 = int(x * frame.shape[1]), int(y * frame.shape[0])
    x1, y1 = int((x + w) * frame.shape[1]), int((y + h) * frame.shape[0])
    part = frame[y0:y1, x0:x1]
    diff = np.abs(part.astype(int) - background[y0:y1, x0:x1].astype(int)).sum(axis=2)
    mask = (diff > 45).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    if count > 1:
        biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        mask = np.where(labels == biggest, 255, 0).astype(np.uint8)
    return np.dstack([part, cv2.GaussianBlur(mask, (3, 3), 0)])


def backgrounds(median):
    rng = np.random.default_rng(21)
    first = cv2.flip(median, 1)
    tiles = np.full((H, W, 3), (120, 128, 135), np.uint8)
    for yy in range(0, H, 48):
        for xx in range(0, W, 64):
            shade = int(rng.integers(-25, 25))
            cv2.rectangle(tiles, (xx + 1, yy + 1), (xx + 62, yy + 46),
                          tuple(int(c) + shade for c in (110, 120, 130)), -1)
    noise = cv2.GaussianBlur(rng.integers(0, 255, (H // 8, W // 8, 3), dtype=np.uint8), (3, 3), 0)
    grass = cv2.resize(noise, (W, H)) // 3 + np.array((40, 90, 60), np.uint8)
    grass[: H // 3] = (170, 150, 140)  # a wall
    return [first, tiles, grass.astype(np.uint8)]


def paste(canvas, sprite, x_centre, feet_y):
    h, w = sprite.shape[:2]
    x0, y0 = int(x_centre - w / 2), int(feet_y - h)
    sx0, sy0 = max(0, -x0), max(0, -y0)
    x1, y1 = min(W, x0 + w), min(H, y0 + h)
    if x1 <= max(0, x0) or y1 <= max(0, y0):
        return
    region = canvas[max(0, y0):y1, max(0, x0):x1]
    piece = sprite[sy0:sy0 + region.shape[0], sx0:sx0 + region.shape[1]]
    alpha = piece[..., 3:4].astype(np.float32) / 255
    region[:] = (piece[..., :3] * alpha + region * (1 - alpha)).astype(np.uint8)


def main():
    db_path, clip, actors_path, out = sys.argv[1:5]
    done = os.path.join(out, "identities.json")
    if os.path.exists(done) and json.load(open(done)).get("version") == VERSION:
        return
    os.makedirs(out, exist_ok=True)
    frames = read_frames(clip)
    median = np.median(np.stack(frames[:: max(1, len(frames) // 60)]), axis=0).astype(np.uint8)
    actors = []
    for run in actor_runs(sqlite3.connect(db_path), json.load(open(actors_path))["actors"]):
        steps = [cut(frames[min(len(frames) - 1, round(s[0] * 10 / 1e6))], median, s[1:])
                 for s in run]
        actors.append(steps)
    rng = np.random.default_rng(7)
    truth = {"version": VERSION, "label": "person", "identities": []}
    sightings = {a: [] for a in range(len(actors))}
    for (name, scale, gain, swell, feet, direction), background in zip(CAMERAS,
                                                                       backgrounds(median)):
        # Each actor walks once, in another order on each camera, in the active fifth.
        order = rng.permutation(len(actors))
        starts = {int(a): (40 + i * (SECONDS - 8) * FPS // len(actors)) / FPS
                  for i, a in enumerate(order)}
        path = os.path.join(out, f"{name}.mp4")
        encoder = subprocess.Popen(
            ["ffmpeg", "-v", "error", "-y", "-nostdin", "-f", "rawvideo", "-pix_fmt", "bgr24",
             "-s", f"{W}x{H}", "-r", str(FPS), "-i", "-", "-c:v", "libx264", "-preset",
             "veryfast", "-crf", "23", "-g", str(2 * FPS), "-bf", "0", "-pix_fmt", "yuv420p",
             path], stdin=subprocess.PIPE)
        for index in range(SECONDS * FPS):
            t = index / FPS
            canvas = background.copy()
            for actor, start in starts.items():
                if not start <= t < start + WALK_SECONDS:
                    continue
                progress = (t - start) / WALK_SECONDS
                steps = actors[actor]
                sprite = steps[int(t * 4) % len(steps)]
                sprite = cv2.resize(sprite, None, fx=scale * 1.3, fy=scale * 1.3)
                x = W * (0.12 + 0.76 * (progress if direction > 0 else 1 - progress))
                paste(canvas, sprite, x, H * feet)
                if index == round(start * FPS) + round(WALK_SECONDS * FPS / 2):
                    height = sprite.shape[0] / H
                    sightings[actor].append({"recording": f"{name}.mp4", "t": round(t, 2),
                                             "x": round(x / W, 3),
                                             "y": round(feet - height / 2, 3)})
            light = 1.0 + swell * np.sin(2 * np.pi * t / SECONDS)
            lit = canvas.astype(np.float32) * np.array(gain, np.float32) * light
            lit += rng.normal(0, 3, lit.shape).astype(np.float32)
            encoder.stdin.write(np.clip(lit, 0, 255).astype(np.uint8).tobytes())
        encoder.stdin.close()
        encoder.wait()
    for actor, seen in sightings.items():
        truth["identities"].append({"name": f"actor {actor + 1}", "sightings": seen})
    for actor, steps in enumerate(actors):
        cv2.imwrite(os.path.join(out, f"actor{actor + 1}.png"),
                    np.hstack([cv2.resize(s, (60, 150))[..., :3] for s in steps[:4]]))
    json.dump(truth, open(done, "w"), indent=1)


main()
