/** Where the `hypervisor` playbook installs BRIDGE_SCRIPT on each hypervisor; bridge names are vms/conventions.ts's bridgeFor. */
export const BRIDGE_SCRIPT_PATH = '/usr/local/sbin/kotadc-bridge'

/**
 * `kotadc-bridge BRIDGE CIDR [--check]`. The uplink is the interface already enslaved to BRIDGE or else the one
 * holding an IPv4 address inside CIDR: the bridge takes its MAC, its addresses and its routes, and the uplink becomes
 * a port, in one run, so the host keeps its address on that network throughout. `--check` exits 0 only when the
 * bridge is up with a port. Refuses (exit 3) when no interface has an address in CIDR: guessing a port could cut the
 * host off its network.
 */
export const BRIDGE_SCRIPT = `#!/bin/sh
# Written by kotadc (hypervisor playbook). Usage: kotadc-bridge BRIDGE CIDR [--check]
set -eu
br=$1 cidr=$2
has_port() { [ -n "$(ls "/sys/class/net/$br/brif" 2>/dev/null)" ]; }
is_up() { ip -o link show dev "$br" 2>/dev/null | grep -q 'state UP\\|,UP[,>]'; }
if [ "\${3:-}" = --check ]; then has_port && is_up; exit; fi
if has_port; then ip link set "$br" up; exit 0; fi
uplink=$(ip -o -4 addr show to "$cidr" | awk -v br="$br" '$2 != br {print $2; exit}')
if [ -z "$uplink" ]; then
  echo "kotadc-bridge: no interface has an IPv4 address in $cidr; give this host an address on that network first" >&2
  exit 3
fi
mac=$(cat "/sys/class/net/$uplink/address")
addrs=$(ip -o -4 addr show dev "$uplink" | awk '{print $4}')
routes=$(ip -4 route show dev "$uplink" | grep -v 'proto kernel' || true)
ip link show dev "$br" >/dev/null 2>&1 || ip link add name "$br" type bridge stp_state 0 forward_delay 0
ip link set dev "$br" address "$mac"
ip link set dev "$br" up
ip link set dev "$uplink" master "$br"
for a in $addrs; do
  ip addr del "$a" dev "$uplink"
  ip addr add "$a" dev "$br"
done
printf '%s\\n' "$routes" | while read -r r; do
  if [ -n "$r" ]; then ip route replace $r dev "$br"; fi
done
echo "kotadc-bridge: $br up with port $uplink ($addrs)"
`
