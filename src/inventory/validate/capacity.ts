import {inventoryIssue} from '../../errors/catalog.js'
import {draft, type IssueDraft} from './draft.js'
import {fieldRef, num, obj, str, strs, type Entry, type RawInventory} from './raw.js'

/** Hypervisor capacity, and first-fit placement of VMs that name no hypervisor. */

/** What a VM takes from its hypervisor: the VM's field, the overcommit ratio that stretches it, and its unit. */
export const DIMENSIONS = [
  {field: 'cpus', over: 'cpu', unit: 'cpus'},
  {field: 'memoryGiB', over: 'memory', unit: 'GiB memory'},
  {field: 'diskGiB', over: 'disk', unit: 'GiB disk'},
] as const

interface Hv {
  e: Entry
  name: string
  limit: number[]
  used: number[]
  vms: string[]
}

export interface CapacityResult {
  issues: IssueDraft[]
  /** VM name → hypervisor chosen by placement (only VMs that named none). */
  placements: Map<string, string>
}

const demand = (vm: Entry): number[] | undefined => {
  const d = DIMENSIONS.map((dim) => num(vm.v[dim.field]))
  return d.every((x) => x !== undefined) ? (d) : undefined
}

export function checkCapacity(raw: RawInventory): CapacityResult {
  const issues: IssueDraft[] = []
  const hvs = new Map<string, Hv>()
  for (const e of raw.hosts) {
    const name = str(e.v.name)
    if (name === undefined || !strs(e.v.roles).includes('hypervisor') || hvs.has(name)) continue
    const res = obj(e.v.resources)
    if (e.v.resources === undefined) {
      issues.push(draft(inventoryIssue.missingKey('resources', 'a hypervisor must declare its capacity'), e.ref, 'value', [...e.ref.path, 'resources']))
      continue
    }
    const over = obj(e.v.overcommit)
    const limit = DIMENSIONS.map((d) => (num(res[d.field]) ?? 0) * (num(over[d.over]) ?? 1))
    hvs.set(name, {e, name, limit, used: [0, 0, 0], vms: []})
  }
  const vms = raw.workloads.filter((w) => w.v.kind === 'vm')
  const unplaced: Entry[] = []
  for (const vm of vms) {
    const want = demand(vm)
    const hvName = str(vm.v.hypervisor)
    if (!want) continue
    if (hvName === undefined) {
      unplaced.push(vm)
      continue
    }
    const hv = hvs.get(hvName)
    if (!hv) continue
    want.forEach((x, i) => (hv.used[i] = (hv.used[i] ?? 0) + x))
    hv.vms.push(String(vm.v.name))
  }
  for (const hv of hvs.values()) {
    DIMENSIONS.forEach((d, i) => {
      const need = hv.used[i] ?? 0
      const have = hv.limit[i] ?? 0
      if (need > have) issues.push(draft(inventoryIssue.capacityExceeded(hv.name, d.unit, need, have, hv.vms), fieldRef(hv.e, 'resources'), 'key'))
    })
  }
  const placements = new Map<string, string>()
  const pool = [...hvs.values()]
  for (const vm of unplaced) {
    const want = demand(vm) as number[]
    const hv = pool.find((h) => want.every((x, i) => (h.used[i] ?? 0) + x <= (h.limit[i] ?? 0)))
    const name = String(vm.v.name)
    if (!hv) {
      const need = DIMENSIONS.map((d, i) => `${want[i]} ${d.unit}`).join(', ')
      issues.push(draft(inventoryIssue.noPlacement(name, need), fieldRef(vm, 'name')))
      continue
    }
    want.forEach((x, i) => (hv.used[i] = (hv.used[i] ?? 0) + x))
    hv.vms.push(name)
    placements.set(name, hv.name)
  }
  return {issues, placements}
}
