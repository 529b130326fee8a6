import type {Host, Inventory} from '../inventory/model.js'
import {DIMENSIONS} from '../inventory/validate/capacity.js'
import {parseIpv4} from '../inventory/validate/ipv4.js'

/**
 * What the site already uses, as allocation sees it: published ports and container counts per docker host, databases
 * per database host, VM demand per hypervisor and every address taken. Allocation reserves into it, so several
 * workloads onboarded at once never get the same port or address.
 */
export interface Occupancy {
  ports: Map<string, Set<number>>
  containers: Map<string, number>
  databases: Map<string, number>
  /** cpus, memoryGiB, diskGiB promised to VMs, per hypervisor. */
  vms: Map<string, number[]>
  addresses: Set<number>
}

const bump = (m: Map<string, number>, k: string, by = 1): void => void m.set(k, (m.get(k) ?? 0) + by)

export function occupancyOf(inv: Inventory): Occupancy {
  const occ: Occupancy = {ports: new Map(), containers: new Map(), databases: new Map(), vms: new Map(), addresses: new Set()}
  for (const h of inv.hosts) {
    const a = parseIpv4(h.address)
    if (a !== undefined) occ.addresses.add(a)
  }
  for (const w of inv.workloads) {
    if (w.kind === 'container') {
      bump(occ.containers, w.host)
      if (w.port !== undefined) reservePort(occ, w.host, w.port)
    } else if (w.kind === 'postgres') bump(occ.databases, w.host, w.databases.length)
    else {
      const a = parseIpv4(w.address)
      if (a !== undefined) occ.addresses.add(a)
      if (w.hypervisor) reserveVm(occ, w.hypervisor, [w.cpus, w.memoryGiB, w.diskGiB])
    }
  }
  return occ
}

export function reservePort(occ: Occupancy, host: string, port: number): void {
  const set = occ.ports.get(host) ?? new Set<number>()
  set.add(port)
  occ.ports.set(host, set)
}

export function reserveVm(occ: Occupancy, hypervisor: string, demand: readonly number[]): void {
  const used = occ.vms.get(hypervisor) ?? [0, 0, 0]
  occ.vms.set(
    hypervisor,
    used.map((u, i) => u + (demand[i] ?? 0)),
  )
}

export const reserveContainer = (occ: Occupancy, host: string, port: number): void => {
  bump(occ.containers, host)
  reservePort(occ, host, port)
}

export const reserveDatabase = (occ: Occupancy, host: string): void => bump(occ.databases, host)

/** What a hypervisor may still promise: its resources times overcommit, minus what its VMs take. */
export function freeCapacity(occ: Occupancy, hv: Host): number[] {
  const used = occ.vms.get(hv.name) ?? [0, 0, 0]
  return DIMENSIONS.map((d, i) => (hv.resources?.[d.field] ?? 0) * (hv.overcommit?.[d.over] ?? 1) - (used[i] ?? 0))
}
