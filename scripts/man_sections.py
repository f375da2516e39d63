#!/usr/bin/env python3
"""Splices each indexer's man-page sections into the command pages.

An indexer documents its own options in its folder, one roff fragment per page it adds to:
indexers/NAME/man/footage-index.roff, footage-search.roff, footage-report.roff. In man/*.1 they
stand between the lines

    .\\" begin indexer options: ...
    .\\" end indexer options

in the indexers' alphabetical order (motion, objects, ...). man/*.1 stay the pages that are
installed and embedded; this script rewrites that part of them (default) or, with --check,
exits 1 naming each page that is not what the fragments make (the test suite runs that).
Usage: scripts/man_sections.py [--check] [REPO]
"""
import pathlib
import re
import sys

BEGIN = re.compile(r'^\.\\" begin indexer options\b.*\n', re.M)
END = re.compile(r'^\.\\" end indexer options\n', re.M)


def spliced(page: pathlib.Path, indexers: list[pathlib.Path]) -> str:
    text = page.read_text()
    begin = BEGIN.search(text)
    if begin is None:
        return text
    end = END.search(text, begin.end())
    if end is None:
        sys.exit(f"{page}: a 'begin indexer options' line without its 'end indexer options'")
    fragments = []
    for folder in indexers:
        fragment = folder / "man" / (page.stem + ".roff")
        if fragment.exists():
            body = fragment.read_text()
            if not body.startswith(".TP\n") or not body.endswith("\n"):
                sys.exit(f"{fragment}: must start with .TP and end with a newline")
            fragments.append(body)
    return text[: begin.end()] + "".join(fragments) + text[end.start():]


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    repo = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parent.parent)
    indexers = sorted(p for p in (repo / "indexers").iterdir() if (p / "man").is_dir())
    stale = []
    for page in sorted((repo / "man").glob("footage*.1")):
        made = spliced(page, indexers)
        if made != page.read_text():
            stale.append(page)
            if not check:
                page.write_text(made)
    if check and stale:
        for page in stale:
            print(f"{page}: its indexer options are not what indexers/*/man/{page.stem}.roff "
                  "make; run scripts/man_sections.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
