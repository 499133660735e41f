#!/usr/bin/env bash
# Fault injection: the promise that a run can be killed at any moment and resumed with
# nothing lost and nothing changed, that a full disk ends a run with one clear line, and
# that damaged checkpoints and datasets are refused.
#
#   Scripts/fault_injection.sh [path/to/pushforward] [seed]
#
# For `train`, `steer` and `sweep run` on tiny configurations: an uninterrupted reference
# run, then runs killed with SIGKILL at random moments (a sweep: its whole process group,
# as when a node dies) and resumed until they finish; the final checkpoint files must be
# byte-identical (`cmp`) and the metrics equal (timing columns aside). Then `sweep run`
# stopped by SIGTERM and SIGINT (its cells must stop too and resume on a rerun), a disk
# that fills mid-run, truncated / bit-flipped checkpoint and dataset files, and a resume
# while the run is still running (refused) or after its process was SIGKILLed (works).
# Prints one line per fault and a count; exits 1 on the first broken promise.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(cd "$(dirname "${1:-$repo/.build/debug/pushforward}")" && pwd)/$(basename "${1:-pushforward}")"
[ -x "$bin" ] || { echo "error: $bin: no pushforward binary (swift build first)" >&2; exit 2; }
seed="${2:-$(date +%s)}"
RANDOM=$seed
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT   # KEEP=1 keeps the folder for a post-mortem
cd "$work"
cp -r "$repo/Scenes" "$repo/Configs" .
cp "$repo/Tests/EndToEndTests/Fixtures/tiny-reach.yaml" .
echo "fault injection: $bin, seed $seed, in $work"

faults=0
fail() { echo "FAILED: $*" >&2; exit 1; }
ok() { faults=$((faults + 1)); echo "ok $faults: $*"; }

# A random delay in [lo, hi) seconds (two decimals).
delay() { local lo=$1 hi=$2; awk -v lo="$lo" -v hi="$hi" -v r="$RANDOM" 'BEGIN { printf "%.2f", lo + (hi - lo) * r / 32768 }'; }

