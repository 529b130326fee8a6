import type {SourceLocation} from '../errors/ops-error.js'
import type {Inventory, Role, Workload, WorkloadKind} from '../inventory/model.js'
import {inventoryFilterNotApplicable, inventoryNameUnknown} from '../errors/inventory-commands.js'
import {suggestAll} from '../errors/did-you-mean.js'

export const LIST_KINDS = ['hosts', 'agencies', 'workloads', 'networks'] as const
export type ListKind = (typeof LIST_KINDS)[number]

export interface ListFilters {
  role?: Role | undefined
  agency?: string | undefined
  kind?: WorkloadKind | undefined
  host?: string | undefined
}

// Field names below are the `--json` contract of `inventory list`; absent values are null, never missing.
export interface HostItem {
  name: string
  address: string
  network: string
  roles: Role[]
  hostKey: string | null
  cpus: number | null
  memoryGiB: number | null
  diskGiB: number | null
  workloads: number
  location: SourceLocation
}

export interface AgencyItem {
  code: string
  name: string
  contact: string | null
  email: string | null
  workloads: number
  location: SourceLocation
}

export interface WorkloadItem {
  name: string
  agency: string
  kind: WorkloadKind
  /** The docker/database host, or the hypervisor of a VM (null while unplaced). */
  host: string | null
  image: string | null
  port: number | null
  address: string | null
  domain: string | null
  backupPolicy: string | null
  location: SourceLocation
}

export interface NetworkItem {
  name: string
  cidr: string
  vlan: number | null
  gateway: string
  hosts: number
  vms: number
  location: SourceLocation
}

export type ListResult =
  | {kind: 'hosts'; items: HostItem[]}
  | {kind: 'agencies'; items: AgencyItem[]}
  | {kind: 'workloads'; items: WorkloadItem[]}
  | {kind: 'networks'; items: NetworkItem[]}

export type ListResultOf<K extends ListKind> = Extract<ListResult, {kind: K}>

/** Where a workload runs: its host, or its hypervisor for a VM. */
export const workloadHost = (w: Workload): string | null => (w.kind === 'vm' ? (w.hypervisor ?? null) : w.host)

const FILTER_SCOPE: Record<keyof ListFilters, {flag: string; kinds: ListKind[]}> = {
  role: {flag: '--role', kinds: ['hosts']},
  agency: {flag: '--agency', kinds: ['workloads']},
  kind: {flag: '--kind', kinds: ['workloads']},
  host: {flag: '--host', kinds: ['workloads']},
}

function checkFilters(inv: Inventory, kind: ListKind, filters: ListFilters): void {
  for (const key of Object.keys(FILTER_SCOPE) as Array<keyof ListFilters>) {
    const scope = FILTER_SCOPE[key]
    if (filters[key] !== undefined && !scope.kinds.includes(kind)) throw inventoryFilterNotApplicable(scope.flag, kind, scope.kinds.join(', '))
  }
  const codes = inv.agencies.map((a) => a.code)
  if (filters.agency !== undefined && !codes.includes(filters.agency)) {
    throw inventoryNameUnknown(filters.agency, 'agency', suggestAll(filters.agency, codes), 'kotadc inventory list agencies')
  }
  const hosts = inv.hosts.map((h) => h.name)
  if (filters.host !== undefined && !hosts.includes(filters.host)) {
    throw inventoryNameUnknown(filters.host, 'host', suggestAll(filters.host, hosts), 'kotadc inventory list hosts')
  }
}

const hostItem = (inv: Inventory, h: Inventory['hosts'][number]): HostItem => ({
  name: h.name,
  address: h.address,
  network: h.network,
  roles: [...h.roles],
  hostKey: h.hostKey ?? null,
  cpus: h.resources?.cpus ?? null,
  memoryGiB: h.resources?.memoryGiB ?? null,
  diskGiB: h.resources?.diskGiB ?? null,
  workloads: inv.workloads.filter((w) => workloadHost(w) === h.name).length,
  location: h.at,
})

export const workloadItem = (w: Workload): WorkloadItem => ({
  name: w.name,
  agency: w.agency,
  kind: w.kind,
  host: workloadHost(w),
  image: w.kind === 'postgres' ? null : w.image,
  port: w.kind === 'postgres' ? null : (w.port ?? null),
  address: w.kind === 'vm' ? w.address : null,
  domain: w.kind === 'postgres' ? null : (w.domain ?? null),
  backupPolicy: w.backup?.policy ?? null,
  location: w.at,
})

/**
 * Selects and flattens one kind of inventory object for `inventory list`, in inventory order.
 * Throws a UserError for a filter that does not apply to the kind, or that names nothing.
 */
export function listInventory<K extends ListKind>(inv: Inventory, kind: K, filters: ListFilters = {}): ListResultOf<K> {
  checkFilters(inv, kind, filters)
  return select(inv, kind, filters) as ListResultOf<K>
}

function select(inv: Inventory, kind: ListKind, filters: ListFilters): ListResult {
  switch (kind) {
    case 'hosts':
      return {kind, items: inv.hosts.filter((h) => !filters.role || h.roles.includes(filters.role)).map((h) => hostItem(inv, h))}
    case 'agencies':
      return {
        kind,
        items: inv.agencies.map((a) => ({
          code: a.code,
          name: a.name,
          contact: a.contact?.name ?? null,
          email: a.contact?.email ?? null,
          workloads: inv.workloads.filter((w) => w.agency === a.code).length,
          location: a.at,
        })),
      }
    case 'workloads':
      return {
        kind,
        items: inv.workloads
          .filter((w) => (!filters.agency || w.agency === filters.agency) && (!filters.kind || w.kind === filters.kind))
          .filter((w) => !filters.host || workloadHost(w) === filters.host)
          .map(workloadItem),
      }
    case 'networks':
      return {
        kind,
        items: inv.networks.map((n) => ({
          name: n.name,
          cidr: n.cidr,
          vlan: n.vlan ?? null,
          gateway: n.gateway,
          hosts: inv.hosts.filter((h) => h.network === n.name).length,
          vms: inv.workloads.filter((w) => w.kind === 'vm' && w.network === n.name).length,
          location: n.at,
        })),
      }
  }
}
