#!/usr/bin/python3
"""Recorder container formats no public sample exists for, built from their descriptions.

  dav   Dahua DHAV: one chunk per frame. A chunk is a 24-byte header ("DHAV", type 0xfd for a
        key frame or 0xfc for another frame, channel, frame number, chunk length, the recorder's
        local date-time packed in 32 bits, a millisecond counter, the extension's length), an
        extension (0x80: width/8, height/8; 0x81: codec 2 = H.264, frames per second), the
        frame's Annex B bytes, then the "dhav" trailer with the chunk length again. This is what
        FFmpeg's libavformat/dhav.c reads; the date packs seconds (6 bits), minutes (6), hours
        (5), day (5), month (4) and year - 2000 (6) from the low bits up.
  imkh  Hikvision export: a 40-byte header starting "IMKH", then an MPEG program stream.

Usage: make_recorder_formats.py dav OUT --start 'YYYY-MM-DD hh:mm:ss' [--channel N]
                                        [--seconds S] [--fps F] [--motion]
       make_recorder_formats.py imkh OUT [--seconds S] [--fps F] [--motion]
FFmpeg must read the result back (checked here: its frame count and length), else exit 1.
"""
import argparse
import datetime
import json
import os
import struct
import subprocess
import sys
import tempfile


def fail(message):
    print(f"make_recorder_formats: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd):
    done = subprocess.run(cmd, capture_output=True)
    if done.returncode != 0:
        fail(f"{' '.join(cmd)}: {done.stderr.decode(errors='replace')}")
    return done.stdout


def source(seconds, fps, motion):
    """A grey 320x180 scene; with --motion a white box crosses it from 1 s to 3 s."""
    base = f"color=c=gray:size=320x180:rate={fps}:duration={seconds}"
    if not motion:
        return ["-f", "lavfi", "-i", base]
    box = f"color=c=white:size=60x60:rate={fps}:duration={seconds}"
    move = "[0][1]overlay=x='20+100*(t-1)':y=60:enable='between(t,1,3)'"
    return ["-f", "lavfi", "-i", base, "-f", "lavfi", "-i", box, "-filter_complex", move]


def h264_annexb(seconds, fps, motion):
    """x264 with an access unit delimiter before each frame and SPS/PPS before each key frame."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "stream.h264")
        run(["ffmpeg", "-v", "error", "-y", *source(seconds, fps, motion), "-c:v", "libx264",
             "-g", str(fps), "-bf", "0", "-pix_fmt", "yuv420p",
             "-x264-params", "aud=1:repeat-headers=1", "-f", "h264", out])
        with open(out, "rb") as f:
            return f.read()


def access_units(stream):
    """Splits an Annex B stream at its access unit delimiters (NAL type 9)."""
    starts = []
    i = stream.find(b"\x00\x00\x01")
    while i >= 0:
        nal = stream[i + 3] & 0x1F
        begin = i - 1 if i > 0 and stream[i - 1] == 0 else i
        if nal == 9:
            starts.append(begin)
        i = stream.find(b"\x00\x00\x01", i + 3)
    starts.append(len(stream))
    return [stream[a:b] for a, b in zip(starts, starts[1:]) if b > a]


def is_key(unit):
    i = unit.find(b"\x00\x00\x01")
    while i >= 0:
        if unit[i + 3] & 0x1F == 5:
            return True
        i = unit.find(b"\x00\x00\x01", i + 3)
    return False


def packed_date(t):
    return ((t.year - 2000) << 26 | t.month << 22 | t.day << 17 | t.hour << 12 | t.minute << 6
            | t.second)


def dhav_chunk(unit, number, channel, when, millis, fps, width, height):
    key = is_key(unit)
    ext = b""
    if key:
        ext = bytes([0x80, 0, width // 8, height // 8, 0x81, 0, 2, fps])
    length = 24 + len(ext) + len(unit) + 8
    header = b"DHAV" + struct.pack("<BBBBIIIHBB", 0xFD if key else 0xFC, 0, channel, 0, number,
                                   length, packed_date(when), millis & 0xFFFF, len(ext), 0)
    return header + ext + unit + b"dhav" + struct.pack("<I", length)


def make_dav(out, start, channel, seconds, fps, motion):
    units = access_units(h264_annexb(seconds, fps, motion))
    with open(out, "wb") as f:
        for n, unit in enumerate(units):
            offset_ms = n * 1000 // fps
            when = start + datetime.timedelta(milliseconds=offset_ms)
            f.write(dhav_chunk(unit, n + 1, channel, when, offset_ms, fps, 320, 180))
    return len(units)


def make_imkh(out, seconds, fps, motion):
    with tempfile.TemporaryDirectory() as tmp:
        ps = os.path.join(tmp, "stream.mpg")
        run(["ffmpeg", "-v", "error", "-y", *source(seconds, fps, motion), "-c:v", "libx264",
             "-g", str(fps), "-bf", "0", "-pix_fmt", "yuv420p", "-f", "vob", ps])
        # "IMKH", a version, the system format (MPEG-PS) and the video codec (H.264), padded.
        header = b"IMKH" + struct.pack("<HHHH", 0x0102, 0, 0x0002, 0x0100)
        header += b"\x00" * (40 - len(header))
        with open(ps, "rb") as f, open(out, "wb") as g:
            g.write(header + f.read())
    return seconds * fps


def read_back(path):
    """What FFmpeg itself reads: the container, the frames and the last frame's time."""
    probe = json.loads(run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                            "-show_entries", "stream=codec_name,nb_read_frames:format=format_name",
                            "-of", "json", path]))
    return probe["format"]["format_name"], int(probe["streams"][0]["nb_read_frames"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["dav", "imkh"])
    parser.add_argument("out")
    parser.add_argument("--start", default="2020-11-03 14:00:00")
    parser.add_argument("--channel", type=int, default=0)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--motion", action="store_true")
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if args.kind == "dav":
        start = datetime.datetime.strptime(args.start, "%Y-%m-%d %H:%M:%S")
        frames = make_dav(args.out, start, args.channel, args.seconds, args.fps, args.motion)
        expected = "dhav"
    else:
        frames = make_imkh(args.out, args.seconds, args.fps, args.motion)
        expected = "mpeg"
    container, decoded = read_back(args.out)
    if container != expected or decoded != frames:
        fail(f"{args.out}: FFmpeg reads it as {container} with {decoded} frames, "
             f"expected {expected} with {frames}")
    print(json.dumps({"path": args.out, "container": container, "frames": decoded}))


if __name__ == "__main__":
    main()
