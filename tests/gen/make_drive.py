#!/usr/bin/python3
"""Generates a small synthetic "exported CCTV drive" with ground truth, for tests and the demo.

Standard library only; drives the ffmpeg CLI with lavfi sources. Deterministic: the same
arguments give the same bytes. Skips the work when DIR/ground_truth.json was made by the same
generator version with the same arguments.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

VERSION = 3
ZONE = "Asia/Ho_Chi_Minh"
W, H, FPS = 320, 180, 10
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1"]


def fail(message):
    print(f"make_drive: {message}", file=sys.stderr)
    sys.exit(1)


def ffmpeg(args, out):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = ["ffmpeg", "-v", "error", "-y", "-nostdin"] + args + [out]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{out}: ffmpeg failed: {run.stderr.strip()[-400:]}")


def box_overlays(boxes, base, seconds, fps):
    """White boxes moving left to right between t0 and t1 (seconds from the file's start).

    drawbox evaluates its position once, so each box is a white source overlaid per frame.
    Returns the filter_complex chains and the label of the result."""
    chains, label = [], base
    for i, box in enumerate(boxes):
        t0, t1, size, y = box["t0"], box["t1"], box["size"], box["y"]
        x0, x1 = box.get("x0", 0), box.get("x1", W - size)
        x = f"{x0}+({x1}-{x0})*(t-{t0})/({t1}-{t0})"
        chains.append(f"color=c=white:s={size}x{size}:r={fps}:d={seconds}[box{i}]")
        chains.append(f"[{label}][box{i}]overlay=x='{x}':y={y}:enable='between(t,{t0},{t1})'"
                      f"[with{i}]")
        label = f"with{i}"
    return chains, label


def video(out, seconds, seed, boxes=(), swell=False, metadata=(), faststart=True, gen=None):
    fps = gen or FPS
    base = ["geq=lum='60+60*X/W+30*Y/H':cb=128:cr=128"]
    if swell:
        base.append("eq=brightness='0.12*sin(PI*(t-5)/20)*between(t,5,25)':eval=frame")
    chains, label = box_overlays(boxes, "base", seconds, fps)
    graph = ";".join([f"[0:v]{','.join(base)}[base]"] + chains +
                     [f"[{label}]noise=alls=6:allf=t:all_seed={seed},format=yuv420p[out]"])
    args = ["-f", "lavfi", "-i", f"color=c=black:s={W}x{H}:r={fps}:d={seconds}",
            "-filter_complex", graph, "-map", "[out]", "-c:v", "libx264", "-preset", "veryfast",
            "-g", "20", "-pix_fmt", "yuv420p", "-threads", "1"] + BITEXACT
    for key, value in metadata:
        args += ["-metadata", f"{key}={value}"]
    if faststart:
        args += ["-movflags", "+faststart"]
    ffmpeg(args, out)


def iso(seconds_after_1400):
    s = int(round(seconds_after_1400))
    return f"2020-11-03T14:{s // 60:02d}:{s % 60:02d}+07:00"


def event(camera, t0, t1, box, crosses=False):
    size, y = box["size"], box["y"]
    x0, x1 = box.get("x0", 0), box.get("x1", W - size)
    return {"camera": camera, "start": iso(t0), "end": iso(t1),
            "region": [round(min(x0, x1) / W, 4), round(y / H, 4),
                       round((abs(x1 - x0) + size) / W, 4), round(size / H, 4)],
            "size": [size, size], "crosses_file_boundary": crosses}


def make_test_drive(out):
    files, events = [], []

    def ok(rel, camera, start_s, seconds):
        files.append({"path": rel, "camera": camera, "start": None if start_s is None else iso(start_s),
                      "duration": seconds, "status": "ok"})

    # ch01, Hikvision names, two consecutive 30 s files: a large box 10-16 s, and one crossing
    # the boundary 27-33 s.
    big = {"t0": 10, "t1": 16, "size": 60, "y": 60}
    cross1 = {"t0": 27, "t1": 30, "size": 40, "y": 20, "x0": 0, "x1": 140}
    cross2 = {"t0": 0, "t1": 3, "size": 40, "y": 20, "x0": 140, "x1": 280}
    video(f"{out}/NVR/ch01_20201103140000_20201103140030.mp4", 30, 1, [big, cross1])
    video(f"{out}/NVR/ch01_20201103140030_20201103140100.mp4", 30, 2, [cross2])
    ok("NVR/ch01_20201103140000_20201103140030.mp4", "ch01", 0, 30)
    ok("NVR/ch01_20201103140030_20201103140100.mp4", "ch01", 30, 30)
    events.append(event("ch01", 10, 16, big))
    events.append(dict(event("ch01", 27, 33, {"size": 40, "y": 20, "x0": 0, "x1": 280}), crosses_file_boundary=True))

    # ch02, Dahua export name: a small box (~4% of the width) for one second.
    small = {"t0": 20, "t1": 21, "size": 12, "y": 100, "x0": 100, "x1": 160}
    video(f"{out}/NVR_ch2_main_20201103140000_20201103140030.mp4", 30, 3, [small])
    ok("NVR_ch2_main_20201103140000_20201103140030.mp4", "ch02", 0, 30)
    events.append(event("ch02", 20, 21, small))

    # IP-named camera: a slow 20 s illumination swell and no object.
    video(f"{out}/192.168.1.64_03_20201103140000_20201103140030.mp4", 30, 4, swell=True)
    ok("192.168.1.64_03_20201103140000_20201103140030.mp4", "192.168.1.64/ch03", 0, 30)

    # Folder style, fully static.
    video(f"{out}/cam04/2020-11-03/14-00-00.mp4", 30, 5)
    ok("cam04/2020-11-03/14-00-00.mp4", "cam04", 0, 30)

    # A name that says nothing; the container's creation_time says 07:00Z (14:00 +07:00).
    nameless = {"t0": 5, "t1": 8, "size": 50, "y": 80}
    video(f"{out}/export/clip_0001.mp4", 10, 6, [nameless],
          metadata=[("creation_time", "2020-11-03T07:00:00.000000Z")])
    ok("export/clip_0001.mp4", None, 0, 10)
    files[-1]["start"] = iso(0)
    events.append(event(None, 5, 8, nameless))

    # Broken files, named like recordings so content must decide.
    tmp = f"{out}/.tmp_full.mp4"
    video(tmp, 10, 7, faststart=False)
    data = open(tmp, "rb").read()
    os.remove(tmp)
    with open(f"{out}/NVR/ch05_20201103140000.mp4", "wb") as f:
        f.write(data[: int(len(data) * 0.4)])
    open(f"{out}/NVR/ch06_20201103140000.mp4", "wb").close()
    with open(f"{out}/NVR/ch07_20201103140000.mp4", "w") as f:
        f.write("not a video\n")
    ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-c:a", "aac"] + BITEXACT,
           f"{out}/NVR/ch08_20201103140000.mp4")
    for name, reason in [("ch05", "truncated"), ("ch06", "empty"), ("ch07", "not_video"),
                         ("ch08", "no_video_stream")]:
        files.append({"path": f"NVR/{name}_20201103140000.mp4", "camera": name,
                      "start": None, "duration": 0, "status": "bad", "reason": reason})
    return files, events, ["192.168.1.64/ch03", "cam04"]


CLOCK_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"


def clock_text(textfile, where, width, height, box_y):
    """A recorder's burned-in clock, "2020-11-03 00:00:00" at the file's start and running with
    it: white with a black outline, 1/20 of the height, at the top left ("top") or across the
    path of the bench's boxes ("path"). The text is in a file: no filtergraph escaping."""
    with open(textfile, "w") as f:
        f.write("%{pts:gmtime:1604361600:%Y-%m-%d %H\\:%M\\:%S}")
    size = max(10, height // 20)
    y = height // 30 if where == "top" else box_y + size // 2
    return (f"drawtext=fontfile={CLOCK_FONT}:fontsize={size}:fontcolor=white:borderw=2:"
            f"bordercolor=black:x={width // 24}:y={y}:textfile={textfile}")


def make_bench_drive(out, hours, width, height, active, box=0, burst=10.0, clock=None):
    """One camera-like file: textured static scene, sensor noise, no B-frames, a keyframe every
    2 s, and `active` of the time a box of `box` px (default width/12) crossing the frame in
    bursts of `burst` seconds; with `clock`, a burned-in clock (clock_text)."""
    seconds = max(10, int(hours * 3600))
    bursts = int(seconds * active / burst)
    spacing = seconds / max(bursts, 1)
    boxes, events = [], []
    size = box or max(16, width // 12)
    for i in range(bursts):
        t0 = round(i * spacing + spacing / 2 - burst / 2, 1)
        boxes.append({"t0": t0, "t1": t0 + burst, "size": size, "y": height // 3, "x0": 0,
                      "x1": width - size})
        events.append({"camera": "ch01", "start_offset": t0, "end_offset": t0 + burst})
    # A grid is texture enough and, unlike geq, cheap at 1080p.
    chains, label = box_overlays(boxes, "base", seconds, 25)
    with tempfile.TemporaryDirectory() as scratch:
        osd = "," + clock_text(f"{scratch}/clock.txt", clock, width, height,
                               height // 3) if clock else ""
        graph = ";".join([f"[0:v]drawgrid=w=64:h=64:t=2:c=white@0.4[base]"] + chains +
                         [f"[{label}]noise=alls=4:allf=t:all_seed=9{osd},format=yuv420p[out]"])
        ffmpeg(["-f", "lavfi", "-i", f"color=c=0x404850:s={width}x{height}:r=25:d={seconds}",
                "-filter_complex", graph, "-map", "[out]", "-c:v", "libx264", "-preset",
                "ultrafast", "-g", "50", "-pix_fmt", "yuv420p"] + BITEXACT,
               f"{out}/ch01_20201103000000.mp4")
    files = [{"path": "ch01_20201103000000.mp4", "camera": "ch01", "start": "2020-11-03T00:00:00+07:00",
              "duration": seconds, "status": "ok"}]
    return files, events, []


def make_night_drive(out, hours, width, height, box, burst):
    """One IR-like night file: low-contrast grey scene, strong sensor noise, 25 fps with a
    keyframe every 2 s, and one dim box of `box` px crossing for `burst` seconds inside a GOP
    (between two keyframes, so neither keyframe shows it)."""
    seconds = max(8, int(hours * 3600))
    size = box or max(8, width // 12)
    t0 = round(2 * (seconds // 4) + 1 - burst / 2, 2)
    t0 = max(t0, 2.2)
    t1 = round(t0 + burst, 2)
    box_def = {"t0": t0, "t1": t1, "size": size, "y": height // 2, "x0": width // 4,
               "x1": width // 2}
    chains = [f"color=c=0x505050:s={size}x{size}:r=25:d={seconds}[box0]",
              f"[base][box0]overlay=x='{box_def['x0']}+({box_def['x1']}-{box_def['x0']})*"
              f"(t-{t0})/({t1}-{t0})':y={box_def['y']}:enable='between(t,{t0},{t1})'[with0]"]
    graph = ";".join([f"[0:v]drawgrid=w=40:h=30:t=1:c=white@0.06[base]"] + chains +
                     ["[with0]noise=c0s=10:c0f=t:all_seed=5,format=yuv420p[out]"])
    ffmpeg(["-f", "lavfi", "-i", f"color=c=0x2c2c2c:s={width}x{height}:r=25:d={seconds}",
            "-filter_complex", graph, "-map", "[out]", "-c:v", "libx264", "-preset", "superfast",
            "-bf", "0", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-crf", "26",
            "-pix_fmt", "yuv420p", "-threads", "1"] + BITEXACT,
           f"{out}/ch01_20201103000000.mp4")
    files = [{"path": "ch01_20201103000000.mp4", "camera": "ch01",
              "start": "2020-11-03T00:00:00+07:00", "duration": seconds, "status": "ok"}]
    events = [{"camera": "ch01", "start_offset": t0, "end_offset": t1}]
    return files, events, []


def make_indoor_drive(out, hours, width, height):
    """One dim indoor file like issue 22's held-out recording, made small: a grey corridor,
    sensor noise, a slow lighting swell over the whole length, 25 fps with a keyframe every 2 s,
    and two short crossings (1.2 s each, inside a GOP, so no keyframe shows them): a person-like
    and a trolley-like shape of little contrast."""
    seconds = max(30, int(round(hours * 3600)))
    sx, sy = width / 320, height / 180
    scene = (f"drawgrid=w={round(20 * sx)}:h={round(20 * sy)}:t=1:c=white@0.12,"
             f"drawbox=x=0:y={round(140 * sy)}:w={width}:h={round(40 * sy)}:c=0x55554f:t=fill,"
             f"drawbox=x={round(205 * sx)}:y={round(45 * sy)}:w={round(40 * sx)}:h={round(95 * sy)}"
             ":c=0x4a4a46:t=fill,"
             f"drawbox=x={round(55 * sx)}:y={round(50 * sy)}:w={round(65 * sx)}:h={round(40 * sy)}"
             ":c=0x8a8a80:t=fill")
    shapes = [(0.3, 0.5, 10, 28, 105, 50, 225, "0x605850"),
              (0.68, 0.6, 30, 18, 130, 290, 75, "0x404848")]
    chains, label, events = [f"[0:v]{scene}[s0]"], "s0", []
    for n, (share, offset, w, h, y, x0, x1, colour) in enumerate(shapes):
        t0 = round(2 * round(share * seconds / 2) + offset, 1)
        t1 = round(t0 + 1.2, 1)
        x0, x1 = round(x0 * sx), round(x1 * sx)
        chains.append(f"color=c={colour}:s={round(w * sx)}x{round(h * sy)}:r=25:d={seconds}[m{n}]")
        chains.append(f"[{label}][m{n}]overlay=x='{x0}+({x1}-{x0})*(t-{t0})/({t1}-{t0})'"
                      f":y={round(y * sy)}:enable='between(t,{t0},{t1})'[s{n + 1}]")
        label = f"s{n + 1}"
        events.append({"camera": "ch01", "start_offset": t0, "end_offset": t1})
    chains.append(f"[{label}]eq=brightness='0.06*sin(PI*t/{seconds})':eval=frame,"
                  "noise=c0s=6:c0f=t:all_seed=3,format=yuv420p[out]")
    ffmpeg(["-f", "lavfi", "-i", f"color=c=0x6a6a66:s={width}x{height}:r=25:d={seconds}",
            "-filter_complex", ";".join(chains), "-map", "[out]", "-c:v", "libx264",
            "-preset", "superfast", "-bf", "0", "-g", "50", "-keyint_min", "50",
            "-sc_threshold", "0", "-crf", "28", "-pix_fmt", "yuv420p", "-threads", "1"] + BITEXACT,
           f"{out}/ch01_20201103000000.mp4")
    files = [{"path": "ch01_20201103000000.mp4", "camera": "ch01",
              "start": "2020-11-03T00:00:00+07:00", "duration": seconds, "status": "ok"}]
    return files, events, []


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--profile", choices=["test", "demo", "bench", "night", "indoor"], default="test")
    parser.add_argument("--hours", type=float, default=0.05)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--active-fraction", type=float, default=0.1)
    parser.add_argument("--box", type=int, default=0, help="bench: box size in px")
    parser.add_argument("--burst", type=float, default=10.0, help="bench: seconds per burst")
    parser.add_argument("--clock", choices=["top", "path"],
                        help="bench: a burned-in clock at the top left or across the boxes' path")
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        fail("needs the ffmpeg command (apt-get install ffmpeg)")
    stamp = {"generator_version": VERSION, "args": vars(args)}
    truth_path = os.path.join(args.out, "ground_truth.json")
    if os.path.exists(truth_path):
        try:
            old = json.load(open(truth_path))
            if old.get("generator_version") == VERSION and old.get("args") == vars(args):
                return
        except (OSError, ValueError):
            pass
        shutil.rmtree(args.out)
    os.makedirs(args.out, exist_ok=True)
    if args.profile == "bench":
        files, events, still = make_bench_drive(args.out, args.hours, args.width, args.height,
                                                args.active_fraction, args.box, args.burst,
                                                args.clock)
    elif args.profile == "night":
        files, events, still = make_night_drive(args.out, args.hours, args.width, args.height,
                                                args.box, args.burst)
    elif args.profile == "indoor":
        files, events, still = make_indoor_drive(args.out, args.hours, args.width, args.height)
    else:
        files, events, still = make_test_drive(args.out)
    truth = dict(stamp, zone=ZONE, files=files, events=events, no_motion_cameras=still)
    with open(truth_path + ".tmp", "w") as f:
        json.dump(truth, f, indent=2)
    os.replace(truth_path + ".tmp", truth_path)


if __name__ == "__main__":
    main()
