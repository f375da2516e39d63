#!/usr/bin/python3
"""Issue 20's measure through the command a user runs: `footage index --osd` on every generated
OSD clip (tests/gen/make_osd_clips.py, the clips and truths of the reader test), then the start
`footage recordings --json` shows for it against the truth. The reader test
(OsdReader.ReadsTheGeneratedClocksToTheSecond) reads each clip's frames 4 a second from start to
end; the indexer reads what it would read in a recording of any length (the first 12 s, then
short bursts), so this is the figure a recording gets. Each clip is indexed twice: as a user
runs it (`index --osd`, the motion index on: the pass then samples 5 frames a second) and with
`--no-motion` (the OSD alone: 4 a second, the frames the reader test reads).

Right: format and OSD start within 1 s of the truth; with `ambiguous_date_order`, either order
may match (the flag says so). Wrong without a flag: a start shown with no flag that is not right.
Each clip is indexed with --camera and --start: the truth's date hint as the start when it has
one (as a file name would give it), else 2000-01-01 (a date the OSD does not show, so that
nothing is settled by it).

Usage: bench/osd_index_score.py [CLIPS_DIR]   (default: build/testdata/osd; FOOTAGE_BUILD_DIR;
FOOTAGE_OSD_CLIP=NAME scores that one clip)
"""
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
build = pathlib.Path(os.environ.get("FOOTAGE_BUILD_DIR", root / "build"))
footage = str(build / "footage")
clips = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else build / "testdata" / "osd"
if not (clips / "cases.json").exists():
    sys.exit(f"osd_index_score: {clips / 'cases.json'} is missing (ctest -R generate_osd_clips)")
cases = json.loads((clips / "cases.json").read_text())["cases"]
only = os.environ.get("FOOTAGE_OSD_CLIP")  # NAME: that one clip (while working on it)
if only:
    cases = [c for c in cases if c["name"] == only]


MODES = {"index --osd": [], "index --osd --no-motion": ["--no-motion"]}


def score(case, db, flags):
    start = (case["hint"] or "2000-01-01") + " 00:00:00"
    run = subprocess.run([footage, "index", "-q", "--osd", *flags, "--db", db, "--tz", "UTC",
                          "--camera", "c", "--start", start, str(clips / case["file"])],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return False, False, "index failed: " + run.stderr.strip()
    shown = json.loads(subprocess.run([footage, "recordings", "--db", db, "--json"],
                                      capture_output=True, text=True, check=True).stdout)
    osd = shown["recordings"][0].get("osd")
    if not osd or not osd.get("start"):
        return False, False, "nothing read"
    flags = set(osd.get("flags", []))
    read = datetime.datetime.fromisoformat(osd["start"]).replace(tzinfo=None)
    truth = datetime.datetime.fromisoformat(case["osd_at_zero"])
    candidates = [read]
    formats = {osd.get("format")}
    if "ambiguous_date_order" in flags:
        formats.add(osd.get("alternative_format"))
        try:
            candidates.append(read.replace(month=read.day, day=read.month))
        except ValueError:
            pass
    error = min(abs((c - truth).total_seconds()) for c in candidates)
    right = error <= 1.0 and case["format"] in formats
    return right, not right and not flags, f"{error:.2f} s off, {osd.get('format')}, flags {sorted(flags)}"


right = {mode: 0 for mode in MODES}
unflagged = {mode: 0 for mode in MODES}
with tempfile.TemporaryDirectory() as work:
    for case in cases:
        for mode, flags in MODES.items():
            db = os.path.join(work, f"{case['name']}{'-'.join(flags)}.db")
            ok, wrong_unflagged, note = score(case, db, flags)
            right[mode] += ok
            unflagged[mode] += wrong_unflagged
            outcome = "right" if ok else "WRONG, unflagged" if wrong_unflagged else "miss"
            print(f"{case['name']:42} {mode:24} {outcome}  {note}")
for mode in MODES:
    print(f"{mode}: {right[mode]} of {len(cases)} right ({100 * right[mode] / len(cases):.0f}%), "
          f"{unflagged[mode]} wrong without a flag")
