import {inventoryIssue} from '../../errors/catalog.js'
import {draft, type IssueDraft, type Ref} from './draft.js'
import {secretKey} from './exposure.js'
import {fieldRef, str, where, type Locator, type RawInventory} from './raw.js'

/**
 * Name families kotadc reads from the secret store for itself: the site CA (SITE_CA_KEY, SITE_CA_CERT), restic
 * repository passwords (RESTIC_PASSWORD_<HOST>), and room for more of its own. No agency file may name one.
 * A name kotadc starts reading from the store must fall in one of these (test/unit/inventory/secret-owners.test.ts).
 */
export const RESERVED_SECRET_PREFIXES = ['SITE_', 'RESTIC_', 'KOTADC_'] as const

export const isReservedSecret = (name: string): boolean => RESERVED_SECRET_PREFIXES.some((p) => secretKey(name).startsWith(p))

/** One way an agency can own names: every name starting with `prefix` (an UPPER_SNAKE code or workload name, then `_`). */
interface Claim {
  prefix: string
  agency: string
  /** What gives the agency the prefix, for messages: `agency code dinkes` or `workload simpus`. */
  via: string
  at: Ref
}

const prefixOf = (label: string): string => `${secretKey(label)}_`

function claimsOf(raw: RawInventory): Map<string, Claim[]> {
  const claims = new Map<string, Claim[]>()
  // A second object of the same name is already a duplicate-name error; its claim would only echo it.
  const seen = new Set<string>()
  const add = (label: string, agency: string, via: string, at: Ref): void => {
    if (seen.has(via)) return
    seen.add(via)
    const prefix = prefixOf(label)
    claims.set(prefix, [...(claims.get(prefix) ?? []), {prefix, agency, via, at}])
  }
  for (const a of raw.agencies) {
    const code = str(a.v.code)
    if (code !== undefined) add(code, code, `agency code ${code}`, fieldRef(a, 'code'))
  }
  for (const w of raw.workloads) {
    const name = str(w.v.name)
    if (name !== undefined && w.agency !== undefined) add(name, w.agency, `workload ${name}`, fieldRef(w, 'name'))
  }
  return claims
}

/** Every claim whose prefix starts `key`: one map lookup per `_` in the name, so a large site costs no more per name. */
function claimsOn(key: string, claims: Map<string, Claim[]>): Claim[] {
  const out: Claim[] = []
  for (let i = key.indexOf('_'); i >= 0; i = key.indexOf('_', i + 1)) out.push(...(claims.get(key.slice(0, i + 1)) ?? []))
  return out
}

/**
 * Every secret has one owner. A secret a workload names must belong to the workload's agency: its name starts with
 * the agency code or one of the agency's own workload names (UPPER_SNAKE, then `_`), no other agency can claim it by
 * such a prefix, and it is not one of kotadc's own. Longest or shortest prefix winning would let an agency take a
 * neighbour's name by adding a workload (`simpus-db` to read SIMPUS_DB_PASSWORD), so two claimants is an error.
 */
export function checkSecretOwners(raw: RawInventory, loc: Locator): IssueDraft[] {
  const out: IssueDraft[] = []
  const claims = claimsOf(raw)
  // `agency dinkes (workload simpus at agencies/dinkes.yaml:5, workload simpus-db at agencies/dinkes.yaml:16)`
  const shown = (cs: Claim[]): string[] =>
    [...new Set(cs.map((c) => c.agency))].map((a) => `agency ${a} (${cs.filter((c) => c.agency === a).map((c) => `${c.via} at ${where(loc(c.at))}`).join(', ')})`)
  for (const w of raw.workloads) {
    const agency = w.agency
    const workload = str(w.v.name)
    if (agency === undefined) continue
    const prefixes = [...new Set([agency, ...(workload === undefined ? [] : [workload])].map(prefixOf))]
    const own = prefixes.map((p) => `${p}…`)
    // A container's `secrets` and a postgres workload's `passwordSecret` are both names the agency file gives.
    const named: [unknown, ReturnType<typeof fieldRef>][] = [
      ...(Array.isArray(w.v.secrets) ? w.v.secrets.map((n: unknown, i: number): [unknown, ReturnType<typeof fieldRef>] => [n, fieldRef(w, 'secrets', i)]) : []),
      ...(w.v.passwordSecret === undefined ? [] : [[w.v.passwordSecret, fieldRef(w, 'passwordSecret')] as [unknown, ReturnType<typeof fieldRef>]]),
    ]
    named.forEach(([name, at]) => {
      if (typeof name !== 'string') return
      if (isReservedSecret(name)) return void out.push(draft(inventoryIssue.secretReserved(name, RESERVED_SECRET_PREFIXES, own), at))
      const on = claimsOn(secretKey(name), claims)
      const others = on.filter((c) => c.agency !== agency)
      if (on.length === 0) out.push(draft(inventoryIssue.secretUnscoped(name, agency, prefixes.map((p) => p + secretKey(name))), at))
      else if (others.length === on.length) out.push(draft(inventoryIssue.secretForeign(name, agency, shown(others), own), at))
      else if (others.length > 0) out.push(draft(inventoryIssue.secretAmbiguous(name, agency, shown(others), own), at))
    })
  }
  return out
}

/**
 * What a site playbook's `!secret NAME` may name: one of kotadc's own families, or a secret exactly one agency owns
 * (a site playbook may use an agency's database password). Any other name is refused, because an agency could claim
 * it later just by adding a workload of that name. Returns why the name is refused, or undefined.
 */
export function siteSecretProblem(name: string, owners: {agencies: readonly {code: string}[]; workloads: readonly {name: string; agency: string}[]}): string | undefined {
  if (isReservedSecret(name)) return undefined
  const key = secretKey(name)
  const claimants = new Set<string>()
  const claim = (label: string, agency: string): void => {
    if (key.startsWith(prefixOf(label))) claimants.add(agency)
  }
  for (const a of owners.agencies) claim(a.code, a.code)
  for (const w of owners.workloads) claim(w.name, w.agency)
  if (claimants.size === 1) return undefined
  if (claimants.size === 0) return `no agency owns secret ${name}, so an agency could claim it by naming a workload after it`
  return `secret ${name} could belong to agencies ${[...claimants].sort().join(' and ')}`
}
