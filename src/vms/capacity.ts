import type {Inventory, VmWorkload} from '../inventory/model.js'
import {DIMENSIONS} from '../inventory/validate/capacity.js'
import {hostsWithRole} from '../inventory/query.js'

/** One resource of a hypervisor: what it has, what overcommit lets it promise, and what its VMs take. */
export interface CapacityUse {
  declared: number
  /** declared × the overcommit ratio (1 when none is set): what validation lets the VMs take. */
  limit: number
  allocated: number
}

export interface HypervisorCapacity {
  hypervisor: string
  /** Null when hosts.yaml declares no `resources:` for it (validation then refuses VMs on it). */
  cpus: CapacityUse | null
  memoryGiB: CapacityUse | null
  diskGiB: CapacityUse | null
  /** Its VMs in inventory order; `placed` when the inventory named no hypervisor and first fit chose this one. */
  vms: {name: string; agency: string; cpus: number; memoryGiB: number; diskGiB: number; placed: boolean}[]
}

/** `kotadc hosts capacity`: per hypervisor, declared against allocated, from the inventory alone. */
export function hypervisorCapacity(inv: Inventory): HypervisorCapacity[] {
  const vms = inv.workloads.filter((w): w is VmWorkload => w.kind === 'vm')
  return hostsWithRole(inv, 'hypervisor').map((h) => {
    const mine = vms.filter((v) => v.hypervisor === h.name)
    const use = (d: (typeof DIMENSIONS)[number]): CapacityUse | null => {
      if (!h.resources) return null
      const declared = h.resources[d.field]
      return {declared, limit: declared * (h.overcommit?.[d.over] ?? 1), allocated: mine.reduce((sum, v) => sum + v[d.field], 0)}
    }
    const [cpus, memoryGiB, diskGiB] = DIMENSIONS.map(use) as [CapacityUse | null, CapacityUse | null, CapacityUse | null]
    return {
      hypervisor: h.name,
      cpus,
      memoryGiB,
      diskGiB,
      vms: mine.map((v) => ({name: v.name, agency: v.agency, cpus: v.cpus, memoryGiB: v.memoryGiB, diskGiB: v.diskGiB, placed: v.placed === true})),
    }
  })
}
