#!/usr/bin/python3
"""Generates a CCTV-like H.264 recording (1080p25; 720p25 for heldout) with ground truth, for
bench/motion_bench.sh.

  night: IR-like low contrast (grey, no colour), strong sensor noise, ~3% of the time active:
         a dim figure walking across and one headlight sweep (a soft bright patch crossing the
         scene, as a car's lights do on a wall);
  day:   a textured daylight scene with mild noise, ~20% of the time active: people and cars of
         several sizes and speeds crossing;
  heldout: like the held-out recording of issue 22: 1280x720, an indoor-like grey scene with
         sensor noise and a slow lighting swell (brightness rising and falling over the whole
         length), three short events (~6% of the time): a person, a trolley, a person.

Like a camera: no B-frames, a keyframe every 2 s, constant quality. The length is a stand-in
for an hour (the activity share, not the count of events, is what matters for speed): below
240 s the night's events are shortened so that its share stays ~3%. Skips the work when
DIR/ground_truth.json was made with the same arguments.
Usage: make_cctv.py --kind night|day|heldout --seconds N --out DIR
"""
import argparse
import json
import os
import subprocess
import sys

VERSION = 2
FPS = 25
SIZES = {"night": (1920, 1080), "day": (1920, 1080), "heldout": (1280, 720)}


