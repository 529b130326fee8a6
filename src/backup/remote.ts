import type {Secret} from '../inventory/secret.js'
import type {ExecCmd} from '../tasks/cmd.js'
import {cmd, sudo, withEnv, withStdin} from '../tasks/cmd.js'
import {PASSWORD_FILE, SEAL_SCRIPT, scriptPath} from './conventions.js'
import type {BackupItem, BackupRepository, HostBackupPlan} from './plan.js'
import {sftpOption} from './restic-args.js'
import type {Snapshot} from './snapshots.js'

/**
 * restic as the commands (run, list, restore, verify, drill, status, prune) call it on a source host: as root through
 * sudo -n, with the repository and password file the backup playbook installed. No argv carries the password.
 */
export const resticCmd = (repo: Pick<BackupRepository, 'url' | 'address' | 'port' | 'account'>, args: readonly string[]): ExecCmd =>
  sudo(
    withEnv(cmd('restic', ...(repo.url.startsWith('sftp:') ? sftpOption(repo) : []), ...args), {
      RESTIC_REPOSITORY: repo.url,
      RESTIC_PASSWORD_FILE: PASSWORD_FILE,
    }),
  )

/**
 * restic as kotadc's prune runs it on a backup host: as root over kotadc's own admin connection, on the repository
 * directory itself, the password on stdin (restic reads it there when stdin is not a terminal). The source host's
 * SFTP account cannot delete sealed files, so only this path can forget and prune.
 */
export const repositoryHostResticCmd = (dir: string, args: readonly string[], password: Secret): ExecCmd =>
  withStdin(sudo(cmd('restic', '--no-cache', '--repo', dir, ...args)), password)

/** Seals finished repository files now (what the backup host's cron does every few minutes). */
export const sealCmd = (): ExecCmd => sudo(cmd(SEAL_SCRIPT))

/** The installed script of one policy (what the timer runs), run now. */
export const policyScriptCmd = (policy: string): ExecCmd => sudo(cmd(scriptPath(policy)))

/** The distinct repositories of one source host (policies sharing a backup host share one repository). */
export function hostRepositories(plan: HostBackupPlan): BackupRepository[] {
  const seen = new Map<string, BackupRepository>()
  for (const run of plan.runs) if (!seen.has(run.repository.url)) seen.set(run.repository.url, run.repository)
  return [...seen.values()]
}

/** The repository that holds one workload's snapshots on its source host. */
export const repositoryOfItem = (plan: HostBackupPlan, item: BackupItem): BackupRepository | undefined =>
  plan.runs.find((r) => r.items.includes(item))?.repository

/** Items of one workload on one source host, with the policy run that carries each. */
export const workloadItems = (plan: HostBackupPlan, workload: string): BackupItem[] =>
  plan.runs.flatMap((r) => r.items.filter((i) => i.workload === workload))

/** The newest of a list of snapshots, or undefined for none. */
export const newestSnapshot = (snaps: readonly Snapshot[]): Snapshot | undefined =>
  snaps.reduce<Snapshot | undefined>((best, s) => (!best || Date.parse(s.time) > Date.parse(best.time) ? s : best), undefined)

/** Lines of the script's stderr naming the items that failed (`kotadc-backup: FAILED: <label>`). */
export const failedItemsOf = (stderr: string): string[] =>
  stderr.split('\n').flatMap((l) => {
    const m = /^kotadc-backup: FAILED: (.+)$/.exec(l.trimEnd())
    return m ? [m[1] as string] : []
  })

/** The last lines of a command's stderr, for error reports (restic prints one problem per line). */
export const stderrTail = (stderr: string, lines = 8): string => stderr.trimEnd().split('\n').slice(-lines).join('\n')
