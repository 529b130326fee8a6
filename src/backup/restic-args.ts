import type {Retention} from '../inventory/model.js'
import {BACKUP_KEY, BACKUP_KNOWN_HOSTS} from './conventions.js'
import type {BackupItem, BackupRepository} from './plan.js'

/**
 * argv builders for restic (no program name: callers prepend `restic` or a wrapper). The repository and its
 * password come from RESTIC_REPOSITORY and RESTIC_PASSWORD_FILE, so no argv ever carries a secret.
 */

type SftpTarget = Pick<BackupRepository, 'address' | 'port' | 'account'>

/** The ssh command restic runs for an SFTP repository: the backup key only, never a prompt, never an unpinned host. */
export const sftpCommand = (repo: SftpTarget): string[] => [
  'ssh',
  '-i',
  BACKUP_KEY,
  '-o',
  'IdentitiesOnly=yes',
  '-o',
  'BatchMode=yes',
  // Written by the playbook from the backup host's key as kotadc verified it against the inventory's pin: a key
  // that is missing or different stops restic ("Host key verification failed") instead of being learned.
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  `UserKnownHostsFile=${BACKUP_KNOWN_HOSTS}`,
  '-o',
  'ServerAliveInterval=60',
  '-p',
  String(repo.port),
  `${repo.account}@${repo.address}`,
  '-s',
  'sftp',
]

/** `-o sftp.command=…`; restic splits it on spaces itself, and every word above is free of spaces. */
export const sftpOption = (repo: SftpTarget): string[] => ['-o', `sftp.command=${sftpCommand(repo).join(' ')}`]

const tagArgs = (tags: readonly string[]): string[] => ['--tag', tags.join(',')]

/** Snapshot of an item's paths; `--` so a path can never be read as an option. */
export const backupPathsArgs = (host: string, item: Extract<BackupItem, {paths: string[]}>): string[] => [
  'backup',
  '--json',
  '--host',
  host,
  ...tagArgs(item.tags),
  '--',
  ...item.paths,
]

/** Snapshot of a database dump read from standard input, stored as `<database>.sql`. */
export const backupStdinArgs = (host: string, item: Extract<BackupItem, {kind: 'postgres'}>): string[] => [
  'backup',
  '--json',
  '--host',
  host,
  '--stdin',
  '--stdin-filename',
  `${item.database}.sql`,
  ...tagArgs(item.tags),
]

const KEEP: readonly [keyof Retention, string][] = [
  ['daily', '--keep-daily'],
  ['weekly', '--keep-weekly'],
  ['monthly', '--keep-monthly'],
  ['yearly', '--keep-yearly'],
]

/** The `--keep-*` flags of a retention; empty when it keeps nothing by rule (then forget must not run). */
export const keepArgs = (keep: Retention): string[] =>
  KEEP.flatMap(([k, flag]) => (keep[k] !== undefined && keep[k] > 0 ? [flag, String(keep[k])] : []))

/**
 * forget --prune limited to this host and these workloads (several --tag flags match any of them), each path and
 * tag set kept as its own series, so one database's dumps never count against another's.
 */
export const forgetArgs = (host: string, workloads: readonly string[], keep: Retention): string[] => [
  'forget',
  '--prune',
  '--host',
  host,
  '--group-by',
  'host,paths,tags',
  ...keepArgs(keep),
  ...[...new Set(workloads)].flatMap((w) => ['--tag', `workload=${w}`]),
]

/** Removes only locks whose process is gone (restic checks their age and host); never `--remove-all`. */
export const unlockArgs = (): string[] => ['unlock']

/** Succeeds when the repository exists and the password opens it. */
export const catConfigArgs = (): string[] => ['cat', 'config']

export const initArgs = (): string[] => ['init']

/** Snapshot list as JSON, optionally narrowed to a host and tags (all must match). */
export const snapshotsArgs = (filter: {host?: string; tags?: readonly string[]} = {}): string[] => [
  'snapshots',
  '--json',
  ...(filter.host ? ['--host', filter.host] : []),
  ...(filter.tags?.length ? tagArgs(filter.tags) : []),
]

/** Structural check; with a subset (e.g. "5%") also reads that share of the data back. */
export const checkArgs = (readDataSubset?: string): string[] => ['check', ...(readDataSubset ? ['--read-data-subset', readDataSubset] : [])]
