#!/bin/sh
# Stop the dockerd that dockerd-start.sh started, and nothing else: an engine someone else runs is left alone.
set -eu

state=${KOTADC_DOCKERD_STATE:-/run/kotadc-lab}
marker="$state/started-by-kotadc"
say() { printf 'dockerd-stop: %s\n' "$*" >&2; }

if [ ! -f "$marker" ]; then
  say "no dockerd started by kotadc ($marker absent); nothing to stop"
  exit 0
fi
pid=$(cat "$marker")
# A stale marker after a reboot could name an unrelated process that reused the pid.
if [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != dockerd ]; then
  say "process $pid is not a running dockerd; removing the stale marker"
  rm -f "$marker"
  exit 0
fi
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then
  say "dockerd $pid still running after 30s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$marker"
say "stopped dockerd $pid"
