#!/bin/sh
# System packages the lab needs on a Debian/Ubuntu machine: the docker engine, debootstrap for the base image,
# the OpenSSH client (ssh-keygen for lab keys; ssh for tests), the iptables docker programs, and for the VM guest
# image GRUB's BIOS modules, mke2fs, sfdisk and qemu-img (qemu-system-x86 also probes whether KVM really works).
set -eu
[ "$(id -u)" = 0 ] || { echo "install-deps: run as root" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends \
  docker.io debootstrap openssh-client iptables ca-certificates util-linux \
  qemu-utils qemu-system-x86 grub-pc-bin e2fsprogs fdisk
