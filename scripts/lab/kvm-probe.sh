#!/bin/sh
# Can /dev/kvm on this machine really run a guest? Some machines (nested virtualisation inside a microVM) open
# /dev/kvm and create VMs, yet hang every Linux guest. So: boot KERNEL under KVM with no root filesystem and see it
# reach its "cannot mount root" panic (seconds when KVM works). Prints `kvm ...` or `qemu <why>` on stdout.
#
#   scripts/lab/kvm-probe.sh KERNEL
#
# The answer is cached per boot of this machine and kernel, in KOTADC_LAB_CACHE (default /var/cache/kotadc-lab).
set -eu
kernel=$1
cache=${KOTADC_LAB_CACHE:-/var/cache/kotadc-lab}
wait_s=30

if [ ! -c /dev/kvm ]; then
  echo "qemu /dev/kvm is missing on the machine running the lab"
  exit 0
fi
if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
  echo "qemu qemu-system-x86_64 is not installed on the machine running the lab, so KVM could not be tried"
  exit 0
fi
key=$({ cat /proc/sys/kernel/random/boot_id; sha256sum "$kernel"; } | sha256sum | cut -c1-12)
result="$cache/kvm-probe-$key"
if [ -f "$result" ]; then
  cat "$result"
  exit 0
fi
mkdir -p "$cache"
out=$(timeout "$wait_s" qemu-system-x86_64 -accel kvm -m 256 -display none -monitor none -serial stdio -no-reboot \
  -kernel "$kernel" -append "console=ttyS0 panic=-1" 2>&1) && rc=0 || rc=$?
if printf '%s\n' "$out" | grep -q 'VFS: Unable to mount root\|Kernel panic'; then
  answer="kvm a Linux kernel booted under KVM"
else
  answer="qemu /dev/kvm exists but a Linux kernel did not boot under it within ${wait_s}s (exit $rc: $(printf '%s' "$out" | tail -n 1 | cut -c1-120))"
fi
printf '%s\n' "$answer" >"$result"
printf '%s\n' "$answer"
