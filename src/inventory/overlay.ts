import {inventoryIssue} from '../errors/catalog.js'
import {child, draft, type IssueDraft, type Ref} from './validate/draft.js'
import {byName, isObject, str, strs, type Entry, type RawInventory} from './validate/raw.js'
import {suggest} from '../errors/did-you-mean.js'

/**
 * Applies an `--env` overlay (envs/<env>.yaml) to the base inventory, in place.
 * Mappings merge deeply; list entries are matched by name; every other value replaces the base value
 * and remembers the overlay as its source, so later issues point at the overlay's line.
 */

type ListKey = 'networks' | 'backupPolicies' | 'images' | 'hosts' | 'workloads'
const LISTS: Record<ListKey, {raw: keyof Pick<RawInventory, 'networks' | 'policies' | 'images' | 'hosts' | 'workloads'>; kind: string}> = {
  networks: {raw: 'networks', kind: 'network'},
  backupPolicies: {raw: 'policies', kind: 'backup policy'},
  images: {raw: 'images', kind: 'image'},
  hosts: {raw: 'hosts', kind: 'host'},
  workloads: {raw: 'workloads', kind: 'workload'},
}

function mergeInto(e: Entry, target: Record<string, unknown>, patch: Record<string, unknown>, at: Ref, prefix: string[], skip?: string): void {
  for (const [k, value] of Object.entries(patch)) {
    if (k === skip) continue
    const cur = target[k]
    if (isObject(cur) && isObject(value)) {
      mergeInto(e, cur, value, child(at, k), [...prefix, k])
    } else {
      target[k] = value
      e.over.set([...prefix, k].join('.'), child(at, k))
    }
  }
}

export function applyOverlay(raw: RawInventory, value: unknown, file: string): IssueDraft[] {
  const issues: IssueDraft[] = []
  if (!isObject(value)) return issues
  const root: Ref = {file, path: []}
  for (const key of ['site', 'terraform'] as const) {
    const patch = value[key]
    const e = raw[key]
    if (isObject(patch) && e) mergeInto(e, e.v, patch, child(root, key), [])
  }
  if (Array.isArray(value.allowedNetworks)) raw.fence = {networks: strs(value.allowedNetworks), ref: child(root, 'allowedNetworks')}
  for (const key of Object.keys(LISTS) as ListKey[]) {
    const patches = value[key]
    if (!Array.isArray(patches)) continue
    const {raw: rawKey, kind} = LISTS[key]
    const index = byName(raw[rawKey])
    patches.forEach((patch, i) => {
      const name = isObject(patch) ? str(patch.name) : undefined
      if (!isObject(patch) || name === undefined) return
      const e = index.get(name)
      const at = child(root, key, i)
      if (!e) issues.push(draft(inventoryIssue.overlayUnknownTarget(kind, name, suggest(name, index.keys())), child(at, 'name')))
      else mergeInto(e, e.v, patch, at, [], 'name')
    })
  }
  return issues
}
