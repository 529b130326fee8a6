import type {DesiredCluster} from './desired.js'
import {diffHbaBlock, readHbaFile, renderHbaBlock, spliceHbaFile} from './hba.js'
import type {LiveCluster} from './live.js'
import {scramMatches} from './scram.js'
import {quoteIdent, quoteLiteral} from './sql-quote.js'
import {databaseErrors} from '../errors/databases.js'
import {SECRET_MASK} from '../inventory/secret.js'

/** One SQL statement: `wire` goes to psql on stdin, `display` (secrets as ***) goes to plans, logs and errors. */
export interface Sql {
  display: string
  wire: string
}

export type DbStepKind = 'create-role' | 'role-login' | 'set-password' | 'create-database' | 'database-owner'

/** One SQL-level change. There is no drop kind: kotadc never removes a role or a database. */
export interface DbStep {
  kind: DbStepKind
  summary: string
  sql: Sql
}

export interface DbPlan {
  host: string
  steps: DbStep[]
  hba: {added: string[]; removed: string[]; changed: boolean; content: string}
  /** In the server, not in the inventory: reported by plan, deploy and drift, and left alone. */
  unmanaged: {roles: string[]; databases: string[]}
}

export interface PlanInput {
  desired: DesiredCluster
  live: LiveCluster
  hbaText: string
  /** The role's password (its secret's value). */
  password(role: string): string
  /** A fresh SCRAM verifier for a password (random salt: the service layer makes it). */
  verifier(password: string): string
}

/** Roles PostgreSQL or Debian own: an inventory workload can never take one of these names. */
const SYSTEM_ROLE = /^(postgres$|pg_)/
const SYSTEM_DATABASES = new Set(['postgres'])

const plain = (text: string): Sql => ({display: text, wire: text})
const withPassword = (head: string, verifier: string): Sql => ({
  display: `${head} PASSWORD '${SECRET_MASK}';`,
  wire: `${head} PASSWORD ${quoteLiteral(verifier)};`,
})

/** The SQL-level changes that make the live cluster hold what the inventory says, and what it holds beyond that. */
export function planCluster(input: PlanInput): DbPlan {
  const {desired, live} = input
  const steps: DbStep[] = []
  const roles = new Map(live.roles.map((r) => [r.name, r]))
  for (const r of desired.roles) {
    if (SYSTEM_ROLE.test(r.name)) throw databaseErrors.unsafeValue('role name (reserved by PostgreSQL)', r.name)
    const have = roles.get(r.name)
    const pw = input.password(r.name)
    const role = quoteIdent(r.name)
    if (!have) {
      steps.push({
        kind: 'create-role',
        summary: `create login role ${r.name} (password from secret ${r.passwordSecret})`,
        sql: withPassword(`CREATE ROLE ${role} LOGIN`, input.verifier(pw)),
      })
      continue
    }
    if (have.superuser) throw databaseErrors.unsafeValue('role name (a superuser on the server)', r.name)
    if (!have.login) steps.push({kind: 'role-login', summary: `let role ${r.name} log in`, sql: plain(`ALTER ROLE ${role} LOGIN;`)})
    if (!scramMatches(have.password, pw))
      steps.push({
        kind: 'set-password',
        summary: `set the password of role ${r.name} from secret ${r.passwordSecret}`,
        sql: withPassword(`ALTER ROLE ${role}`, input.verifier(pw)),
      })
  }
  const dbs = new Map(live.databases.map((d) => [d.name, d]))
  for (const d of desired.databases) {
    const have = dbs.get(d.name)
    if (!have)
      steps.push({
        kind: 'create-database',
        summary: `create database ${d.name} owned by ${d.owner}`,
        sql: plain(`CREATE DATABASE ${quoteIdent(d.name)} OWNER ${quoteIdent(d.owner)};`),
      })
    else if (have.owner !== d.owner)
      steps.push({
        kind: 'database-owner',
        summary: `change the owner of database ${d.name} from ${have.owner} to ${d.owner}`,
        sql: plain(`ALTER DATABASE ${quoteIdent(d.name)} OWNER TO ${quoteIdent(d.owner)};`),
      })
  }
  const wantedRoles = new Set(desired.roles.map((r) => r.name))
  const wantedDbs = new Set(desired.databases.map((d) => d.name))
  const block = renderHbaBlock(desired.hba)
  return {
    host: desired.host,
    steps,
    hba: {...diffHbaBlock(readHbaFile(input.hbaText).block, block), content: spliceHbaFile(input.hbaText, block)},
    unmanaged: {
      roles: live.roles.filter((r) => r.login && !r.superuser && !SYSTEM_ROLE.test(r.name) && !wantedRoles.has(r.name)).map((r) => r.name),
      databases: live.databases.filter((d) => !SYSTEM_DATABASES.has(d.name) && !wantedDbs.has(d.name)).map((d) => d.name),
    },
  }
}

/**
 * The script psql reads on stdin. The settings first keep the statements out of the server log (even a failing
 * one) and out of pg_stat_activity; they are superuser settings, which the postgres role has. ON_ERROR_STOP is
 * passed by the caller, so the first failure ends the script.
 */
export function applyScript(steps: readonly DbStep[], mode: 'wire' | 'display'): string {
  const quiet = [
    "SET log_statement = 'none';",
    "SET log_min_error_statement = 'panic';",
    'SET log_min_duration_statement = -1;',
    'SET track_activities = off;',
  ]
  return `${[...quiet, ...steps.map((s) => s.sql[mode])].join('\n')}\n`
}
