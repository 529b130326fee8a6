import type {SourceLocation} from '../errors/ops-error.js'
import type {Inventory, Workload} from '../inventory/model.js'
import {isSecret} from '../inventory/secret.js'
import {AmbiguousNameError, inventoryNameUnknown, type NameMatch} from '../errors/inventory-commands.js'
import {workloadHost} from './inventory-list.js'
import {suggestAll} from '../errors/did-you-mean.js'

export const OBJECT_TYPES = ['host', 'network', 'agency', 'workload', 'policy'] as const
export type ObjectType = (typeof OBJECT_TYPES)[number]

/** Another object this one refers to, or that refers to it. `relation` says how (e.g. `runs`, `backed up by`). */
export interface RelatedObject {
  relation: string
  type: ObjectType
  name: string
  location: SourceLocation
}

/** The `--json` contract of `inventory show`. */
export interface ShowResult {
  type: ObjectType
  name: string
  location: SourceLocation
  fields: Record<string, unknown>
  related: RelatedObject[]
}

interface Found {
  type: ObjectType
  name: string
  at: SourceLocation
  object: object
}

const allObjects = (inv: Inventory): Found[] => [
  ...inv.hosts.map((o) => ({type: 'host' as const, name: o.name, at: o.at, object: o})),
  ...inv.networks.map((o) => ({type: 'network' as const, name: o.name, at: o.at, object: o})),
  ...inv.agencies.map((o) => ({type: 'agency' as const, name: o.code, at: o.at, object: o})),
  ...inv.workloads.map((o) => ({type: 'workload' as const, name: o.name, at: o.at, object: o})),
  ...inv.backupPolicies.map((o) => ({type: 'policy' as const, name: o.name, at: o.at, object: o})),
]

const LEADING_FIELDS = ['name', 'code', 'kind', 'agency']

/** Every field but the location (identifying fields first), with any Secret value replaced by its name so no value can leak. */
export function plainFields(object: object): Record<string, unknown> {
  const clean = (v: unknown): unknown => {
    if (isSecret(v)) return `secret:${v.name}`
    if (Array.isArray(v)) return v.map(clean)
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]))
    return v
  }
  const entries = Object.entries(object).filter(([k]) => k !== 'at')
  const rank = (k: string): number => LEADING_FIELDS.indexOf(k) + 1 || LEADING_FIELDS.length + 1
  // A stable sort keeps the model's order for everything after the identifying fields.
  entries.sort(([a], [b]) => rank(a) - rank(b))
  return Object.fromEntries(entries.map(([k, v]) => [k, clean(v)]))
}

const ref = (relation: string, type: ObjectType, name: string, at: SourceLocation): RelatedObject => ({relation, type, name, location: at})

const workloadRef = (relation: string) => (w: Workload) => ref(relation, 'workload', w.name, w.at)

function relatedTo(inv: Inventory, f: Found): RelatedObject[] {
  const host = (name: string | null | undefined, relation: string) =>
    inv.hosts.filter((h) => h.name === name).map((h) => ref(relation, 'host', h.name, h.at))
  const network = (name: string, relation: string) => inv.networks.filter((n) => n.name === name).map((n) => ref(relation, 'network', n.name, n.at))
  const policy = (name: string | undefined, relation: string) =>
    inv.backupPolicies.filter((p) => p.name === name).map((p) => ref(relation, 'policy', p.name, p.at))
  switch (f.type) {
    case 'host': {
      const h = inv.hosts.find((x) => x.name === f.name)
      return [
        ...network(h?.network ?? '', 'on network'),
        ...inv.workloads.filter((w) => workloadHost(w) === f.name).map(workloadRef('runs')),
        ...inv.backupPolicies.filter((p) => p.repository === f.name).map((p) => ref('repository for', 'policy', p.name, p.at)),
      ]
    }
    case 'network':
      return [
        ...inv.hosts.filter((h) => h.network === f.name).map((h) => ref('has host', 'host', h.name, h.at)),
        ...inv.workloads.filter((w) => w.kind === 'vm' && w.network === f.name).map(workloadRef('has vm')),
      ]
    case 'agency':
      return inv.workloads.filter((w) => w.agency === f.name).map(workloadRef('owns'))
    case 'workload': {
      const w = inv.workloads.find((x) => x.name === f.name)
      if (!w) return []
      return [
        ...inv.agencies.filter((a) => a.code === w.agency).map((a) => ref('owned by', 'agency', a.code, a.at)),
        ...host(workloadHost(w), w.kind === 'vm' ? 'runs on hypervisor' : 'runs on'),
        ...(w.kind === 'vm' ? network(w.network, 'on network') : []),
        ...policy(w.backup?.policy, 'backed up by'),
      ]
    }
    case 'policy': {
      const p = inv.backupPolicies.find((x) => x.name === f.name)
      return [...host(p?.repository, 'stores to'), ...inv.workloads.filter((w) => w.backup?.policy === f.name).map(workloadRef('protects'))]
    }
  }
}

const WHAT = 'host, network, agency, workload or backup policy'

/**
 * Finds one object by name for `inventory show`. `type` narrows the search when a name is shared
 * across kinds; otherwise a shared name is an AmbiguousNameError listing every match.
 */
export function showInventoryObject(inv: Inventory, name: string, type?: ObjectType): ShowResult {
  const candidates = allObjects(inv).filter((o) => !type || o.type === type)
  const matches = candidates.filter((o) => o.name === name)
  const first = matches[0]
  if (!first) {
    const what = type ? (type === 'policy' ? 'backup policy' : type) : WHAT
    throw inventoryNameUnknown(
      name,
      what,
      suggestAll(
        name,
        candidates.map((c) => c.name),
      ),
      'kotadc inventory list hosts|agencies|workloads|networks',
    )
  }
  if (matches.length > 1) {
    throw new AmbiguousNameError(
      name,
      matches.map((m): NameMatch => ({type: m.type, name: m.name, location: m.at})),
    )
  }
  return {type: first.type, name: first.name, location: first.at, fields: plainFields(first.object), related: relatedTo(inv, first)}
}
