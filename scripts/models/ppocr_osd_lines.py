#!/usr/bin/python3
"""Writes, for the OSD reader's generated clips, what the clock's whole line shows during one
second and where it is drawn: the truth a measurement of the text-line recogniser needs
(tests/osd_ocr_test.cpp, OsdLineOcr.DISABLED_ReadsTheGeneratedClocksLines).

For each clip of the sets named (default: tuned, held-out-2 to held-out-5) it gives the line's
text at OSD second start + 3 (before any jump or freeze), the video times that second covers,
and the line's ink box, found by drawing the same text alone on black with the same drawtext
settings (tests/gen/make_osd_clips.py, imported, not changed).

Needs ffmpeg. Usage: ppocr_osd_lines.py CLIPS_DIR OUT.json [SET ...]
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "gen"))
import make_osd_clips as gen  # noqa: E402

SETS = ["tuned", "held-out-2", "held-out-3", "held-out-4", "held-out-5"]
SECOND = 3


def ink_box(case, text, tmp):
    """The box (x, y, width, height) of the line's ink, drawn alone on black."""
    w, h = case["size"]
    textfile = os.path.join(tmp, "line.txt")
    with open(textfile, "w", encoding="utf-8") as f:
        f.write(text)
    draw = gen.drawtext(dict(case, style="outline" if case["style"] == "outline" else "plain"),
                        textfile, expansion="none").replace("fontcolor=#101010", "fontcolor=white")
    raw = subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                          f"color=black:size={w}x{h},format=gray,{draw}", "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    xs, ys = [], []
    for y in range(h):
        row = raw[y * w:(y + 1) * w]
        for x in range(w):
            if row[x] > 60:
                xs.append(x)
                ys.append(y)
    return [min(xs), min(ys), max(xs) + 1 - min(xs), max(ys) + 1 - min(ys)]


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    sets = argv[3:] or SETS
    with open(os.path.join(argv[1], "cases.json"), encoding="utf-8") as f:
        made = {c["name"]: c for c in json.load(f)["cases"]}
    definitions = {c["name"]: c for c in gen.CASES + gen.HELD_OUT + gen.HELD_OUT_3 +
                   gen.HELD_OUT_4 + gen.HELD_OUT_5}
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, truth in made.items():
            if truth.get("set", "tuned") not in sets or name not in definitions:
                continue
            case = definitions[name]
            shown = gen.epoch(case["start"]) + SECOND
            text = datetime.datetime.fromtimestamp(shown, datetime.timezone.utc).strftime(case["fmt"])
            rate = case.get("rate", 1.0)
            lines.append({"name": name, "set": truth.get("set", "tuned"), "file": truth["file"],
                          "text": text, "from_s": SECOND / rate, "to_s": (SECOND + 1) / rate,
                          "box": ink_box(case, text, tmp)})
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump({"second": SECOND, "lines": lines}, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
