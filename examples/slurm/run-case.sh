#!/usr/bin/env bash
# Index an exported drive on a Slurm cluster in N shards, then merge them into one catalog.
#   examples/slurm/run-case.sh [--wait] DRIVE CASE.db N [footage index options...]
# Submits an array job (one `footage index --shard K/N` per task) and a merge job that runs
# once every task succeeded (and is cancelled if one failed). Prints both job IDs; with --wait,
# returns when the merge has finished, with its exit status. $FOOTAGE names the binary
# (default: footage on PATH); the shards and the jobs' logs go to CASE-shards/ beside CASE.db.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wait=0
if [[ "${1:-}" == "--wait" ]]; then
    wait=1
    shift
fi
if [[ $# -lt 3 ]]; then
    sed -n '2,8p' "${BASH_SOURCE[0]}" >&2
    exit 2
fi
drive="$(realpath "$1")"
into="$(realpath -m "$2")"
count="$3"
shift 3
shards="$(dirname "$into")/$(basename "$into" .db)-shards"
mkdir -p "$shards"
index_job=$(sbatch --parsable --array=0-$((count - 1)) --output="$shards/index-%A_%a.out" \
    "$here/index-shards.sbatch" "$drive" "$shards" "$@")
echo "index array job $index_job ($count tasks); shards in $shards"
merge=(sbatch --parsable --dependency=afterok:"$index_job" --kill-on-invalid-dep=yes
       --output="$shards/merge-%j.out" "$here/merge.sbatch" "$shards" "$into")
merge_job=$("${merge[@]}")
echo "merge job $merge_job -> $into"
if [[ $wait -eq 1 ]]; then
    # Poll the controller (sbatch --wait backs off to half a minute between checks).
    while true; do
        state=$(scontrol show job "$merge_job" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
        case "$state" in
            COMPLETED) exit 0 ;;
            PENDING | RUNNING | CONFIGURING | COMPLETING | "") sleep 0.5 ;;
            *) echo "merge job $merge_job ended $state; see $shards/*.out" >&2; exit 1 ;;
        esac
    done
fi
