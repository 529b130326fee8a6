import type {Cmd} from '../tasks/cmd.js'
import {cmd, shell, sudo} from '../tasks/cmd.js'
import {PASSWORD_FILE} from './conventions.js'
import type {BackupRepository} from './plan.js'
import {sftpOption} from './restic-args.js'

/** One check of a drill (or restore), as the evidence record and `--json` carry it. */
export interface DrillCheck {
  name: 'restore' | 'checksums' | 'files' | 'dump-complete' | 'load' | 'sanity-query' | 'cleanup'
  ok: boolean
  detail: string
}

/** Scratch directory of one drill on the source host; the token keeps concurrent drills apart. */
export const drillScratchDir = (token: string): string => `/var/tmp/kotadc-drill-${token}`

/** Scratch database of one drill: never a name the inventory can declare (those are DNS labels, no underscore). */
export const drillDatabase = (database: string, token: string): string => `kotadc_drill_${database.replaceAll('-', '_')}_${token}`

/** Last line pg_dump writes to a plain-format dump that ran to the end; a truncated dump lacks it. */
export const DUMP_COMPLETE = '-- PostgreSQL database dump complete'

/** Tables outside the system schemas; a query that only works on a database that loaded. */
export const SANITY_SQL = "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"

const resticArgv = (repo: Pick<BackupRepository, 'url' | 'address' | 'port' | 'account'>, args: readonly string[]): string[] => [
  'env',
  `RESTIC_REPOSITORY=${repo.url}`,
  `RESTIC_PASSWORD_FILE=${PASSWORD_FILE}`,
  'restic',
  ...(repo.url.startsWith('sftp:') ? sftpOption(repo) : []),
  ...args,
]

export const makeScratchCmd = (dir: string): Cmd => sudo(cmd('install', '-d', '-m', '0700', '--', dir))
export const removeScratchCmd = (dir: string): Cmd => sudo(cmd('rm', '-rf', '--', dir))

/** Where a snapshot's paths land under a restore target. */
export const restoredPaths = (target: string, paths: readonly string[]): string[] => paths.map((p) => (target === '/' ? p : `${target}${p}`))

/** Lists the regular files under the restored paths as `SIZE PATH`, one a line (only there, even for a restore to /). */
export const listFilesCmd = (dirs: readonly string[]): Cmd => sudo(cmd('find', ...dirs, '-type', 'f', '-printf', '%s %p\\n'))

/** `restic dump` of one file of a snapshot into `out` (root shell redirect, so the repository key stays root's). */
export const dumpToFileCmd = (
  repo: Pick<BackupRepository, 'url' | 'address' | 'port' | 'account'>,
  snapshot: string,
  file: string,
  out: string,
): Cmd => sudo(shell('out=$1; shift; "$@" > "$out"', out, ...resticArgv(repo, ['dump', '--', snapshot, file])))

export const tailCmd = (file: string): Cmd => sudo(cmd('tail', '-c', '256', '--', file))

const asPostgres = (...argv: [string, ...string[]]): Cmd => sudo(cmd('runuser', '-u', 'postgres', '--', ...argv))

/** createdb refuses a database that exists: a restore target is always new. */
export const createDatabaseCmd = (db: string): Cmd => asPostgres('createdb', '--', db)
export const loadDumpCmd = (db: string, file: string): Cmd =>
  sudo(shell('runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d "$1" < "$2"', db, file))
export const sanityQueryCmd = (db: string): Cmd => asPostgres('psql', '-X', '-At', '-d', db, '-c', SANITY_SQL)
export const dropDatabaseCmd = (db: string): Cmd => asPostgres('dropdb', '--if-exists', '--', db)

/** Regular files of a snapshot with their sizes, from `restic ls --json` (one JSON object a line). */
export function snapshotFiles(lsJson: string): Map<string, number> {
  const files = new Map<string, number>()
  for (const line of lsJson.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      const n = JSON.parse(line) as {struct_type?: string; type?: string; path?: string; size?: number}
      if (n.struct_type === 'node' && n.type === 'file' && typeof n.path === 'string') files.set(n.path.replace(/^\/+/, ''), n.size ?? 0)
    } catch {
      // restic prints only JSON lines here; anything else is not a node.
    }
  }
  return files
}

/** Files of `find -printf '%s %p\n'` output under a restore target, path relative to the target → size. */
export function restoredFiles(find: string, target: string): Map<string, number> {
  const prefix = target === '/' ? '/' : `${target}/`
  const files = new Map<string, number>()
  for (const line of find.split('\n')) {
    const m = /^(\d+) (.+)$/.exec(line)
    if (m && (m[2] as string).startsWith(prefix)) files.set((m[2] as string).slice(prefix.length), Number(m[1]))
  }
  return files
}

/** Every file of the snapshot restored with its size; names the first few that differ. */
export function compareFiles(expected: ReadonlyMap<string, number>, actual: ReadonlyMap<string, number>): DrillCheck {
  const problems: string[] = []
  for (const [p, size] of expected) {
    const got = actual.get(p)
    if (got === undefined) problems.push(`${p} missing`)
    else if (got !== size) problems.push(`${p} has ${got} bytes, the snapshot ${size}`)
  }
  const ok = problems.length === 0 && expected.size > 0
  const detail = ok
    ? `${expected.size} file${expected.size === 1 ? '' : 's'} restored with the sizes the snapshot records`
    : expected.size === 0
      ? 'the snapshot holds no files'
      : `${problems.length} of ${expected.size} files differ: ${problems.slice(0, 5).join('; ')}`
  return {name: 'files', ok, detail}
}

/** restic restore --verify reads every restored file back and compares it with the snapshot's SHA-256 blob ids. */
export function checksumCheck(exitCode: number | null, output: string): DrillCheck {
  const m = /finished verifying (\d+) files/.exec(output)
  if (exitCode === 0 && m)
    return {name: 'checksums', ok: true, detail: `restic verified ${m[1]} restored files against the snapshot's SHA-256 blob hashes`}
  const errors = output
    .split('\n')
    .filter((l) => /error|fatal/i.test(l))
    .slice(0, 5)
  return {name: 'checksums', ok: false, detail: errors.length ? errors.join('; ') : `restic restore --verify exited ${exitCode}`}
}
