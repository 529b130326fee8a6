#!/bin/sh
# Build the lab's VM guest image without any download but Debian's packages: debootstrap a rootfs (cached as a
# tarball), add the first-boot step that applies a cloud-init NoCloud seed, make an ext4 filesystem from the
# directory (mke2fs -d, no loop device or mount), put GRUB's BIOS boot code in front of it, convert to qcow2.
#
#   scripts/lab/build-guest-image.sh               build if missing; print the qcow2 path on stdout (progress on stderr)
#   scripts/lab/build-guest-image.sh --print-path  print the path the current inputs give, build nothing
#
# The sha256 of the qcow2 sits next to it in <path>.sha256 (sha256sum format), and its kernel in <path>.vmlinuz
# (kvm-probe.sh boots it to learn whether /dev/kvm can really run guests). Keys work as in build-image.sh: the
# rootfs by suite + mirror + package list, the image by that plus this script and every file under guest/.
# Environment: KOTADC_LAB_CACHE (default /var/cache/kotadc-lab), KOTADC_LAB_MIRROR, KOTADC_LAB_SUITE.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
guest_dir="$here/guest"
suite=${KOTADC_LAB_SUITE:-bookworm}
mirror=${KOTADC_LAB_MIRROR:-http://deb.debian.org/debian}
cache=${KOTADC_LAB_CACHE:-/var/cache/kotadc-lab}
# The root filesystem's size inside the image; a VM's disk is larger and first boot grows the partition into it.
fs_mib=2048
root_label=kotadc-root

log() { printf 'guest image: %s\n' "$*" >&2; }
. "$here/rootfs.sh"

packages=$(grep -v '^[[:space:]]*#' "$guest_dir/packages.txt" | grep -v '^[[:space:]]*$' | paste -sd, -)
rootfs_key=$(printf 'guest\n%s\n%s\n%s\n' "$suite" "$mirror" "$packages" | sha256sum | cut -c1-12)
image_key=$(
  {
    printf '%s\n' "$rootfs_key"
    cat "$here/build-guest-image.sh" "$here/rootfs.sh"
    cd "$guest_dir" && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done
  } | sha256sum | cut -c1-12
)
image="$cache/kotadc-guest-$suite-$image_key.qcow2"

if [ "${1:-}" = "--print-path" ]; then
  printf '%s\n' "$image"
  exit 0
fi
if [ -f "$image" ] && [ -f "$image.sha256" ]; then
  log "$image present, reusing it"
  printf '%s\n' "$image"
  exit 0
fi

for bin in debootstrap chroot flock mke2fs sfdisk qemu-img grub-mkimage; do
  command -v "$bin" >/dev/null 2>&1 || { log "missing $bin (run scripts/lab/install-deps.sh)"; exit 2; }
done
grub_lib=/usr/lib/grub/i386-pc
[ -f "$grub_lib/boot.img" ] || { log "missing $grub_lib/boot.img (install grub-pc-bin)"; exit 2; }
[ "$(id -u)" = 0 ] || { log "debootstrap and chroot need root"; exit 2; }

mkdir -p "$cache"
exec 9>"$cache/build.lock"
flock 9
# Another build may have finished while this one waited for the lock.
if [ -f "$image" ] && [ -f "$image.sha256" ]; then
  printf '%s\n' "$image"
  exit 0
fi

rootfs="$cache/rootfs-guest-$suite-$rootfs_key.tar"
ensure_rootfs "$rootfs"

stage=$(mktemp -d "$cache/guest-stage-$image_key.XXXXXX")
cleanup() {
  umount "$stage/root/proc" 2>/dev/null || true
  rm -rf "$stage"
}
trap cleanup EXIT
root="$stage/root"
mkdir "$root"
tar -C "$root" --numeric-owner -xf "$rootfs"

kver=$(cd "$root/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
[ -n "$kver" ] || { log "no kernel in the rootfs"; exit 1; }

# A small initramfs with exactly what finds the root disk: faster to load and unpack, above all under TCG.
printf 'MODULES=list\nCOMPRESS=gzip\n' >"$root/etc/initramfs-tools/conf.d/kotadc.conf"
printf '%s\n' virtio_pci virtio_blk virtio_scsi sd_mod ext4 >"$root/etc/initramfs-tools/modules"
mount -t proc proc "$root/proc"
chroot "$root" update-initramfs -u -k "$kver" >&2
umount "$root/proc"

# Every VM gets its own machine-id, host key and admin user at first boot; nothing identifying is baked in.
rm -f "$root"/etc/ssh/ssh_host_*
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
printf 'localhost\n' >"$root/etc/hostname"
printf 'LABEL=%s / ext4 defaults,errors=remount-ro 0 1\n' "$root_label" >"$root/etc/fstab"
install -m 0644 "$guest_dir/sshd-kotadc.conf" "$root/etc/ssh/sshd_config.d/kotadc.conf"
install -m 0755 "$guest_dir/kotadc-firstboot" "$root/usr/local/sbin/kotadc-firstboot"
install -m 0644 "$guest_dir/kotadc-firstboot.service" "$root/etc/systemd/system/kotadc-firstboot.service"
chroot "$root" systemctl enable kotadc-firstboot.service systemd-networkd.service >&2
# Units that only cost boot time on a VM without a mirror or a clock to fix (apt timers run again once base says so).
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer >&2 2>/dev/null || true

install -d "$root/boot/grub"
cat >"$root/boot/grub/grub.cfg" <<CFG
set default=0
set timeout=0
serial --unit=0 --speed=115200
terminal_output serial
menuentry 'Debian (kotadc lab guest)' {
  linux /boot/vmlinuz-$kver root=LABEL=$root_label ro console=ttyS0,115200n8 net.ifnames=0
  initrd /boot/initrd.img-$kver
}
CFG

log "making the ${fs_mib} MiB root filesystem"
fs="$stage/root.ext4"
mke2fs -q -t ext4 -L "$root_label" -d "$root" "$fs" "${fs_mib}M" >&2

# MBR disk: GRUB's boot.img in the first 440 bytes, its core.img right after (sectors 1..2047, where grub-install
# would embed it), the root filesystem in partition 1 from sector 2048.
disk="$stage/disk.raw"
truncate -s $((fs_mib + 1))M "$disk"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk --quiet "$disk" >&2
dd if="$fs" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
grub-mkimage -O i386-pc -o "$stage/core.img" -p '(hd0,msdos1)/boot/grub' biosdisk part_msdos ext2 normal linux serial terminal
[ "$(stat -c %s "$stage/core.img")" -lt $((2047 * 512)) ] || { log "core.img does not fit before the partition"; exit 1; }
dd if="$grub_lib/boot.img" of="$disk" bs=440 count=1 conv=notrunc status=none
dd if="$stage/core.img" of="$disk" bs=512 seek=1 conv=notrunc status=none

log "converting to qcow2"
qemu-img convert -c -O qcow2 "$disk" "$image.partial"
(cd "$(dirname "$image")" && sha256sum "$(basename "$image.partial")" | sed 's/\.partial$//') >"$image.sha256.partial"
cp "$root/boot/vmlinuz-$kver" "$image.vmlinuz"
mv "$image.partial" "$image"
mv "$image.sha256.partial" "$image.sha256"
log "built $image ($(du -h "$image" | cut -f1))"
printf '%s\n' "$image"
