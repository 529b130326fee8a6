import {inventoryIssue} from '../../errors/catalog.js'
import {draft, type IssueDraft} from './draft.js'
import {byName, fieldRef, obj, str, strs, type Entry, type RawInventory} from './raw.js'
import {suggest} from '../../errors/did-you-mean.js'

const ROLE_FOR: Record<string, {field: string; role: string; purpose: string}> = {
  container: {field: 'host', role: 'docker', purpose: 'to run containers'},
  postgres: {field: 'host', role: 'database', purpose: 'to run postgres'},
  vm: {field: 'hypervisor', role: 'hypervisor', purpose: 'to run VMs'},
}

/** Every reference resolves, and to an object of the right role. */
export function checkReferences(raw: RawInventory): IssueDraft[] {
  const out: IssueDraft[] = []
  const hosts = byName(raw.hosts)
  const nets = byName(raw.networks)
  const policies = byName(raw.policies)
  const images = byName(raw.images)

  const resolve = (kind: string, index: Map<string, Entry>, from: Entry, ...path: (string | number)[]): Entry | undefined => {
    let v: unknown = from.v
    for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined
    const name = str(v)
    if (name === undefined) return undefined
    const target = index.get(name)
    if (!target) out.push(draft(inventoryIssue.unknownReference(kind, name, suggest(name, index.keys()), [...index.keys()]), fieldRef(from, ...path)))
    return target
  }
  const needRole = (host: Entry | undefined, role: string, purpose: string, from: Entry, field: string): void => {
    // Roles that are not a list were already reported; judging against them would only add noise.
    if (host && Array.isArray(host.v.roles) && !strs(host.v.roles).includes(role)) out.push(draft(inventoryIssue.wrongRole(String(host.v.name), role, purpose), fieldRef(from, field)))
  }

  for (const h of raw.hosts) {
    resolve('network', nets, h, 'network')
    resolve('host', hosts, h, 'ssh', 'jumpHost')
  }
  for (const p of raw.policies) needRole(resolve('host', hosts, p, 'repository'), 'backup', 'to hold backups', p, 'repository')
  for (const w of raw.workloads) {
    const kind = str(w.v.kind)
    const rule = kind === undefined ? undefined : ROLE_FOR[kind]
    if (rule) needRole(resolve('host', hosts, w, rule.field), rule.role, rule.purpose, w, rule.field)
    if (kind === 'vm') {
      resolve('network', nets, w, 'network')
      resolve('image', images, w, 'image')
    }
    const backup = obj(w.v.backup)
    resolve('backup policy', policies, w, 'backup', 'policy')
    const declared = new Map<string, Entry>()
    if (kind === 'container' && Array.isArray(w.v.volumes)) for (const vol of w.v.volumes) { const n = str(obj(vol).name); if (n) declared.set(n, w) }
    if (Array.isArray(backup.volumes)) backup.volumes.forEach((_, i) => resolve('volume', declared, w, 'backup', 'volumes', i))
  }
  return out
}
