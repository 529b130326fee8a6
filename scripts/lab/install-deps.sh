#!/bin/sh
# System packages the lab needs on a Debian/Ubuntu machine: the docker engine, debootstrap for the base image,
# the OpenSSH client (ssh-keygen for lab keys; ssh for tests), and the iptables docker programs.
set -eu
[ "$(id -u)" = 0 ] || { echo "install-deps: run as root" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends \
  docker.io debootstrap openssh-client iptables ca-certificates util-linux
