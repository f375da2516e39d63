#!/usr/bin/python3
"""An independent BagIt 1.0 (RFC 8493) validator for the tests: standard library only, sharing
no code with footage. Usage: bagit_validate.py BAG. Exit 0 valid, 1 invalid (reasons on stdout).
Checks: bagit.txt declaration; every manifest-<alg>.txt and tagmanifest-<alg>.txt entry present
and matching; every payload file listed in every payload manifest; Payload-Oxum; no path
leaving the bag."""
import hashlib
import os
import re
import sys


def entries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line:
                digest, name = line.split(None, 1)
                name = name.lstrip("*").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
                yield digest.lower(), name


def main(bag):
    problems = []
    with open(os.path.join(bag, "bagit.txt"), encoding="utf-8") as f:
        declaration = f.read().splitlines()
    if declaration[:2] != ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"]:
        problems.append("bagit.txt: bad declaration")
    payload = set()
    for root, _, files in os.walk(os.path.join(bag, "data")):
        for name in files:
            payload.add(os.path.relpath(os.path.join(root, name), bag).replace(os.sep, "/"))
    manifests = [m for m in os.listdir(bag) if re.fullmatch(r"manifest-[a-z0-9]+\.txt", m)]
    if not manifests:
        problems.append("no payload manifest")
    tagmanifests = [m for m in os.listdir(bag) if re.fullmatch(r"tagmanifest-[a-z0-9]+\.txt", m)]
    for manifest in sorted(manifests + tagmanifests):
        algorithm = manifest.split("-", 1)[1][:-4]
        listed = set()
        for digest, name in entries(os.path.join(bag, manifest)):
            full = os.path.realpath(os.path.join(bag, name))
            if not full.startswith(os.path.realpath(bag) + os.sep):
                problems.append(f"{name}: outside the bag")
                continue
            listed.add(name)
            if not os.path.isfile(full):
                problems.append(f"{name}: missing")
                continue
            with open(full, "rb") as f:
                if hashlib.new(algorithm, f.read()).hexdigest() != digest:
                    problems.append(f"{name}: {algorithm} mismatch")
        if manifest.startswith("manifest-"):
            for name in sorted(payload - listed):
                problems.append(f"{name}: not in {manifest}")
    info = {}
    with open(os.path.join(bag, "bag-info.txt"), encoding="utf-8") as f:
        for line in f:
            if ":" in line:
                key, value = line.split(":", 1)
                info[key.strip()] = value.strip()
    octets = sum(os.path.getsize(os.path.join(bag, p)) for p in payload)
    if info.get("Payload-Oxum") != f"{octets}.{len(payload)}":
        problems.append(f"bag-info.txt: Payload-Oxum {info.get('Payload-Oxum')} != {octets}.{len(payload)}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