# The only run folder under $1 (runs/<date>/<name>), or nothing.
run_in() { ls -d "$1"/*/* 2>/dev/null | head -1; }

# Metrics of a run without timing columns, one canonical JSON object per line.
metrics() {
    python3 - "$1" <<'PY'
import json, pathlib, sys
timing = ("_per_s", "seconds", "wall")
for log in sorted(pathlib.Path(sys.argv[1], "metrics").glob("*.jsonl")):
    for line in log.read_text().splitlines():
        row = {k: v for k, v in json.loads(line).items() if not k.endswith(timing)}
        print(log.name, json.dumps(row, sort_keys=True))
PY
}

# Every safetensors file of the final checkpoint, and the metrics, equal the reference.
same_as_reference() {
    local reference=$1 run=$2 what=$3
    local step; step=$(cat "$reference/checkpoints/latest")
    [ "$(cat "$run/checkpoints/latest")" = "$step" ] || fail "$what: latest checkpoint $(cat "$run/checkpoints/latest"), reference $step"
    local folder; folder=$(printf '%08d' "$step")
    for file in "$reference/checkpoints/$folder"/*.safetensors; do
        cmp -s "$file" "$run/checkpoints/$folder/$(basename "$file")" || fail "$what: $(basename "$file") differs from the uninterrupted run"
    done
    diff <(metrics "$reference") <(metrics "$run") >/dev/null || fail "$what: metrics differ from the uninterrupted run"
    grep -q '"status" : "completed"' "$run/run.json" || fail "$what: run.json is not completed"
}

# Resumes `pushforward <command> <run> --resume` unless the kill came after the run
# completed (resuming a completed run is refused, rightly).
finish() {
    grep -q '"status" : "completed"' "$2/run.json" 2>/dev/null && return 0
    "$bin" "$1" "$2" --resume >/dev/null 2>&1 || fail "$1 --resume of $2"
}

# Starts `pushforward $@` in its own process group, SIGKILLs the group after a random
# delay in [lo, hi); returns 0 if it was killed, 1 if it had already finished.
kill_after() {
    local lo=$1 hi=$2; shift 2
    setsid "$bin" "$@" >/dev/null 2>&1 &
    local pid=$! wait_for; wait_for=$(delay "$lo" "$hi")
    sleep "$wait_for"
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL -- "-$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        echo "  killed after ${wait_for}s" >&2
        return 0
    fi
    wait "$pid" || fail "$* exited with $? before it was killed"
    return 1
}

# --- train: killed at random moments, resumed until done -------------------------------
train_args=(tiny-reach.yaml train.steps=200 train.checkpointEvery=20 eval.gifs=0)
"$bin" train "${train_args[@]}" --runs ref-train >/dev/null 2>&1 || fail "reference train run"
ref_train=$(run_in ref-train)
for attempt in 1 2 3; do
    rm -rf killed
    if kill_after 0.8 3.0 train "${train_args[@]}" --runs killed; then
        run=$(run_in killed)
        if [ -z "$run" ]; then
            # Killed before the run folder existed: nothing to resume, nothing left.
            [ -z "$(ls -A killed 2>/dev/null)" ] || fail "train killed before its run folder left $(ls -R killed)"
            "$bin" train "${train_args[@]}" --runs killed >/dev/null 2>&1 || fail "train after an early kill"
            run=$(run_in killed)
        else
            # Kill the resumed run too, once, then let it finish.
            grep -q '"status" : "completed"' "$run/run.json" || kill_after 0.5 2.0 train "$run" --resume || true
            finish train "$run"
        fi
        same_as_reference "$ref_train" "$run" "train (attempt $attempt)"
        ok "train killed (and its resume killed) at random moments, resumed: weights and metrics identical"
    else
        same_as_reference "$ref_train" "$(run_in killed)" "train (not killed)"
    fi
done

# --- steer: the same, on a base policy trained above ----------------------------------
steer_args=(Configs/reach/dsrl.yaml "base.run=$ref_train" steer.steps=600 steer.batchSize=4 steer.episodesPerRound=1
            steer.warmupSteps=100 steer.evalEvery=300 steer.checkpointEvery=100 eval.episodes=4 eval.periodicEpisodes=4
            eval.batchSize=4 eval.gifs=0 threads=1)
"$bin" steer "${steer_args[@]}" --runs ref-steer >/dev/null 2>&1 || fail "reference steer run"
ref_steer=$(run_in ref-steer)
for attempt in 1 2; do
    rm -rf killed
    if kill_after 0.8 4.0 steer "${steer_args[@]}" --runs killed && [ -n "$(run_in killed)" ]; then
        run=$(run_in killed)
        grep -q '"status" : "completed"' "$run/run.json" || kill_after 0.5 2.0 steer "$run" --resume || true
        finish steer "$run"
        same_as_reference "$ref_steer" "$run" "steer (attempt $attempt)"
        ok "steer killed at random moments, resumed: agent, replay buffer and metrics identical"
    fi
done

# --- sweep run: killed, then run again ---------------------------------------------------
# Attempt 1 kills only `sweep run` (as SIGKILL of one process does): its workers live on
# and finish their cells; the second `sweep run` waits on each cell's lock instead of
# running the cell a second time alongside. Attempt 2 kills every process of the sweep
# (a node that dies): the second `sweep run` resumes the cells from their checkpoints.
cat > tiny-sweep.yaml <<'YAML'
command: train
base: tiny-reach.yaml
set: {train.steps: 120, train.checkpointEvery: 20, eval.gifs: 0, train.dagger.rounds: 0}
seeds: [0, 1]
threads: 1
metrics: [success_rate]
executor:
  local: {workers: 2}
YAML
"$bin" sweep run tiny-sweep.yaml --out ref-sweep >/dev/null 2>&1 || fail "reference sweep"
for attempt in 1 2; do
    rm -rf killed-sweep
    setsid "$bin" sweep run tiny-sweep.yaml --out killed-sweep >/dev/null 2>&1 &
    leader=$!
    sleep "$(delay 1.0 3.0)"
    if [ $attempt = 1 ]; then
        what="sweep run killed alone (its workers live on)"
        kill -KILL "$leader" 2>/dev/null || true
    else
        what="every process of the sweep killed"
        # The workers are in process groups of their own, all in the leader's session.
        # (Field 6 of /proc/<pid>/stat is the session; no `ps` needed.)
        kill -KILL $(awk -v s="$leader" '$6 == s { print $1 }' /proc/[0-9]*/stat 2>/dev/null) 2>/dev/null || true
    fi
    wait "$leader" 2>/dev/null || true
    "$bin" sweep run tiny-sweep.yaml --out killed-sweep >sweep.out 2>&1 \
        || fail "sweep run after a kill: $(tail -3 sweep.out; tail -5 killed-sweep/cells/*/cell.log)"
    for cell in ref-sweep/cells/*; do
        name=$(basename "$cell")
        same_as_reference "$(run_in "$cell")" "$(run_in "killed-sweep/cells/$name")" "sweep cell $name (attempt $attempt)"
    done
    ok "$what at a random moment, sweep run again: every cell identical to the uninterrupted sweep"
done

# --- sweep run stopped by SIGTERM or SIGINT: the cells stop too, a rerun resumes them ---
# The workers are in process groups of their own (out of reach of a terminal's Ctrl-C):
# `sweep run` passes the signal on, waits for them, and ends with one line.
for sig in TERM INT; do
    rm -rf stopped-sweep
    setsid "$bin" sweep run tiny-sweep.yaml --out stopped-sweep >stopped.out 2>stopped.err &
    leader=$!
    sleep "$(delay 1.0 2.5)"
    kill -"$sig" "$leader" 2>/dev/null || true
    set +e; wait "$leader"; status=$?; set -e
    left=$(awk -v s="$leader" '$6 == s { print $1 }' /proc/[0-9]*/stat 2>/dev/null || true)
    [ -z "$left" ] || fail "sweep run after SIG$sig: processes of the sweep still running: $left"
    if [ $status != 0 ]; then
        [ $status = 2 ] || fail "sweep run after SIG$sig: exit status $status, expected 2: $(tail -3 stopped.err)"
        [ "$(grep -c '^error: ' stopped.err)" = 1 ] || fail "sweep run after SIG$sig: not one error line: $(cat stopped.err)"
        tail -1 stopped.err | grep -q "^error: sweep run interrupted by SIG$sig: [0-9]* running cells\? stopped" \
            || fail "sweep run after SIG$sig: $(tail -1 stopped.err)"
        echo "  $(tail -1 stopped.err | cut -c1-100)..." >&2
    fi
    "$bin" sweep run tiny-sweep.yaml --out stopped-sweep >sweep.out 2>&1 \
        || fail "sweep run after SIG$sig: $(tail -3 sweep.out; tail -5 stopped-sweep/cells/*/cell.log)"
    for cell in ref-sweep/cells/*; do
        name=$(basename "$cell")
        same_as_reference "$(run_in "$cell")" "$(run_in "stopped-sweep/cells/$name")" "sweep cell $name after SIG$sig"
    done
    ok "sweep run stopped by SIG$sig (exit $status): cells stopped with it, sweep run again: every cell identical"
done

# --- a disk that fills up mid-run -------------------------------------------------------
# chmod does not stop root (CI runs as root), so the full disk is a file-size limit:
# `ulimit -f` makes every write past it fail with EFBIG, as ENOSPC would, for root too.
# The dataset (~70 kB) fits; the first checkpoint (width 256, ~1 MB) does not.
rm -rf full
set +e
( trap '' XFSZ; ulimit -f 400; exec "$bin" train tiny-reach.yaml policy.width=256 eval.gifs=0 --runs full ) >full.out 2>full.err
status=$?
set -e
[ $status = 2 ] || fail "full disk: exit status $status, expected 2: $(tail -3 full.err)"
last=$(tail -1 full.err)
case "$last" in
    "error: "*"checkpoints/"*".safetensors"*"File too large"*) ;;
    *) fail "full disk: the last line does not name the checkpoint file and the cause: $last" ;;
esac
[ "$(grep -c '^error: ' full.err)" = 1 ] || fail "full disk: more than one error line"
run=$(run_in full)
grep -q '"status" : "failed"' "$run/run.json" || fail "full disk: run.json does not say failed"
[ -z "$(find "$run" -name '.*' -type f)" ] || fail "full disk: temporary files left: $(find "$run" -name '.*' -type f)"
[ ! -e "$run/checkpoints/latest" ] || fail "full disk: latest names a checkpoint that could not be written"
ok "disk full at the first checkpoint: one line naming the file, run marked failed, no partial file"
if [ "$(id -u)" != 0 ]; then
    rm -rf ro
    "$bin" train "${train_args[@]}" --runs ro >/dev/null 2>&1 &
    pid=$!
    while [ ! -d "$(run_in ro)/checkpoints" ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
    chmod -R a-w "$(run_in ro)"
    set +e; wait $pid; status=$?; set -e
    chmod -R u+w ro
    [ $status = 2 ] || fail "read-only run folder: exit status $status"
    ok "run folder made read-only mid-run: exit status 2"
else
    echo "  (root: chmod cannot make a folder unwritable for root; the file-size limit above stands in for it)"
fi

# --- damaged checkpoints and datasets ---------------------------------------------------
flip() { python3 -c "import sys; p, o = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, 'rb').read()); b[len(b) - o] ^= 1 << ($RANDOM % 8); open(p, 'wb').write(b)" "$1" "$2"; }
cut() { python3 -c "import sys; p, n = sys.argv[1], int(sys.argv[2]); b = open(p, 'rb').read(); open(p, 'wb').write(b[:len(b) - n])" "$1" "$2"; }
expect_refusal() {   # expect_refusal <fragment> <command...>
    local fragment=$1; shift
    set +e; "$bin" "$@" >refusal.out 2>refusal.err; local status=$?; set -e
    [ $status = 2 ] || fail "$*: exit status $status, expected 2"
    [ "$(wc -l <refusal.err)" = 1 ] || fail "$*: stderr is not one line: $(cat refusal.err)"
    grep -q "$fragment" refusal.err || fail "$*: no '$fragment' in: $(cat refusal.err)"
}
for file in model ema optimizer; do
    rm -rf damaged && cp -r ref-train damaged
    run=$(run_in damaged)
    step=$(printf '%08d' "$(cat "$run/checkpoints/latest")")
    flip "$run/checkpoints/$step/$file.safetensors" $((RANDOM % 1000 + 1))
    sed -i 's/"status" : "completed"/"status" : "running"/' "$run/run.json"
    expect_refusal "$file.safetensors: checksum mismatch" train "$run" --resume
    ok "bit flip in $file.safetensors: resume refused, naming the file"
    cp "ref-train/${run#damaged/}/checkpoints/$step/$file.safetensors" "$run/checkpoints/$step/"
    cut "$run/checkpoints/$step/$file.safetensors" $((RANDOM % 5000 + 1))
    expect_refusal "$file.safetensors: " train "$run" --resume
    ok "truncated $file.safetensors: resume refused, naming the file"
done
run=$(run_in damaged)
cp "ref-train/${run#damaged/}/checkpoints/$step/"*.safetensors "$run/checkpoints/$step/"
flip "$run/checkpoints/$step/ema.safetensors" 500
expect_refusal "ema.safetensors: checksum mismatch" eval "$run" episodes=2
ok "bit flip in ema.safetensors: eval refused, naming the file"
flip "$run/dataset.safetensors" $((RANDOM % 2000 + 1))
expect_refusal "dataset.safetensors: checksum mismatch" train tiny-reach.yaml "demos.file=$run/dataset.safetensors"
ok "bit flip in a dataset: training refused before a run folder"
cp "ref-train/${run#damaged/}/dataset.safetensors" cut.safetensors
cut cut.safetensors 7
expect_refusal "cut.safetensors: " train tiny-reach.yaml demos.file=cut.safetensors
ok "truncated dataset: training refused"
steer_step=$(printf '%08d' "$(cat "$ref_steer/checkpoints/latest")")
rm -rf damaged-steer && cp -r ref-steer damaged-steer
srun=$(run_in damaged-steer)
flip "$srun/checkpoints/$steer_step/replay.safetensors" $((RANDOM % 1000 + 1))
sed -i 's/"status" : "completed"/"status" : "running"/' "$srun/run.json"
expect_refusal "replay.safetensors: checksum mismatch" steer "$srun" --resume
ok "bit flip in a steering replay buffer: resume refused, naming the file"

# --- one writer per run folder ----------------------------------------------------------
# A resume while the run is still running is refused at once, naming the holder; after a
# SIGKILL of the holder (the kernel drops its lock, run.lock stays) the resume takes the
# lock and continues from the checkpoint.
for command in train steer; do
    rm -rf locked
    if [ $command = train ]; then args=("${train_args[@]}" train.steps=3000); else args=("${steer_args[@]}" steer.steps=6000); fi
    "$bin" $command "${args[@]}" --runs locked >/dev/null 2>&1 &
    pid=$!
    until [ -e "$(run_in locked)/checkpoints/latest" ]; do
        kill -0 $pid 2>/dev/null || fail "$command for the lock test ended early"
        sleep 0.05
    done
    run=$(run_in locked)
    [ "$(cat "$run/run.lock")" = "$pid" ] || fail "$run/run.lock does not name the running $command ($pid)"
    expect_refusal "$run: run folder in use by another pushforward process (pid $pid)" $command "$run" --resume
    kill -KILL $pid; wait $pid 2>/dev/null || true
    ok "$command --resume while the run runs: refused at once, one line naming pid $pid"
    "$bin" $command "$run" --resume >lock.out 2>&1 &
    resumed=$!
    until grep -q "resuming from" lock.out || ! kill -0 $resumed 2>/dev/null; do sleep 0.05; done
    kill -KILL $resumed 2>/dev/null || true; wait $resumed 2>/dev/null || true
    [ "$(cat "$run/run.lock")" = "$resumed" ] || fail "$command --resume after a SIGKILL of the holder did not take the lock: $(cat lock.out)"
    grep -q "resuming from" lock.out || fail "$command --resume after a SIGKILL: no 'resuming from': $(cat lock.out)"
    ok "$command killed by SIGKILL while holding run.lock: --resume takes the lock ($(grep -o 'resuming from.*' lock.out))"
done

echo "fault injection: $faults faults injected, all survived (seed $seed)"
