#!/bin/sh
# Start a docker engine for the lab when none answers (`docker info`), in the background, without systemd.
# Records what it started in $KOTADC_DOCKERD_STATE/started-by-kotadc, so dockerd-stop.sh stops only that.
#
# Findings on the build machines (Debian bookworm, docker.io 20.10, kernel 6.x, no systemd as PID 1):
# - overlay2 works when /var/lib/docker sits on ext4; inside some sandboxes (overlay or 9p root) it fails, then
#   fuse-overlayfs (if installed) and finally vfs (slow, copies the whole image per container) are tried in turn;
# - iptables is the nf_tables flavour (iptables-nft) and dockerd 20.10 programs it fine; bridge NAT works;
# - cgroups are mounted by the machine (v1 hybrid here); when /sys/fs/cgroup is empty dockerd cannot start
#   containers, so this script mounts cgroup2 there.
# Environment: KOTADC_DOCKERD_STATE (/run/kotadc-lab), KOTADC_DOCKERD_LOG (/var/log/kotadc-lab/dockerd.log),
#   KOTADC_DOCKERD_DATA_ROOT (dockerd's default), KOTADC_DOCKERD_DRIVERS ("overlay2 fuse-overlayfs vfs").
set -eu

state=${KOTADC_DOCKERD_STATE:-/run/kotadc-lab}
log=${KOTADC_DOCKERD_LOG:-/var/log/kotadc-lab/dockerd.log}
data_root=${KOTADC_DOCKERD_DATA_ROOT:-}
drivers=${KOTADC_DOCKERD_DRIVERS:-overlay2 fuse-overlayfs vfs}
marker="$state/started-by-kotadc"

say() { printf 'dockerd-start: %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  say "a docker engine already answers; starting none"
  exit 0
fi
[ "$(id -u)" = 0 ] || { say "dockerd needs root"; exit 2; }
command -v dockerd >/dev/null 2>&1 || { say "dockerd missing: run scripts/lab/install-deps.sh"; exit 2; }
mkdir -p "$state" "$(dirname "$log")"

if [ -z "$(ls -A /sys/fs/cgroup 2>/dev/null)" ]; then
  mount -t cgroup2 none /sys/fs/cgroup || say "could not mount cgroup2; containers may fail to start"
fi

start_with() {
  driver=$1
  say "starting dockerd with storage driver $driver (log: $log)"
  # setsid: the engine must outlive this script and the test run that called it.
  setsid dockerd --pidfile "$state/dockerd.pid" --storage-driver "$driver" ${data_root:+--data-root "$data_root"} \
    >>"$log" 2>&1 </dev/null &
  pid=$!
  i=0
  while [ $i -lt 60 ]; do
    if docker info >/dev/null 2>&1; then
      printf '%s\n' "$pid" >"$marker"
      say "dockerd $pid answers (storage driver $driver)"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { say "dockerd exited with driver $driver; see $log"; return 1; }
    sleep 0.5
    i=$((i + 1))
  done
  say "dockerd $pid did not answer within 30s with driver $driver; stopping it"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 1
}

for driver in $drivers; do
  if [ "$driver" = fuse-overlayfs ] && ! command -v fuse-overlayfs >/dev/null 2>&1; then continue; fi
  if start_with "$driver"; then exit 0; fi
done
say "no storage driver worked ($drivers); see $log"
exit 1
