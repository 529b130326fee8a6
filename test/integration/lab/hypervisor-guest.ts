import {stringify} from 'yaml'

/** A NoCloud seed as cloud-init reads it: meta-data, user-data (#cloud-config) and network-config version 2. */
export function bootSeed(s: {
  name: string
  loginUser: string
  authorizedKey: string
  hostKey: {privateKey: string; publicKey: string}
  mac: string
  cidr: string
  gateway: string
}): Record<'meta-data' | 'user-data' | 'network-config', string> {
  return {
    'meta-data': stringify({'instance-id': `${s.name}-1`, 'local-hostname': s.name}),
    'user-data': `#cloud-config\n${stringify({
      hostname: s.name,
      users: [{name: s.loginUser, shell: '/bin/bash', sudo: 'ALL=(ALL) NOPASSWD:ALL', ssh_authorized_keys: [s.authorizedKey]}],
      ssh_deletekeys: true,
      ssh_keys: {ed25519_private: s.hostKey.privateKey, ed25519_public: s.hostKey.publicKey},
    })}`,
    'network-config': stringify({
      version: 2,
      ethernets: {primary: {match: {macaddress: s.mac}, 'set-name': 'eth0', addresses: [s.cidr], routes: [{to: 'default', via: s.gateway}]}},
    }),
  }
}

/** The smallest domain that boots the lab image: virtio disk, the seed as a read-only virtio disk, a bridged NIC. */
export function domainXml(d: {name: string; type: 'kvm' | 'qemu'; disk: string; seed: string; bridge: string; mac: string}): string {
  return `<domain type='${d.type}'>
  <name>${d.name}</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type><boot dev='hd'/></os>
  <features><acpi/><apic/></features>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${d.disk}'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${d.seed}'/><target dev='vdb' bus='virtio'/><readonly/></disk>
    <interface type='bridge'><mac address='${d.mac}'/><source bridge='${d.bridge}'/><model type='virtio'/></interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
`
}
