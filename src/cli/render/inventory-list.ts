import type {AgencyItem, HostItem, ListResult, NetworkItem, WorkloadItem} from '../../services/inventory-list.js'
import type {Painter} from '../style.js'
import {plain} from '../style.js'
import {renderTable, type Column} from './table.js'

const dash = (v: string | number | null): string => (v === null ? '-' : String(v))

const HOST_COLUMNS: Column<HostItem>[] = [
  {header: 'NAME', value: (h) => h.name},
  {header: 'ADDRESS', value: (h) => h.address},
  {header: 'NETWORK', value: (h) => h.network},
  {header: 'ROLES', value: (h) => h.roles.join(',')},
  {header: 'CPUS', value: (h) => dash(h.cpus), align: 'right'},
  {header: 'MEM GIB', value: (h) => dash(h.memoryGiB), align: 'right'},
  {header: 'WORKLOADS', value: (h) => String(h.workloads), align: 'right'},
]

const AGENCY_COLUMNS: Column<AgencyItem>[] = [
  {header: 'CODE', value: (a) => a.code},
  {header: 'NAME', value: (a) => a.name},
  {header: 'WORKLOADS', value: (a) => String(a.workloads), align: 'right'},
  {header: 'CONTACT', value: (a) => dash(a.email ?? a.contact)},
]

const WORKLOAD_COLUMNS: Column<WorkloadItem>[] = [
  {header: 'NAME', value: (w) => w.name},
  {header: 'AGENCY', value: (w) => w.agency},
  {header: 'KIND', value: (w) => w.kind},
  {header: 'HOST', value: (w) => dash(w.host)},
  {header: 'PORT', value: (w) => dash(w.port), align: 'right'},
  {header: 'BACKUP', value: (w) => dash(w.backupPolicy)},
  {header: 'ENDPOINT', value: (w) => dash(w.domain ?? w.address)},
]

const NETWORK_COLUMNS: Column<NetworkItem>[] = [
  {header: 'NAME', value: (n) => n.name},
  {header: 'CIDR', value: (n) => n.cidr},
  {header: 'VLAN', value: (n) => dash(n.vlan), align: 'right'},
  {header: 'GATEWAY', value: (n) => n.gateway},
  {header: 'HOSTS', value: (n) => String(n.hosts), align: 'right'},
  {header: 'VMS', value: (n) => String(n.vms), align: 'right'},
]

/** Human form of `inventory list`: a table, or one line saying nothing matched. */
export function renderListResult(result: ListResult, paint: Painter = plain): string {
  if (result.items.length === 0) return `no ${result.kind} match`
  switch (result.kind) {
    case 'hosts':
      return renderTable(HOST_COLUMNS, result.items, paint)
    case 'agencies':
      return renderTable(AGENCY_COLUMNS, result.items, paint)
    case 'workloads':
      return renderTable(WORKLOAD_COLUMNS, result.items, paint)
    case 'networks':
      return renderTable(NETWORK_COLUMNS, result.items, paint)
  }
}
