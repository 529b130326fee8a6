import {inventoryIssue} from '../../errors/catalog.js'
import {draft, type IssueDraft, type Ref} from './draft.js'
import {fieldRef, num, str, where, type Locator, type RawInventory} from './raw.js'

/** Domains are unique site-wide and under site.domain (the CA's name constraint); published ports are unique per docker host. */
export function checkExposure(raw: RawInventory, loc: Locator): IssueDraft[] {
  const out: IssueDraft[] = []
  const siteDomain = raw.site ? str(raw.site.v.domain) : undefined
  const domains = new Map<string, Ref>()
  const ports = new Map<string, Ref>()
  for (const w of raw.workloads) {
    const domain = str(w.v.domain)
    if (domain !== undefined) {
      const at = fieldRef(w, 'domain')
      const prev = domains.get(domain)
      if (prev) out.push(draft(inventoryIssue.duplicateDomain(domain, where(loc(prev))), at))
      else domains.set(domain, at)
      if (siteDomain !== undefined && domain !== siteDomain && !domain.endsWith(`.${siteDomain}`)) out.push(draft(inventoryIssue.domainOutsideSite(domain, siteDomain), at))
    }
    const host = str(w.v.host)
    const port = num(w.v.port)
    if (w.v.kind === 'container' && host !== undefined && port !== undefined) {
      const key = `${host}:${port}`
      const at = fieldRef(w, 'port')
      const prev = ports.get(key)
      if (prev) out.push(draft(inventoryIssue.duplicatePort(port, host, where(loc(prev))), at))
      else ports.set(key, at)
    }
  }
  return out
}

/**
 * The one spelling under which the store finds a secret in the environment: upper-cased, '-' becomes '_'. Names that
 * share it (simpus_db_password, SIMPUS-DB-PASSWORD) can read the same value, so rules about names compare this form.
 */
export const secretKey = (name: string): string => name.toUpperCase().replace(/-/g, '_')

/** `KOTADC_SECRET_<NAME>`, NAME in its secretKey form. */
export const secretEnvVar = (name: string): string => `KOTADC_SECRET_${secretKey(name)}`

/** Secrets named by workloads must be resolvable at deploy time; validation only warns. */
export function checkSecrets(raw: RawInventory, has: (name: string) => boolean): IssueDraft[] {
  const out: IssueDraft[] = []
  for (const w of raw.workloads) {
    if (!Array.isArray(w.v.secrets)) continue
    w.v.secrets.forEach((name: unknown, i) => {
      if (typeof name === 'string' && !has(name)) out.push(draft(inventoryIssue.secretMissing(name, secretEnvVar(name)), fieldRef(w, 'secrets', i)))
    })
  }
  return out
}
