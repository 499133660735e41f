#!/usr/bin/env bash
# A real single-node Slurm on localhost, and a tiny sweep through it: `pushforward sweep run`
# with the slurm executor submits a 4-task job array (tiny Reach training cells) plus a
# collect job (--dependency=afterok); this script waits for both and checks the collected
# results. Needs root (it installs Debian's slurm and munge packages and starts their
# daemons) and the debug build of `swift build`; .ci/run calls it after `swift test`.
# Stops the daemons it started by their pid files. About a minute when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
binary="$repo/.build/debug/pushforward"

if [ "$(id -u)" != 0 ]; then
    echo "slurm-ci: skipped (needs root to install and start slurm)"
    exit 0
fi
[ -x "$binary" ] || { echo "slurm-ci: $binary missing; run swift build first" >&2; exit 1; }

say() { echo "slurm-ci: $*"; }
deadline() { [ "$(date +%s)" -lt "$1" ]; }

# --- packages: the four we need, without recommends; no service starts during install.
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    say "installing slurmctld slurmd slurm-client munge"
    created_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        created_policy=yes
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
    [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
fi

host="$(hostname -s)"
getent hosts "$host" >/dev/null || echo "127.0.0.1 $host" >> /etc/hosts

# --- munge: key owned by munge (0400), socket folder, daemon as the munge user.
stop_pid_file() {
    local file="$1"
    if [ -f "$file" ]; then
        local pid
        pid="$(cat "$file")"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
}
started=()
cleanup() {
    local status=$?
    for ((i=${#started[@]}-1; i>=0; i--)); do stop_pid_file "${started[$i]}"; done
    [ -n "${work:-}" ] && rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

[ -f /etc/munge/munge.key ] || { say "no /etc/munge/munge.key"; exit 1; }
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
mkdir -p /run/munge && chown munge:munge /run/munge && chmod 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    started+=(/run/munge/munged.pid)
    munge -n | unmunge >/dev/null
fi

# --- slurm.conf for this one node, unless a Slurm already answers here (then use it as is).
cpus="$(nproc)"
if ! sinfo -h -o %t >/dev/null 2>&1; then
    memory_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
    mkdir -p /etc/slurm /var/spool/slurm/ctld /var/spool/slurm/d /var/log/slurm
    cat > /etc/slurm/slurm.conf <<CONF
ClusterName=pushforward-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=/var/spool/slurm/ctld
SlurmdSpoolDir=/var/spool/slurm/d
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

    /usr/sbin/slurmctld
    started+=(/run/slurmctld.pid)
    /usr/sbin/slurmd
    started+=(/run/slurmd.pid)
fi
until_time=$(( $(date +%s) + 60 ))
until [ "$(sinfo -h -o %t 2>/dev/null | head -1)" = "idle" ]; do
    deadline "$until_time" || { say "the node did not come up idle:"; sinfo || true; tail -20 /var/log/slurm/slurmd.log || true; exit 1; }
    sleep 1
done
say "node $host idle ($cpus CPUs)"

# --- a tiny sweep in a scratch copy of the repository's layout.
work="$(mktemp -d /tmp/pushforward-slurm-ci.XXXXXX)"
cp -r Scenes "$work/"
cp Tests/EndToEndTests/Fixtures/tiny-reach.yaml "$work/"
cat > "$work/tiny.yaml" <<'SWEEP'
command: train
base: tiny-reach.yaml
grid: {policy.width: [16, 32]}
seeds: [0, 1]
set: {demos.episodes: 4, train.steps: 10, train.dagger.rounds: 0, eval.episodes: 2, eval.gifs: 0}
executor: {slurm: {time: "00:05:00", parallel: 2}}
SWEEP
cd "$work"
submitted="$("$binary" sweep run tiny.yaml)"
echo "$submitted"
array="$(echo "$submitted" | sed -n 's/.*job array \([0-9]*\);.*/\1/p')"
collect="$(echo "$submitted" | sed -n 's/.*collect job \([0-9]*\) runs.*/\1/p')"
[ -n "$array" ] && [ -n "$collect" ] || { say "no job ids in the output"; exit 1; }
grep -q -- '--array=0-3%2' runs/sweeps/tiny/submit.sbatch

until_time=$(( $(date +%s) + 240 ))
while [ -n "$(squeue -h -j "$array,$collect" 2>/dev/null)" ]; do
    if squeue -h -j "$collect" -o %r 2>/dev/null | grep -q DependencyNeverSatisfied; then
        say "a cell failed, so the collect job never runs"; cat runs/sweeps/tiny/slurm/*.out || true; exit 1
    fi
    deadline "$until_time" || { say "timed out waiting for the jobs"; squeue; exit 1; }
    sleep 1
done

# --- the collect job ran after the array and found every cell.
ls runs/sweeps/tiny/slurm/
[ -f runs/sweeps/tiny/slurm/collect_"$collect".out ] || { say "the collect job wrote no output"; exit 1; }
cat runs/sweeps/tiny/slurm/collect_"$collect".out
grep -q '^4 of 4 cells have results' runs/sweeps/tiny/slurm/collect_"$collect".out
[ "$(grep -c ',complete,' runs/sweeps/tiny/sweep.csv)" = 4 ] || { cat runs/sweeps/tiny/sweep.csv; exit 1; }
[ "$(ls runs/sweeps/tiny/slurm/"$array"_*.out | wc -l)" = 4 ]
test -s runs/sweeps/tiny/summary.md
test -s runs/sweeps/tiny/plots/success_rate_vs_policy.width.svg
cat runs/sweeps/tiny/summary.md
say "passed: 4 cells as job array $array, collect job $collect"
