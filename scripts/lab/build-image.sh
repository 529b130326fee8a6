#!/bin/sh
# Build the lab base image without any registry: debootstrap a Debian rootfs (cached as a tarball, because it takes
# minutes), customise a copy for the lab (user kotadc, sshd, init), and `docker import` it.
#
#   scripts/lab/build-image.sh              build if missing; print the image tag on stdout (progress on stderr)
#   scripts/lab/build-image.sh --print-tag  print the tag the current inputs give, build nothing
#   scripts/lab/build-image.sh --hypervisor the variant for hosts with role hypervisor (kotadc-lab-hypervisor): the
#                                           same image plus image/hypervisor-packages.txt (libvirt, QEMU), run privileged
#
# Keys: the rootfs tarball is keyed by suite + mirror + package list; the image tag by that key plus this script and
# every file under image/, so editing either rebuilds only what changed. A present image is reused.
# Environment: KOTADC_LAB_CACHE (default /var/cache/kotadc-lab), KOTADC_LAB_MIRROR, KOTADC_LAB_SUITE.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
image_dir="$here/image"
suite=${KOTADC_LAB_SUITE:-bookworm}
mirror=${KOTADC_LAB_MIRROR:-http://deb.debian.org/debian}
cache=${KOTADC_LAB_CACHE:-/var/cache/kotadc-lab}
repo=kotadc-lab-base
print_tag=false
extra_packages=
for arg in "$@"; do
  case $arg in
    --print-tag) print_tag=true ;;
    --hypervisor) repo=kotadc-lab-hypervisor extra_packages="$image_dir/hypervisor-packages.txt" ;;
    *) printf 'build-image.sh: unknown argument %s\n' "$arg" >&2; exit 2 ;;
  esac
done

log() { printf 'lab image: %s\n' "$*" >&2; }
. "$here/rootfs.sh"

list() { grep -v '^[[:space:]]*#' "$@" | grep -v '^[[:space:]]*$' | paste -sd"$sep" -; }
packages=$(sep=, list "$image_dir/packages.txt")
# Installed by apt inside the debootstrapped tree, not by debootstrap: its resolver takes every alternative of a
# dependency (libvirt-daemon-system's systemd and sysv flavours conflict), apt's picks the one asked for.
extra=$([ -z "$extra_packages" ] || sep=' ' list "$extra_packages")
rootfs_key=$(printf '%s\n%s\n%s\n%s' "$suite" "$mirror" "$packages" "${extra:+$extra
}" | sha256sum | cut -c1-12)
image_key=$(
  {
    printf '%s\n%s\n' "$rootfs_key" "$repo"
    cat "$here/build-image.sh" "$here/rootfs.sh"
    cd "$image_dir" && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done
  } | sha256sum | cut -c1-12
)
tag="$repo:$image_key"

if $print_tag; then
  printf '%s\n' "$tag"
  exit 0
fi

if docker image inspect "$tag" >/dev/null 2>&1; then
  log "$tag present, reusing it"
  printf '%s\n' "$tag"
  exit 0
fi

for bin in debootstrap docker tar chroot flock; do
  command -v "$bin" >/dev/null 2>&1 || { log "missing $bin (run scripts/lab/install-deps.sh)"; exit 2; }
done
[ "$(id -u)" = 0 ] || { log "debootstrap and chroot need root"; exit 2; }

mkdir -p "$cache"
# Two builds at once (a test run and a manual `lab up`) would debootstrap twice into the same cache.
exec 9>"$cache/build.lock"
flock 9

rootfs="$cache/rootfs-$suite-$rootfs_key.tar"
ensure_rootfs "$rootfs"

stage=$(mktemp -d "$cache/stage-$image_key.XXXXXX")
trap 'rm -rf "$stage"' EXIT
tar -C "$stage" --numeric-owner -xf "$rootfs"

# Host keys are generated per host by kotadc and injected at container start, so fingerprints are pinned before the
# container runs; the keys debootstrap generated would be shared by every container, so they go.
rm -f "$stage"/etc/ssh/ssh_host_*
install -m 0755 "$image_dir/kotadc-lab-init" "$stage/usr/local/sbin/kotadc-lab-init"
install -m 0644 "$image_dir/sshd-kotadc-lab.conf" "$stage/etc/ssh/sshd_config.d/kotadc-lab.conf"
install -d -m 0755 "$stage/etc/kotadc-lab"
chroot "$stage" useradd --create-home --shell /bin/bash --user-group kotadc
# '*' rather than useradd's locked '!': sshd refuses key logins to locked accounts when PAM is off.
chroot "$stage" usermod --password '*' kotadc
printf 'kotadc ALL=(ALL) NOPASSWD:ALL\n' > "$stage/etc/sudoers.d/kotadc"
chmod 0440 "$stage/etc/sudoers.d/kotadc"
if [ "$repo" = kotadc-lab-hypervisor ]; then
  # A container has no AppArmor profile for QEMU to load and its cgroups belong to docker: libvirt manages neither
  # in the lab (production hypervisors keep Debian's defaults). QEMU runs as root, as the lab's pool is root's.
  # Nor can it give QEMU a private /dev (a mount namespace): /dev is docker's.
  printf '%s\n' 'security_driver = "none"' 'cgroup_controllers = [ ]' 'user = "root"' 'group = "root"' 'namespaces = [ ]' \
    >>"$stage/etc/libvirt/qemu.conf"
fi

log "importing $tag"
tar -C "$stage" --numeric-owner -c . | docker import \
  --change 'ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/sbin/kotadc-lab-init"]' \
  --change 'EXPOSE 22' \
  --message "kotadc lab base ($suite, rootfs $rootfs_key)" \
  - "$tag" >/dev/null
printf '%s\n' "$tag"
