import {inventoryIssue} from '../../errors/catalog.js'
import {child, draft, type IssueDraft} from './draft.js'
import {entry, isObject, str, type Entry, type RawInventory} from './raw.js'

/** One parsed inventory file: its role, shown name and plain value. */
export interface SourceValue {
  kind: 'site' | 'hosts' | 'agency' | 'overlay'
  file: string
  /** For agency files: the code the file name promises (agencies/<code>.yaml). */
  stem?: string
  value: unknown
}

/**
 * Appends the object entries of `list` one by one: spreading a list of hundreds of thousands of entries into push()
 * would overflow the call stack.
 */
function addEntries(into: Entry[], file: string, list: unknown, key: string, agency?: string): void {
  if (!Array.isArray(list)) return
  list.forEach((v, i) => {
    if (isObject(v)) into.push(entry(v, {file, path: [key, i]}, agency))
  })
}

/** Gathers the base files (not the overlay) into one RawInventory, in a stable order. */
export function collect(sources: readonly SourceValue[]): {raw: RawInventory; issues: IssueDraft[]} {
  const raw: RawInventory = {networks: [], policies: [], images: [], hosts: [], agencies: [], workloads: []}
  const issues: IssueDraft[] = []
  for (const s of sources) {
    if (!isObject(s.value)) continue
    const v = s.value
    const root = {file: s.file, path: []}
    if (s.kind === 'site') {
      if (isObject(v.site)) raw.site = entry(v.site, child(root, 'site'))
      if (isObject(v.terraform)) raw.terraform = entry(v.terraform, child(root, 'terraform'))
      addEntries(raw.networks, s.file, v.networks, 'networks')
      addEntries(raw.policies, s.file, v.backupPolicies, 'backupPolicies')
      addEntries(raw.images, s.file, v.images, 'images')
    } else if (s.kind === 'hosts') {
      addEntries(raw.hosts, s.file, v.hosts, 'hosts')
    } else if (s.kind === 'agency') {
      const code = isObject(v.agency) ? str(v.agency.code) : undefined
      if (isObject(v.agency)) raw.agencies.push(entry(v.agency, child(root, 'agency')))
      if (code !== undefined && s.stem !== undefined && code !== s.stem) {
        issues.push(draft(inventoryIssue.agencyFileMismatch(code, s.file), child(root, 'agency', 'code')))
      }
      addEntries(raw.workloads, s.file, v.workloads, 'workloads', code ?? s.stem)
    }
  }
  return {raw, issues}
}
