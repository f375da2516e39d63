#!/usr/bin/python3
"""Checks a folder written by `footage report`: index.html is self-contained, every image it
shows exists inside the folder and decodes (JPEG through ffmpeg, SVG as XML with a size), every
image report.json names is shown, and report.json validates against the schema.

Usage: check_report.py DIR SCHEMA. Prints a JSON summary; exit 0 when every check holds, else 1
with each failure on stderr. Needs Debian's python3-jsonschema (run with /usr/bin/python3).
"""
import html.parser
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import jsonschema


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.external, self.hit_ids, self.bags = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        for name in ("src", "href"):
            value = attrs.get(name)
            if value is not None and tag != "img" and not value.startswith("#"):
                self.external.append(f"<{tag} {name}={value!r}>")
        if tag == "link":
            self.external.append(f"<link {attrs}>")
        if "data-hit-id" in attrs:
            self.hit_ids.append(attrs["data-hit-id"])
        if "data-bag" in attrs:
            self.bags.append(attrs["data-bag"])


def decodes_jpeg(path):
    run = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-f", "null", "-"],
                         capture_output=True, text=True)
    if run.returncode != 0 or run.stderr.strip():
        return f"ffmpeg cannot decode it: {run.stderr.strip()[-300:]}"
    with open(path, "rb") as f:
        if f.read(2) != b"\xff\xd8":
            return "not a JPEG (no SOI marker)"
    return None


def decodes_svg(path):
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        return f"not well-formed XML: {error}"
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        return f"root element is {root.tag}, not svg"
    if not root.get("width") or not root.get("height"):
        return "no width/height (no natural size in <img>)"
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    folder, schema_path = sys.argv[1], sys.argv[2]
    failures = []
    with open(os.path.join(folder, "index.html"), "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        failures.append(f"index.html is not UTF-8: {error}")
        text = raw.decode("utf-8", "replace")
    page = Page()
    page.feed(text)
    failures += [f"index.html refers outside itself: {ref}" for ref in page.external]
    counts = {"jpeg": 0, "svg": 0}
    real_folder = os.path.realpath(folder)
    for src in page.images:
        path = os.path.realpath(os.path.join(folder, src))
        if "://" in src or not path.startswith(real_folder + os.sep):
            failures.append(f"{src}: not inside the report folder")
            continue
        if not os.path.isfile(path):
            failures.append(f"{src}: missing")
            continue
        if src.endswith(".jpg"):
            problem, counts["jpeg"] = decodes_jpeg(path), counts["jpeg"] + 1
        elif src.endswith(".svg"):
            problem, counts["svg"] = decodes_svg(path), counts["svg"] + 1
        else:
            problem = "neither .jpg nor .svg"
        if problem:
            failures.append(f"{src}: {problem}")

    with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
        report = json.load(f)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    for error in validator.iter_errors(report):
        failures.append(f"report.json{''.join(f'[{p!r}]' for p in error.path)}: {error.message}")

    named = [c.get("chart") for c in report.get("cameras", [])]
    for hit in report.get("hits", []):
        named.append(hit.get("thumbnail"))
        if hit.get("contact_sheet"):
            named.append(hit["contact_sheet"].get("image"))
        if hit.get("id") not in page.hit_ids:
            failures.append(f"hit {hit.get('id')}: in report.json, not in index.html")
    for name in named:
        if name and name not in page.images:
            failures.append(f"{name}: in report.json, not shown in index.html")
    json_ids = {hit.get("id") for hit in report.get("hits", [])}
    for hit_id in page.hit_ids:
        if hit_id not in json_ids:
            failures.append(f"hit {hit_id}: in index.html, not in report.json")
    json_bags = [bag.get("path") for bag in report.get("bags", [])]
    if sorted(json_bags) != sorted(page.bags):
        failures.append(f"bags differ: report.json {json_bags}, index.html {page.bags}")

    for failure in failures:
        print(f"check_report: {failure}", file=sys.stderr)
    print(json.dumps({"images": len(page.images), **counts, "hits": len(page.hit_ids),
                      "bags": len(page.bags), "failures": len(failures)}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
