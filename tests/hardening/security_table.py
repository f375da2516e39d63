#!/usr/bin/env python3
"""SECURITY.md's results tables, rendered from the rows the test run wrote.

Each row (one line of a results/*.tsv file) is: group, what was tried, what footage did as the
test observed it, and the test that shows it. SECURITY.md holds one table per group between
`<!-- results:GROUP begin -->` and `<!-- results:GROUP end -->`.

  security_table.py --results DIR --security SECURITY.md --groups a,b [--reports DIR] [--write]

Without --write it checks: every row this run produced must be in SECURITY.md as it is, and
(with $FOOTAGE_REQUIRE_ALL_RESULTS=1, as scripts/test.sh sets for a full run) every committed
row of the groups given must have been produced. With --write it rewrites those tables.
"""
import argparse
import os
import pathlib
import re
import sys

HEADER = "| Tried | Result, as observed by the test run | Shown by |\n|---|---|---|\n"


def cell(text):
    return text.replace("|", "\\|")


def read_rows(results, reports):
    rows = {}
    for tsv in sorted(pathlib.Path(results).glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8", errors="replace").splitlines():
            fields = line.split("\t")
            if len(fields) != 4:
                sys.exit(f"{tsv}: malformed row: {line!r}")
            group, tried, result, test = fields
            rows.setdefault(group, {})[tried] = (result, test)
    if reports is not None:
        found = sorted(p for p in pathlib.Path(reports).glob("*") if p.is_file()) \
            if pathlib.Path(reports).is_dir() else []
        for report in found:
            print(f"--- sanitizer report {report}:\n{report.read_text(errors='replace')}")
        result = "no report" if not found else f"{len(found)} reports (see the test log)"
        rows.setdefault("sanitizers", {})[
            "the unit, end-to-end (all but the detector, Chromium and documentation tests), "
            "hardening and fuzz tests under ASan, UBSan and LeakSanitizer"] = (result, "ctest in a FOOTAGE_SANITIZE build")
    return rows


def render(group_rows):
    lines = [f"| {cell(tried)} | {cell(result)} | {cell(test)} |"
             for tried, (result, test) in sorted(group_rows.items())]
    return HEADER + "\n".join(lines) + "\n"


def committed_rows(table):
    rows = {}
    for line in table.splitlines()[2:]:
        parts = [p.strip().replace("\\|", "|")
                 for p in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(parts) == 3:
            rows[parts[0]] = (parts[1], parts[2])
    return rows


def section(group):
    return re.compile(rf"(<!-- results:{re.escape(group)} begin -->\n)(.*?)(<!-- results:{re.escape(group)} end -->)", re.S)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--reports")
    parser.add_argument("--security", required=True)
    parser.add_argument("--groups", required=True)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    groups = [g for g in args.groups.split(",") if g]
    rows = read_rows(args.results, args.reports if "sanitizers" in groups else None)
    security = pathlib.Path(args.security)
    text = security.read_text(encoding="utf-8")
    require_all = os.environ.get("FOOTAGE_REQUIRE_ALL_RESULTS") == "1"
    failures = []
    for group in groups:
        match = section(group).search(text)
        if match is None:
            failures.append(f"{security}: no <!-- results:{group} begin/end --> section")
            continue
        produced = rows.get(group, {})
        if args.write:
            if produced:
                text = text[:match.start(2)] + render(produced) + text[match.end(2):]
            continue
        committed = committed_rows(match.group(2))
        for tried, (result, test) in sorted(produced.items()):
            if committed.get(tried) != (result, test):
                failures.append(f"[{group}] this run: {tried!r} -> {result!r} ({test}); "
                                f"SECURITY.md says: {committed.get(tried)!r}")
        missing = sorted(set(committed) - set(produced))
        for tried in missing:
            message = f"[{group}] not produced by this run: {tried!r}"
            (failures if require_all else []).append(message)
            if not require_all:
                print("note: " + message)
    if args.write:
        security.write_text(text, encoding="utf-8")
        print(f"{security}: tables {', '.join(groups)} rewritten from {args.results}")
        return 0
    if failures:
        print("SECURITY.md does not match what this test run observed:")
        print("\n".join(failures))
        print("If the change is intended, run: tests/hardening/security_table.py --write "
              f"--results {args.results} --security {args.security} --groups {args.groups}")
        return 1
    print(f"SECURITY.md matches this run ({sum(len(rows.get(g, {})) for g in groups)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
