import type {DrillCheck} from '../../backup/drill.js'
import {
  DUMP_COMPLETE,
  checksumCheck,
  restoredPaths,
  compareFiles,
  createDatabaseCmd,
  dumpToFileCmd,
  listFilesCmd,
  loadDumpCmd,
  restoredFiles,
  sanityQueryCmd,
  snapshotFiles,
  tailCmd,
} from '../../backup/drill.js'
import type {BackupRepository} from '../../backup/plan.js'
import {resticCmd, stderrTail} from '../../backup/remote.js'
import type {Snapshot} from '../../backup/snapshots.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import {runCmd} from './hosts.js'

type Repo = Pick<BackupRepository, 'url' | 'address' | 'port' | 'account'>

const lastLine = (text: string): string => text.trim().split('\n').at(-1) ?? ''

/**
 * Restores a files or volume snapshot into `target` with --verify (restic re-reads every restored file and compares
 * it with the snapshot's SHA-256 blob hashes), then compares the restored files and sizes with the snapshot listing.
 */
export async function restoreFiles(shell: RemoteShell, repo: Repo, snapshot: Pick<Snapshot, 'id' | 'paths'>, target: string): Promise<DrillCheck[]> {
  const r = await runCmd(shell, resticCmd(repo, ['restore', snapshot.id, '--target', target, '--verify']))
  const output = `${r.stdout}\n${r.stderr}`
  const restore: DrillCheck = {
    name: 'restore',
    ok: r.exitCode === 0,
    detail: r.exitCode === 0 ? `snapshot ${snapshot.id.slice(0, 8)} restored into ${target}` : stderrTail(r.stderr, 4),
  }
  const checks = [restore, checksumCheck(r.exitCode, output)]
  if (!restore.ok) return checks
  const ls = await runCmd(shell, resticCmd(repo, ['ls', '--json', snapshot.id]))
  const find = await runCmd(shell, listFilesCmd(restoredPaths(target, snapshot.paths)))
  if (ls.exitCode !== 0 || find.exitCode !== 0)
    return [...checks, {name: 'files', ok: false, detail: `could not list files: ${lastLine(ls.exitCode !== 0 ? ls.stderr : find.stderr)}`}]
  return [...checks, compareFiles(snapshotFiles(ls.stdout), restoredFiles(find.stdout, target))]
}

/**
 * Loads a database dump snapshot into a NEW database: dump file out of restic, check pg_dump finished it, createdb
 * (refuses an existing name), psql with ON_ERROR_STOP, then a sanity query. Stops at the first failed check.
 */
export async function restoreDump(
  shell: RemoteShell,
  repo: Repo,
  snapshot: string,
  dumpName: string,
  file: string,
  database: string,
): Promise<DrillCheck[]> {
  const checks: DrillCheck[] = []
  const step = async (name: DrillCheck['name'], run: () => Promise<{ok: boolean; detail: string}>): Promise<boolean> => {
    const c = await run()
    checks.push({name, ...c})
    return c.ok
  }
  const ok =
    (await step('restore', async () => {
      const r = await runCmd(shell, dumpToFileCmd(repo, snapshot, dumpName, file))
      return {
        ok: r.exitCode === 0,
        detail: r.exitCode === 0 ? `${dumpName} of snapshot ${snapshot.slice(0, 8)} written to ${file}` : stderrTail(r.stderr, 4),
      }
    })) &&
    (await step('dump-complete', async () => {
      const r = await runCmd(shell, tailCmd(file))
      const done = r.exitCode === 0 && r.stdout.includes(DUMP_COMPLETE)
      return {ok: done, detail: done ? 'pg_dump finished the dump' : 'the dump does not end with pg_dump’s completion line: it was cut short'}
    })) &&
    (await step('load', async () => {
      const created = await runCmd(shell, createDatabaseCmd(database))
      if (created.exitCode !== 0) return {ok: false, detail: `createdb ${database}: ${lastLine(created.stderr)}`}
      const r = await runCmd(shell, loadDumpCmd(database, file))
      return {ok: r.exitCode === 0, detail: r.exitCode === 0 ? `loaded into new database ${database}` : `psql: ${lastLine(r.stderr)}`}
    }))
  if (ok) {
    await step('sanity-query', async () => {
      const r = await runCmd(shell, sanityQueryCmd(database))
      const tables = Number(r.stdout.trim())
      return r.exitCode === 0 && Number.isInteger(tables)
        ? {ok: true, detail: `${tables} table${tables === 1 ? '' : 's'} answer in ${database}`}
        : {ok: false, detail: `sanity query failed: ${lastLine(r.stderr)}`}
    })
  }
  return checks
}
