import {backupErrors} from '../../errors/backup.js'
import type {BackupPlan, HostBackupPlan} from '../../backup/plan.js'
import {planBackups} from '../../backup/plan.js'
import type {OpsErrorJson} from '../../errors/ops-error.js'
import {isOpsError} from '../../errors/ops-error.js'
import {isUnreachable} from '../../errors/ssh-errors.js'
import {newToken} from '../../exec/runner/token.js'
import {assertInsideFence} from '../../exec/fence.js'
import {connectSsh} from '../../exec/ssh/connect.js'
import type {CmdResult, RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {Secret} from '../../inventory/secret.js'
import {openSecrets} from '../../inventory/secrets.js'
import {inventoryDirOf} from '../deploy/context.js'
import {resolveTargets} from '../../playbooks/targets.js'
import type {Cmd} from '../../tasks/cmd.js'
import {displayCmd, renderCmd, stdinOf} from '../../tasks/cmd.js'
import {sshTargetFor} from '../ssh-targets.js'

/** The edges of the backup commands; tests pass FakeShell connections and a fixed clock. */
export interface BackupDeps {
  connect: (target: SshTarget) => Promise<RemoteShell>
  now: () => Date
  /** Short random text for scratch names. */
  token: () => string
}

export const defaultBackupDeps = (): BackupDeps => ({connect: connectSsh, now: () => new Date(), token: newToken})

export interface BackupOptions {
  /** `--limit`: host names, role:<role>, agency:<code>; narrows the source hosts. */
  limit: readonly string[]
  environ: Record<string, string | undefined>
}

/** The backup plan's source hosts that --limit keeps (all without it); none left is an error, not a silent no-op. */
export function selectSources(
  inv: Inventory,
  limit: readonly string[],
  environ: Record<string, string | undefined>,
  plan: BackupPlan = planBackups(inv),
): HostBackupPlan[] {
  const allowed = limit.length === 0 ? undefined : new Set(resolveTargets(inv, limit).map((h) => h.name))
  const selected = allowed ? plan.hosts.filter((h) => allowed.has(h.host)) : plan.hosts
  if (selected.length === 0 && limit.length > 0) throw backupErrors.nothingSelected(limit)
  fenceRepositories(inv, selected, environ)
  return selected
}

/** restic on a source host dials its repository host: that address must be inside the fence like any other. */
export function fenceRepositories(inv: Inventory, sources: readonly HostBackupPlan[], environ: Record<string, string | undefined>): void {
  for (const repo of new Set(sources.flatMap((s) => s.runs.map((r) => r.repository.host))))
    assertInsideFence(sshTargetFor(inv, repo, environ), 'backup target', environ)
}

/** A host the command could not work on: unreachable, or a command there failed. */
export interface HostFailure {
  host: string
  status: 'unreachable' | 'failed'
  error: OpsErrorJson
}

export const hostFailure = (host: string, e: unknown): HostFailure => {
  if (!isOpsError(e)) throw e
  return {host, status: isUnreachable(e) ? 'unreachable' : 'failed', error: e.toJSON()}
}

/** Connects to each host (in parallel), runs `work` on it and closes; a host that fails yields its HostFailure. */
export async function onHosts<T>(
  inv: Inventory,
  hosts: readonly string[],
  opts: Pick<BackupOptions, 'environ'>,
  deps: Pick<BackupDeps, 'connect'>,
  work: (shell: RemoteShell, host: string) => Promise<T>,
): Promise<(T | HostFailure)[]> {
  return Promise.all(
    hosts.map(async (host) => {
      try {
        const shell = await deps.connect(sshTargetFor(inv, host, opts.environ))
        try {
          return await work(shell, host)
        } finally {
          await shell.close().catch(() => undefined)
        }
      } catch (e) {
        return hostFailure(host, e)
      }
    }),
  )
}

/** onHosts over selected source hosts: `work` gets each host's own backup plan. */
export const onSources = <T>(
  inv: Inventory,
  sources: readonly HostBackupPlan[],
  opts: Pick<BackupOptions, 'environ'>,
  deps: Pick<BackupDeps, 'connect'>,
  work: (shell: RemoteShell, plan: HostBackupPlan) => Promise<T>,
): Promise<(T | HostFailure)[]> =>
  onHosts(
    inv,
    sources.map((s) => s.host),
    opts,
    deps,
    (shell, host) =>
      work(
        shell,
        sources.find((s) => s.host === host)!,
      ),
  )

export const isFailure = (x: unknown): x is HostFailure =>
  x !== null &&
  typeof x === 'object' &&
  'status' in x &&
  'error' in x &&
  ((x as HostFailure).status === 'unreachable' || (x as HostFailure).status === 'failed')

/** Runs a command (with its stdin, e.g. a password); never throws for a non-zero exit (transport errors still reject). */
export const runCmd = (shell: RemoteShell, c: Cmd): Promise<CmdResult> => {
  const stdin = stdinOf(c)
  return stdin === undefined ? shell.run(renderCmd(c)) : shell.run(renderCmd(c), {stdin})
}

/** Runs a command and throws BACKUP_REMOTE_FAILED unless it exits 0. */
export async function runChecked(shell: RemoteShell, c: Cmd, what: string): Promise<CmdResult> {
  const r = await runCmd(shell, c)
  if (r.exitCode !== 0) throw backupErrors.remoteFailed(shell.host, what, displayCmd(c), r.exitCode, r.stderr)
  return r
}

/** Secrets of the inventory by name (undefined when unset), for commands that hand a password to a remote restic. */
export async function secretLookup(
  inv: Inventory,
  environ: Record<string, string | undefined>,
  cwd = process.cwd(),
): Promise<(name: string) => Secret | undefined> {
  const store = await openSecrets({dir: inventoryDirOf(inv, cwd), environ})
  return (name) => (store.has(name) ? store.get(name) : undefined)
}
