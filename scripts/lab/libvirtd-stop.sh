#!/bin/sh
# Stop the libvirtd and virtlogd that libvirtd-start.sh started, and nothing else. Defined domains stay defined.
set -eu

state=${KOTADC_LIBVIRTD_STATE:-/run/kotadc-lab}
say() { printf 'libvirtd-stop: %s\n' "$*" >&2; }
for d in libvirtd virtlogd; do
  marker="$state/$d-started-by-kotadc"
  [ -f "$marker" ] || continue
  pid=$(cat "$marker")
  # A stale marker after a reboot could name an unrelated process that reused the pid.
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$d" ]; then
    kill -TERM "$pid"
    say "stopped $d $pid"
  fi
  rm -f "$marker"
done
