#!/usr/bin/python3
"""Checks examples/k8s (there is no cluster here): valid YAML, an Indexed Job whose pods pass
JOB_COMPLETION_INDEX as --shard K/N with N equal to the Job's completions, and a merge Job
that merges the same shard files. Usage: k8s_manifests_test.py SOURCE_DIR"""
import os
import re
import sys

import yaml


def main(source):
    folder = os.path.join(source, "examples", "k8s")
    with open(os.path.join(folder, "index-job.yaml")) as f:
        index = yaml.safe_load(f)
    with open(os.path.join(folder, "merge-job.yaml")) as f:
        merge = yaml.safe_load(f)
    assert index["kind"] == "Job" and index["apiVersion"] == "batch/v1"
    spec = index["spec"]
    assert spec["completionMode"] == "Indexed", "the index Job must be Indexed"
    command = " ".join(spec["template"]["spec"]["containers"][0]["args"])
    shard = re.search(r"--shard \$\{JOB_COMPLETION_INDEX\}/(\d+)", command)
    assert shard, "pods must pass JOB_COMPLETION_INDEX as --shard K/N"
    assert int(shard.group(1)) == spec["completions"], "N in --shard must equal completions"
    db = re.search(r"--db (\S+)", command).group(1)
    merge_command = " ".join(merge["spec"]["template"]["spec"]["containers"][0]["args"])
    assert merge["kind"] == "Job" and "footage merge" in merge_command
    pattern = db.replace("${JOB_COMPLETION_INDEX}", "*")
    assert pattern in merge_command, f"merge must read {pattern}"
    print("k8s manifests: ok")


if __name__ == "__main__":
    main(sys.argv[1])
