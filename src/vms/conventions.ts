import {createHash} from 'node:crypto'
import type {VmWorkload} from '../inventory/model.js'

/**
 * Names kotadc gives things on a hypervisor, in one place: the hypervisor playbook creates the pool and the
 * bridges under these names, and the vms phase finds them there.
 */

/** The libvirt storage pool holding base images, VM disks and seeds (a directory pool). */
export const VM_POOL = 'kotadc'
/** Where the hypervisor playbook puts the pool. */
export const VM_POOL_PATH = '/var/lib/kotadc/pool'
/** Verified base-image sums (`<file>.sha256`), beside the pool so libvirt does not list them as volumes. */
export const IMAGE_SUMS_DIR = '/var/lib/kotadc/image-sums'

/** The libvirt domain of a VM is named after the workload, so `virsh` output reads like the inventory. */
export const domainName = (vm: Pick<VmWorkload, 'name'>): string => vm.name

/** The VM's own disk: a qcow2 overlay on its base image. */
export const diskVolume = (vm: Pick<VmWorkload, 'name'>): string => `${vm.name}.qcow2`

/** The cloud-init NoCloud seed (ISO 9660, label cidata); deleted once the VM answered SSH with its pinned key. */
export const seedVolume = (vm: Pick<VmWorkload, 'name'>): string => `${vm.name}-seed.iso`

/**
 * The Linux bridge a network's VMs join on a hypervisor. Interface names are at most 15 bytes (IFNAMSIZ), so a long
 * network name is cut and given a short hash, which keeps two long names that share a prefix apart.
 */
export function bridgeFor(network: string): string {
  const name = `br-${network}`
  if (name.length <= 15) return name
  const h = createHash('sha256').update(network).digest('hex').slice(0, 4)
  return `br-${network.slice(0, 7)}-${h}`
}

/**
 * A stable MAC for the VM (QEMU's locally administered 52:54:00 prefix), derived from site and name, so a redefined
 * domain keeps its address on the network and the seed's network-config can match it.
 */
export function macFor(site: string, vm: string): string {
  const h = createHash('sha256').update(`${site}\0${vm}`).digest()
  return ['52', '54', '00', ...[0, 1, 2].map((i) => (h[i] ?? 0).toString(16).padStart(2, '0'))].join(':')
}

/** secrets.age name of the VM's SSH host key (OpenSSH private key); in kotadc's own KOTADC_ family. */
export const hostKeySecret = (vm: string): string => `KOTADC_VM_${vm.toUpperCase().replaceAll('-', '_')}_SSH_HOST_KEY`

/** The XML namespace of the metadata kotadc writes into each domain it defines. */
export const KOTADC_XMLNS = 'https://kotadc.dev/xmlns/vm/1'

export const GIB = 1024 ** 3
