# Sourced by build-image.sh and build-guest-image.sh: the cached Debian tree both images start from.
#
# ensure_rootfs TARBALL: unless TARBALL exists, debootstrap $suite from $mirror with $packages (comma-separated),
# apt-get install $extra (space-separated, may be empty) inside the tree, drop apt's lists and caches, and keep the
# tree as TARBALL. The caller holds the cache's build lock and keys TARBALL by those inputs.
ensure_rootfs() {
  rootfs=$1
  [ ! -f "$rootfs" ] || return 0
  work="${rootfs%.tar}.debootstrap"
  rm -rf "$work"
  log "debootstrap $suite ($packages) from $mirror; this takes a few minutes, once"
  debootstrap --variant=minbase --include="$packages" "$suite" "$work" "$mirror" >&2
  # extra goes through apt, not debootstrap: debootstrap's resolver takes every alternative of a dependency
  # (libvirt-daemon-system's systemd and sysv flavours conflict), apt's picks the one asked for.
  if [ -n "${extra:-}" ]; then
    log "apt-get install $extra"
    cp /etc/resolv.conf "$work/etc/resolv.conf"
    # No daemon starts inside the build tree.
    printf '#!/bin/sh\nexit 101\n' >"$work/usr/sbin/policy-rc.d"
    chmod 0755 "$work/usr/sbin/policy-rc.d"
    mount -t proc proc "$work/proc"
    rc=0
    chroot "$work" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $extra >&2 || rc=$?
    umount "$work/proc"
    rm -f "$work/usr/sbin/policy-rc.d"
    [ "$rc" = 0 ] || { log "apt-get install failed ($rc)"; exit 1; }
  fi
  # apt lists and caches only bloat every image; playbooks run apt-get update themselves.
  rm -rf "$work"/var/lib/apt/lists/* "$work"/var/cache/apt/*.bin "$work"/var/cache/apt/archives/*.deb
  tar -C "$work" --numeric-owner -cf "$rootfs.partial" .
  mv "$rootfs.partial" "$rootfs"
  rm -rf "$work"
  log "cached rootfs at $rootfs"
}
