import type {SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
import {ExternalError, UserError} from './ops-error.js'

const at = (location?: SourceLocation): {location?: SourceLocation} => (location ? {location} : {})

/** Errors of the `databases` capability: PostgreSQL roles, databases and pg_hba.conf on hosts with role database. */
export const databaseErrors = {
  unsafeValue: (what: string, value: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'DB_UNSAFE_VALUE',
      message: `${what} ${JSON.stringify(value)} cannot be written into PostgreSQL's SQL or configuration`,
      hint: 'use lowercase names of letters, digits, "_" and "-" for workloads and databases (run `kotadc validate`)',
      ...at(location),
    }),
  hostNotDatabase: (workload: string, host: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'DB_HOST_NOT_DATABASE',
      message: `postgres workload ${workload} names host ${host}, which does not have role database`,
      hint: `add role database to ${host} in hosts.yaml, or name a host that has it`,
      ...at(location),
    }),
  databaseClaimedTwice: (database: string, host: string, first: string, second: string, location?: SourceLocation): UserError =>
    new UserError({
      code: 'DB_DATABASE_CLAIMED_TWICE',
      message: `database ${database} on ${host} is listed by both ${first} and ${second}; a database has one owner`,
      hint: 'give each workload its own database names',
      ...at(location),
    }),
  clusterMissing: (host: string, found: string, location?: SourceLocation): ExternalError =>
    new ExternalError({
      code: 'DB_CLUSTER_MISSING',
      message: `host ${host}: expected exactly one PostgreSQL cluster, found ${found}`,
      hint: 'kotadc manages one cluster per database host: create it with `pg_createcluster VERSION main` (Debian) or remove the extra one, then deploy again',
      failure: {argv: ['pg_lsclusters', '--no-header'], exitCode: 0, stderrTail: ''},
      ...at(location),
    }),
  commandFailed: (
    host: string,
    step: string,
    argv: string[],
    exitCode: number | null,
    stderrTail: string,
    location?: SourceLocation,
  ): ExternalError =>
    new ExternalError({
      code: 'DB_COMMAND_FAILED',
      message: `host ${host}: ${step} failed`,
      hint: "read PostgreSQL's message below; `kotadc plan --phase databases` shows what the phase would do",
      failure: {argv, exitCode, stderrTail},
      ...at(location),
    }),
  hbaRejected: (host: string, errors: string, location?: SourceLocation): ExternalError =>
    new ExternalError({
      code: 'DB_HBA_REJECTED',
      message: `host ${host}: PostgreSQL rejected the new pg_hba.conf (${errors}); the previous file was put back and stays in force`,
      hint: "the kotadc block is generated from the inventory: check the addresses of the agency's hosts and VMs, or a hand edit outside the block",
      failure: {argv: ['pg_hba_file_rules'], exitCode: null, stderrTail: errors},
      ...at(location),
    }),
}

export const databaseCodes = defineCodes({
  DB_UNSAFE_VALUE: {
    family: 'user',
    meaning: 'an inventory value cannot be written safely into SQL, postgresql.conf or pg_hba.conf',
    fix: 'use the name formats `kotadc validate` accepts',
  },
  DB_HOST_NOT_DATABASE: {
    family: 'user',
    meaning: 'a postgres workload names a host without role database',
    fix: 'add role database to that host, or move the workload to a database host',
  },
  DB_DATABASE_CLAIMED_TWICE: {
    family: 'user',
    meaning: 'two postgres workloads on one host list the same database',
    fix: 'give each workload its own database names',
  },
  DB_CLUSTER_MISSING: {
    family: 'external',
    meaning: 'the database host has no PostgreSQL cluster, or more than one',
    fix: 'create one cluster (`pg_createcluster VERSION main`) or remove the extra ones',
  },
  DB_COMMAND_FAILED: {
    family: 'external',
    meaning: 'psql, pg_ctlcluster or a file step on a database host failed',
    fix: "read PostgreSQL's message in the error and fix the host, then deploy again",
  },
  DB_HBA_REJECTED: {
    family: 'external',
    meaning: 'PostgreSQL found errors in the new pg_hba.conf or could not reload it; the previous file was restored',
    fix: 'check the addresses the kotadc block is built from, and hand edits outside the block',
  },
})
