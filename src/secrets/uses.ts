import {planBackups} from '../backup/plan.js'
import {passwordSecretOf} from '../databases/desired.js'
import type {Inventory} from '../inventory/model.js'
import {secretKey} from '../inventory/validate/exposure.js'
import {CA_CERT_SECRET, CA_KEY_SECRET} from '../pki/openssl.js'

/** One secret as `kotadc secrets list` shows it: never a value. */
export interface SecretEntry {
  name: string
  /** What reads it: `workload dinkes/simpus`, `backup of host app1`, `pki (the site CA)`. */
  usedBy: string[]
  /** In secrets.age. */
  stored: boolean
  /** Set through KOTADC_SECRET_<NAME> in this environment (which wins over the file). */
  fromEnv: boolean
  /** `unused`: stored but nothing reads it; `missing`: read but has no value. */
  status: 'ok' | 'unused' | 'missing'
}

/**
 * Which secrets the inventory reads, and who reads each: containers' `secrets`, each postgres workload's login
 * password, each backup source's restic password and the site CA. Playbooks' `!secret` references are not counted:
 * a site playbook is read only when it runs.
 */
export function secretUses(inv: Inventory): Map<string, string[]> {
  const uses = new Map<string, string[]>()
  const add = (name: string, by: string): void => void uses.set(name, [...(uses.get(name) ?? []), by])
  for (const w of inv.workloads) {
    if (w.kind === 'container') for (const s of w.secrets) add(s, `workload ${w.agency}/${w.name}`)
    if (w.kind === 'postgres') add(passwordSecretOf(w), `workload ${w.agency}/${w.name}`)
  }
  for (const h of planBackups(inv).hosts) add(h.passwordSecret, `backup of host ${h.host}`)
  add(CA_KEY_SECRET, 'pki (the site CA)')
  add(CA_CERT_SECRET, 'pki (the site CA)')
  return uses
}

/** Every name stored or read, sorted, with who reads it and whether it has a value. */
export function listSecrets(uses: ReadonlyMap<string, string[]>, stored: readonly string[], fromEnv: readonly string[]): SecretEntry[] {
  const inFile = new Set(stored)
  const inEnv = new Set(fromEnv.map(secretKey))
  const names = [...new Set([...uses.keys(), ...stored])].sort()
  return names.map((name) => {
    const usedBy = uses.get(name) ?? []
    const has = inFile.has(name) || inEnv.has(secretKey(name))
    const status = usedBy.length === 0 ? 'unused' : has ? 'ok' : 'missing'
    return {name, usedBy, stored: inFile.has(name), fromEnv: inEnv.has(secretKey(name)), status}
  })
}

/** A name a person may give `secrets set|generate`: letters, digits, `_` and `-`, starting with a letter. */
export const isSecretName = (name: string): boolean => /^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(name)
