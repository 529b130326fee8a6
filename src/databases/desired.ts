import type {Host, Inventory, PostgresWorkload} from '../inventory/model.js'
import {databaseErrors} from '../errors/databases.js'
import {secretKey} from '../inventory/validate/exposure.js'

/** A login role kotadc keeps: named after its postgres workload, password from a secret. */
export interface DesiredRole {
  name: string
  workload: string
  agency: string
  passwordSecret: string
}

export interface DesiredDatabase {
  name: string
  owner: string
}

/** One pg_hba.conf line kotadc writes: this database, this role, from this address, with scram-sha-256. */
export interface HbaRule {
  database: string
  role: string
  address: string
}

/** What a database host must hold according to the inventory. */
export interface DesiredCluster {
  host: string
  /** listen_addresses: localhost and the host's inventory address. */
  listen: string[]
  roles: DesiredRole[]
  databases: DesiredDatabase[]
  hba: HbaRule[]
}

/**
 * The workload's `passwordSecret`, else `<WORKLOAD>_DB_PASSWORD` (upper case, `-` as `_`) with a trailing `-db` of the
 * workload name left out: `simpus-db` reads SIMPUS_DB_PASSWORD, the secret its application `simpus` already names.
 */
export const passwordSecretOf = (w: Pick<PostgresWorkload, 'name' | 'passwordSecret'>): string =>
  w.passwordSecret ?? secretKey(`${w.name.replace(/-db$/, '')}_DB_PASSWORD`)

/**
 * Addresses a database of this agency may be reached from: the docker hosts running the agency's containers and the
 * agency's VMs. Nothing else: another agency's hosts, and the admin machine, are rejected by pg_hba.
 */
export function clientAddresses(inv: Inventory, agency: string): string[] {
  const out = new Set<string>()
  for (const w of inv.workloads) {
    if (w.agency !== agency) continue
    if (w.kind === 'container') {
      const h = inv.hosts.find((x) => x.name === w.host)
      if (h) out.add(h.address)
    } else if (w.kind === 'vm') out.add(w.address)
  }
  return [...out]
}

/** The roles, databases and access rules `host` must hold: one role per postgres workload on it, never more. */
export function desiredCluster(inv: Inventory, host: Host): DesiredCluster {
  const workloads = inv.workloads.filter((w): w is PostgresWorkload => w.kind === 'postgres' && w.host === host.name)
  const owners = new Map<string, PostgresWorkload>()
  const roles: DesiredRole[] = []
  const databases: DesiredDatabase[] = []
  const hba: HbaRule[] = []
  for (const w of workloads) {
    if (!host.roles.includes('database')) throw databaseErrors.hostNotDatabase(w.name, host.name, w.at)
    roles.push({name: w.name, workload: w.name, agency: w.agency, passwordSecret: passwordSecretOf(w)})
    const from = clientAddresses(inv, w.agency)
    for (const db of w.databases) {
      const first = owners.get(db)
      if (first) throw databaseErrors.databaseClaimedTwice(db, host.name, first.name, w.name, w.at)
      owners.set(db, w)
      databases.push({name: db, owner: w.name})
      for (const address of from) hba.push({database: db, role: w.name, address})
    }
  }
  return {host: host.name, listen: ['localhost', host.address], roles, databases, hba}
}
