import type {Host, Inventory, VmWorkload} from '../inventory/model.js'
import {fingerprintOf, parsePrivateKeyFile} from './openssh-key.js'
import {hostKeySecret} from './conventions.js'

/** kotadc created the VM: the vms phase generated its host key (in secrets.age), so it is pinned and reachable. */
export const vmCreated = (w: Pick<VmWorkload, 'hostKey'>): boolean => w.hostKey !== undefined

/**
 * VMs are hosts: `run`, `exec`, `hosts ping`, `--limit NAME`, `--limit agency:CODE`, the base playbook and backups
 * reach a VM like any machine of hosts.yaml, at its address, pinned to the host key kotadc generated for it. A
 * hosts.yaml entry with the VM's name or address stands for it instead (sites that listed their VMs by hand).
 * `all`, roles and agencies take only VMs that have their key (the vms phase created them); naming one that has none
 * is VM_HOST_KEY_MISSING.
 */
export function vmHosts(inv: Pick<Inventory, 'hosts' | 'workloads'>, opts: {unpinned?: boolean} = {}): Host[] {
  const named = new Set(inv.hosts.map((h) => h.name))
  const addressed = new Set(inv.hosts.map((h) => h.address))
  return inv.workloads
    .filter((w): w is VmWorkload => w.kind === 'vm' && !named.has(w.name) && !addressed.has(w.address) && (opts.unpinned === true || vmCreated(w)))
    .map((w) => ({
      name: w.name,
      address: w.address,
      network: w.network,
      roles: [],
      ...(w.hostKey ? {hostKey: w.hostKey} : {}),
      vars: {},
      at: w.at,
      connectionAt: w.at,
      vm: true,
    }))
}

/** Every machine kotadc can target: the inventory's hosts, then its VMs. */
export const targetHosts = (inv: Pick<Inventory, 'hosts' | 'workloads'>): Host[] => [...inv.hosts, ...vmHosts(inv)]

/** The host (or VM) of that name. */
export const targetHostByName = (inv: Pick<Inventory, 'hosts' | 'workloads'>, name: string): Host | undefined =>
  inv.hosts.find((h) => h.name === name) ?? vmHosts(inv, {unpinned: true}).find((h) => h.name === name)

/** The VM that stands behind a host name, when the host is one. */
export const vmOfHost = (inv: Pick<Inventory, 'workloads'>, name: string): VmWorkload | undefined =>
  inv.workloads.find((w): w is VmWorkload => w.kind === 'vm' && w.name === name)

/** Each VM's pinned fingerprint from the host keys in the secret store (a key that does not parse pins nothing). */
export function withVmPins(inv: Inventory, read: (name: string) => string | undefined): Inventory {
  return {
    ...inv,
    workloads: inv.workloads.map((w) => {
      if (w.kind !== 'vm') return w
      const key = parsePrivateKeyFile(read(hostKeySecret(w.name)) ?? '')
      return key ? {...w, hostKey: fingerprintOf(key.publicKey)} : w
    }),
  }
}
