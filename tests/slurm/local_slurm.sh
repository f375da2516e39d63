#!/usr/bin/env bash
# Starts a real single-node Slurm cluster (munge, slurmctld, slurmd) on localhost, private to
# WORKDIR, runs COMMAND with SLURM_CONF pointing at it, and stops the cluster again.
#   tests/slurm/local_slurm.sh WORKDIR COMMAND [ARGS...]
# Exit 77 (skip) when the Slurm or munge programs are missing or the cluster cannot start; else
# COMMAND's exit status. Needs root (munged and slurmd run as root here).
set -uo pipefail
work="$(realpath -m "$1")"
shift
for program in munged slurmctld slurmd sbatch scontrol sinfo; do
    if ! command -v "$program" >/dev/null; then
        echo "local_slurm: $program is missing (apt-get install slurmctld slurmd slurm-client munge)" >&2
        exit 77
    fi
done
if [[ $(id -u) -ne 0 ]]; then
    echo "local_slurm: needs root to run munged and slurmd" >&2
    exit 77
fi
rm -rf "$work"
mkdir -p "$work"/{munge,state,spool,log}
chmod 711 "$work" "$work/munge"
pids=()
stop() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null
    done
}
trap stop EXIT

dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --force --foreground --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" \
    --seed-file="$work/munge/munged.seed" >"$work/log/munged.stdout" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [[ -S "$socket" ]] && break; sleep 0.1; done

host="$(hostname -s)"
# Ports unique to this run, so parallel runs and leftovers never meet.
base=$(( 20000 + ($$ % 20000) ))
cat >"$work/slurm.conf" <<CONF
ClusterName=footage-test
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$socket
CryptoType=crypto/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$base
SlurmdPort=$((base + 1))
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$work/log/slurmctld.stdout" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$work/log/slurmd.stdout" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 100); do
    if sinfo -h -o %T 2>/dev/null | grep -q idle; then
        ready=1
        break
    fi
    sleep 0.2
done
if [[ $ready -ne 1 ]]; then
    echo "local_slurm: the cluster did not come up; logs in $work/log:" >&2
    tail -5 "$work"/log/*.log >&2
    exit 77
fi
"$@"
