/**
 * The smallest domain that boots the lab image: virtio disk, a bridged virtio NIC, and the seed as a CD-ROM on
 * virtio-scsi. Not on SATA: Debian's cloud kernel (the lab image's, and Debian genericcloud's) has no AHCI driver.
 */
export function domainXml(d: {name: string; type: 'kvm' | 'qemu'; disk: string; seed: string; bridge: string; mac: string}): string {
  return `<domain type='${d.type}'>
  <name>${d.name}</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type><boot dev='hd'/></os>
  <features><acpi/><apic/></features>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${d.disk}'/><target dev='vda' bus='virtio'/></disk>
    <controller type='scsi' model='virtio-scsi'/>
    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${d.seed}'/><target dev='sda' bus='scsi'/><readonly/></disk>
    <interface type='bridge'><mac address='${d.mac}'/><source bridge='${d.bridge}'/><model type='virtio'/></interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
`
}
