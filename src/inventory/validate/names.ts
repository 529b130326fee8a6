import {inventoryIssue} from '../../errors/catalog.js'
import {draft, type IssueDraft} from './draft.js'
import {fieldRef, str, where, type Entry, type Locator, type RawInventory} from './raw.js'

function unique(kind: string, entries: readonly Entry[], key: string, loc: Locator, out: IssueDraft[]): void {
  const first = new Map<string, Entry>()
  for (const e of entries) {
    const name = str(e.v[key])
    if (name === undefined) continue
    const prev = first.get(name)
    if (prev) out.push(draft(inventoryIssue.duplicateName(kind, name, where(loc(fieldRef(prev, key)))), fieldRef(e, key)))
    else first.set(name, e)
  }
}

/** Names are unique within their kind; workload names site-wide, volume names within their workload. */
export function checkNames(raw: RawInventory, loc: Locator): IssueDraft[] {
  const out: IssueDraft[] = []
  unique('network', raw.networks, 'name', loc, out)
  unique('host', raw.hosts, 'name', loc, out)
  unique('backup policy', raw.policies, 'name', loc, out)
  unique('image', raw.images, 'name', loc, out)
  unique('image file', raw.images, 'file', loc, out)
  unique('agency', raw.agencies, 'code', loc, out)
  unique('workload', raw.workloads, 'name', loc, out)
  for (const w of raw.workloads) {
    const vols = w.v.volumes
    if (!Array.isArray(vols)) continue
    const seen = new Map<string, number>()
    vols.forEach((vol, i) => {
      const n = vol !== null && typeof vol === 'object' ? str((vol as Record<string, unknown>).name) : undefined
      if (n === undefined) return
      const j = seen.get(n)
      if (j !== undefined) out.push(draft(inventoryIssue.duplicateName('volume', n, where(loc(fieldRef(w, 'volumes', j, 'name')))), fieldRef(w, 'volumes', i, 'name')))
      else seen.set(n, i)
    })
  }
  return out
}
