#!/bin/sh
# Start the system libvirtd (and virtlogd, which QEMU logs through) on this machine when none runs, for the VM tests
# and the lab's hypervisor. Lab and CI machines have no systemd. A daemon someone else started is used as it is.
set -eu

state=${KOTADC_LIBVIRTD_STATE:-/run/kotadc-lab}
say() { printf 'libvirtd-start: %s\n' "$*" >&2; }
mkdir -p "$state"

if virsh -c qemu:///system -q version >/dev/null 2>&1; then
  say "a system libvirtd already answers; using it"
  exit 0
fi
if ! pgrep -x virtlogd >/dev/null; then
  /usr/sbin/virtlogd -d
  echo "$(pgrep -nx virtlogd)" > "$state/virtlogd-started-by-kotadc"
fi
/usr/sbin/libvirtd -d
i=0
until virsh -c qemu:///system -q version >/dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -gt 60 ]; then say "libvirtd did not answer within 30s"; exit 1; fi
  sleep 0.5
done
echo "$(pgrep -nx libvirtd)" > "$state/libvirtd-started-by-kotadc"
say "started libvirtd $(cat "$state/libvirtd-started-by-kotadc")"
