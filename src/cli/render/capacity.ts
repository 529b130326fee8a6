import type {CapacityUse, HypervisorCapacity} from '../../vms/capacity.js'
import type {Painter} from '../style.js'
import {renderTable} from './table.js'

const use = (u: CapacityUse | null): string => {
  if (!u) return 'not declared'
  const over = u.limit !== u.declared ? ` (${u.declared} × overcommit)` : ''
  return `${u.allocated} of ${u.limit}${over}`
}

/** Human form of `kotadc hosts capacity`: one row per hypervisor, then where each VM runs and whether placement chose it. */
export function renderCapacity(rows: readonly HypervisorCapacity[], paint: Painter): string {
  const full = (u: CapacityUse | null) => (u && u.allocated > u.limit ? paint('red', use(u)) : use(u))
  const table = renderTable(
    [
      {header: 'HYPERVISOR', value: (r: HypervisorCapacity) => r.hypervisor},
      {header: 'CPUS', value: (r) => full(r.cpus)},
      {header: 'MEMORY GiB', value: (r) => full(r.memoryGiB)},
      {header: 'DISK GiB', value: (r) => full(r.diskGiB)},
      {header: 'VMS', value: (r) => String(r.vms.length), align: 'right'},
    ],
    rows,
    paint,
  )
  const vms = rows.flatMap((r) =>
    r.vms.map(
      (v) =>
        `  ${v.name} (${v.agency}) on ${r.hypervisor}: ${v.cpus} cpus, ${v.memoryGiB} GiB, ${v.diskGiB} GiB${v.placed ? '  placed by first fit' : ''}`,
    ),
  )
  return [table, ...(vms.length ? ['', 'VMs:', ...vms] : [])].join('\n')
}
