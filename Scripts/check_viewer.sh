#!/usr/bin/env bash
# Checks the live viewer (a pushforward built with --traits Viewer) the way CI can:
#  1. without a display it fails at once: one `error:` line naming `pushforward render`, exit 2;
#  2. under a virtual X display (Xvfb, Mesa's software OpenGL) it runs a fixed number of
#     frames on a fixed seed and writes a screenshot, which must match the software
#     renderer's frame of the same state (mean absolute pixel difference, see
#     Scripts/compare_screenshots.py).
# Usage: Scripts/check_viewer.sh [path/to/pushforward]   (default .build-viewer/debug/pushforward)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build-viewer/debug/pushforward}"
out="$(mktemp -d)"
xvfb_pid=""
cleanup() { if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi; rm -rf "$out"; }
trap cleanup EXIT

# 1. No display.
status=0
env -u DISPLAY -u WAYLAND_DISPLAY timeout 30 "$binary" view pusht >"$out/stdout" 2>"$out/stderr" || status=$?
if [ "$status" -ne 2 ] || [ "$(wc -l <"$out/stderr")" -ne 1 ] || ! grep -q '^error: no display.*pushforward render' "$out/stderr" \
    || [ -s "$out/stdout" ]; then
    echo "viewer without a display: expected one 'error: no display ... pushforward render' line and exit 2, got exit $status:"
    cat "$out/stderr"
    exit 1
fi
echo "viewer without a display: exit 2, $(cat "$out/stderr")"

# 2. A virtual display on the first free number from 99.
display=99
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1024x768x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do
    [ -e "/tmp/.X11-unix/X${display}" ] && break
    sleep 0.2
done
if [ ! -e "/tmp/.X11-unix/X${display}" ]; then
    echo "Xvfb did not start on :$display"; cat "$out/xvfb.log"; exit 1
fi

# Each scene: 90 frames (1.5 simulated seconds at 1x, 15 control steps) on a fixed seed.
for scene in pusht reach-obstacle; do
    DISPLAY=":$display" timeout 300 "$binary" view "$scene" seed=7 frames=90 \
        screenshot="$out/$scene.png" reference="$out/$scene-reference.png"
    python3 Scripts/compare_screenshots.py "$out/$scene.png" "$out/$scene-reference.png"
done