def beam_png(path):
    """A soft elliptical light patch with alpha (the headlight sweep)."""
    import cv2
    import numpy as np
    w, h = 640, 420
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r = ((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2
    alpha = np.clip(1.0 - r, 0.0, 1.0) ** 1.5 * 200
    image = np.dstack([np.full((h, w), 235, np.uint8)] * 3 + [alpha.astype(np.uint8)])
    cv2.imwrite(path, image)


def plan(kind, seconds):
    """Moving things: (t0, t1, w, h, y, x0, x1, colour, is_beam)."""
    W = SIZES[kind][0]
    things = []
    if kind == "night":
        # ~3%: a figure (4 s) and a headlight sweep (3 s) per 240 s; in a shorter recording both
        # are shorter (the figure walks a shorter way at the same pace) so the share stays ~3%.
        per = max(1, round(seconds / 240))
        span = seconds / per
        scale = min(1.0, span / 240)
        walk, sweep = round(4 * scale, 1), round(3 * scale, 1)
        for i in range(per):
            base = i * span
            t0 = round(base + 0.3 * span, 1)
            things.append((t0, round(t0 + walk, 1), 60, 150, 620, 300, round(300 + 1200 * scale),
                           "0x585858", False))
            t0 = round(base + 0.7 * span, 1)
            things.append((t0, round(t0 + sweep, 1), 640, 420, 360, -640, W, "", True))
    elif kind == "heldout":
        # ~6%: three events of 2% of the length each (3.6 s in 180 s).
        each = round(0.02 * seconds, 1)
        for share, (w, h, y, x0, x1, colour) in zip(
                (0.2, 0.5, 0.8),
                ((40, 110, 420, 200, 900, "0x605850"), (120, 70, 520, 1150, 300, "0x404848"),
                 (36, 100, 400, 1000, 350, "0x585060"))):
            t0 = round(share * seconds, 1)
            things.append((t0, round(t0 + each, 1), w, h, y, x0, x1, colour, False))
    else:
        # ~20%: crossings of 8 s, alternating person-sized and car-sized, both directions.
        count = max(1, round(seconds * 0.2 / 8))
        span = seconds / count
        for i in range(count):
            t0 = round(i * span + span / 2 - 4, 1)
            if i % 2 == 0:
                things.append((t0, t0 + 8, 70, 180, 700, 100, 1700, "0xc05030", False))
            else:
                things.append((t0, t0 + 8, 360, 160, 820, 1800, 0, "0x2040a0", False))
    return things


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", choices=["night", "day", "heldout"], required=True)
    parser.add_argument("--seconds", type=int, default=240)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    stamp = {"generator_version": VERSION, "args": vars(args)}
    truth_path = os.path.join(args.out, "ground_truth.json")
    try:
        if json.load(open(truth_path)).get("stamp") == stamp:
            return
    except (OSError, ValueError):
        pass
    os.makedirs(args.out, exist_ok=True)
    seconds = args.seconds
    things = plan(args.kind, seconds)
    W, H = SIZES[args.kind]
    inputs = ["-f", "lavfi", "-i"]
    if args.kind == "heldout":
        inputs.append(f"color=c=0x6a6a66:s={W}x{H}:r={FPS}:d={seconds}")
        # A corridor-like scene: floor, a doorway, a notice board; the light swells slowly.
        scene = ("drawgrid=w=80:h=80:t=1:c=white@0.12,"
                 "drawbox=x=0:y=560:w=1280:h=160:c=0x55554f:t=fill,"
                 "drawbox=x=820:y=180:w=160:h=380:c=0x4a4a46:t=fill,"
                 "drawbox=x=220:y=200:w=260:h=160:c=0x8a8a80:t=fill")
        noise = (f"eq=brightness='0.06*sin(PI*t/{seconds})':eval=frame,"
                 "noise=c0s=6:c0f=t")
    elif args.kind == "night":
        inputs.append(f"color=c=0x2c2c2c:s={W}x{H}:r={FPS}:d={seconds}")
        # Low-contrast static scene: a wall, a door, a kerb.
        scene = ("drawgrid=w=120:h=90:t=2:c=white@0.06,"
                 "drawbox=x=1200:y=300:w=220:h=420:c=0x3a3a3a:t=fill,"
                 "drawbox=x=0:y=900:w=1920:h=40:c=0x363636:t=fill")
        noise = "noise=c0s=7:c0f=t"
    else:
        inputs.append(f"color=c=0x708090:s={W}x{H}:r={FPS}:d={seconds}")
        scene = ("drawgrid=w=64:h=64:t=2:c=white@0.3,"
                 "drawbox=x=200:y=200:w=500:h=300:c=0x506070:t=fill,"
                 "drawbox=x=1100:y=150:w=600:h=400:c=0x8090a0:t=fill,"
                 "drawbox=x=0:y=980:w=1920:h=100:c=0x404040:t=fill")
        noise = "noise=alls=4:allf=t"
    chains = [f"[0:v]{scene}[s0]"]
    label = "s0"
    index = 1
    beam = os.path.join(args.out, "beam.png")
    events = []
    for n, (t0, t1, w, h, y, x0, x1, colour, is_beam) in enumerate(things):
        if is_beam:
            beam_png(beam)
            inputs += ["-loop", "1", "-framerate", str(FPS), "-t", str(seconds), "-i", beam]
            src = f"[{index}:v]format=yuva420p[m{n}]"
            index += 1
        else:
            src = f"color=c={colour}:s={w}x{h}:r={FPS}:d={seconds}[m{n}]"
        x = f"{x0}+({x1}-{x0})*(t-{t0})/({t1}-{t0})"
        chains.append(src)
        chains.append(f"[{label}][m{n}]overlay=x='{x}':y={y}:enable='between(t,{t0},{t1})'"
                      f"[s{n + 1}]")
        label = f"s{n + 1}"
        events.append({"start_offset": t0, "end_offset": t1,
                       "what": "headlight sweep" if is_beam else "object"})
    chains.append(f"[{label}]{noise},format=yuv420p[out]")
    out = os.path.join(args.out, "ch01_20201103000000.mp4")
    cmd = (["ffmpeg", "-v", "error", "-y", "-nostdin"] + inputs +
           ["-filter_complex", ";".join(chains), "-map", "[out]", "-c:v", "libx264",
            "-preset", "superfast", "-bf", "0", "-g", "50", "-keyint_min", "50",
            "-sc_threshold", "0", "-crf", "28", "-pix_fmt", "yuv420p", "-fflags", "+bitexact",
            "-flags:v", "+bitexact", "-map_metadata", "-1", out])
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        print(f"make_cctv: {out}: ffmpeg failed: {run.stderr.strip()[-400:]}", file=sys.stderr)
        sys.exit(1)
    active = sum(e["end_offset"] - e["start_offset"] for e in events)
    truth = {"stamp": stamp, "seconds": seconds, "active_share": round(active / seconds, 3),
             "events": events}
    with open(truth_path + ".tmp", "w") as f:
        json.dump(truth, f, indent=2)
    os.replace(truth_path + ".tmp", truth_path)


if __name__ == "__main__":
    main()
