import type {SourceLocation} from './ops-error.js'
import {BugError, ExternalError, UserError} from './ops-error.js'

const at = (location?: SourceLocation): {location?: SourceLocation} => (location ? {location} : {})

/** Constructors of the backup errors (codes BACKUP_*). */
export const backupErrors = {
  scheduleUnsafe: (policy: string, location?: SourceLocation) =>
    new UserError({
      code: 'BACKUP_SCHEDULE_INVALID',
      message: `backupPolicies ${policy}: schedule contains a line break or a character that cannot go into a systemd unit or crontab`,
      hint: 'write a systemd OnCalendar expression on one line, e.g. "*-*-* 01:30:00"',
      ...at(location),
    }),
  scheduleNoCron: (policy: string, schedule: string, why: string, location?: SourceLocation) =>
    new UserError({
      code: 'BACKUP_SCHEDULE_NO_CRON',
      message: `backupPolicies ${policy}: schedule ${JSON.stringify(schedule)} has no cron equivalent (${why}); hosts without systemd could not run it`,
      hint: 'use a form such as "*-*-* 01:30:00", "Mon..Fri *-*-* 02:00", "*-*-* *:15:00", "daily", "weekly" or "hourly"',
      ...at(location),
    }),
  repositoryHostMissing: (policy: string, repository: string) =>
    new BugError({
      code: 'BACKUP_REPOSITORY_HOST_MISSING',
      message: `backup policy ${policy} names repository host ${repository}, which is not in the inventory model`,
      hint: 'validation should have rejected this inventory; please report it with the inventory that caused it',
    }),
  passwordMissing: (host: string, secret: string, envVar: string) =>
    new UserError({
      code: 'BACKUP_PASSWORD_MISSING',
      message: `host ${host} backs up workloads but its repository password secret ${secret} is not set`,
      hint: `add ${secret} to inventory/secrets.age (a long random string, kept also offline: without it the backups cannot be read), or set ${envVar}`,
    }),
  snapshotsUnreadable: (detail: string) =>
    new UserError({
      code: 'BACKUP_SNAPSHOTS_UNREADABLE',
      message: `restic snapshots --json printed something that is not a snapshot list (${detail})`,
      hint: 'check the restic version on the host (0.14 or later) and run the command by hand to see its output',
    }),
  nothingSelected: (limit: readonly string[]) =>
    new UserError({
      code: 'BACKUP_NOTHING_SELECTED',
      message: `--limit ${limit.join(',')} selects no host that backs anything up`,
      hint: 'limit to source hosts of backed-up workloads (see `kotadc backup list`), or leave --limit out',
    }),
  workloadUnknown: (workload: string, known: readonly string[]) =>
    new UserError({
      code: 'BACKUP_WORKLOAD_UNKNOWN',
      message: `no backed-up workload is named ${workload}`,
      hint: known.length ? `use one of: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}` : 'no workload in this inventory has a backup section',
    }),
  restoreTargetInvalid: (text: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_TARGET_INVALID',
      message: `--to ${JSON.stringify(text)} is not HOST:/absolute/path`,
      hint: 'name an inventory host and an absolute path without "..", e.g. --to db1:/var/tmp/restore-simpus',
    }),
  restoreWrongHost: (host: string, source: string, workload: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_WRONG_HOST',
      message: `${workload} is backed up from ${source}, whose repository key and password restic needs; --to names ${host}`,
      hint: `restore on ${source} (--to ${source}:/var/tmp/restore-${workload}), then copy the files where they are needed`,
    }),
  restoreOverLive: (path: string, live: readonly string[]) =>
    new UserError({
      code: 'BACKUP_RESTORE_OVER_LIVE_DATA',
      message: `restoring into ${path} would write over live data (${live.join(', ')})`,
      hint: 'restore into a scratch path outside the backed-up paths, or pass --in-place (asks for confirmation) to put the files back where they came from',
    }),
  restoreTargetNotEmpty: (host: string, path: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_TARGET_NOT_EMPTY',
      message: `${host}:${path} exists and is not an empty directory; a restore never overwrites what is there`,
      hint: 'choose a new path, or empty it yourself first',
    }),
  restoreNeedsTarget: (workload: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_NO_TARGET',
      message: `restore of ${workload} needs a place to put it`,
      hint: 'pass --to HOST:PATH (a scratch directory), --database NAME for a new database from a dump, or --in-place',
    }),
  restoreInPlaceDatabase: (workload: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_IN_PLACE_DATABASE',
      message: `${workload} holds database dumps, which kotadc does not load over a live database`,
      hint: 'restore into a new database with --database NAME, check it, then switch the application over',
    }),
  databaseFlagWithoutDump: (workload: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_NOT_A_DATABASE',
      message: `--database was given, but ${workload} has no database dump to restore`,
      hint: 'use --to HOST:PATH for file and volume backups',
    }),
  snapshotNotFound: (id: string, workload: string) =>
    new UserError({
      code: 'BACKUP_SNAPSHOT_NOT_FOUND',
      message: `no snapshot ${id} of workload ${workload}`,
      hint: `list its snapshots with \`kotadc backup list --json\` and pass one of their ids (or a unique prefix)`,
    }),
  noSnapshot: (workload: string, label: string) =>
    new UserError({
      code: 'BACKUP_NO_SNAPSHOT',
      message: `${label} of workload ${workload} has no snapshot yet`,
      hint: 'run `kotadc backup run --limit <its host>` first, and check `kotadc backup status`',
    }),
  remoteFailed: (host: string, what: string, display: string, exitCode: number | null, stderr: string) =>
    new ExternalError({
      code: 'BACKUP_REMOTE_FAILED',
      message: `${what} on ${host} failed (exit ${exitCode ?? 'by signal'}): ${stderr.trim().split('\n').at(-1) ?? ''}`,
      hint: `run it by hand on ${host} to see the whole output: ${display}`,
      failure: {argv: [display], exitCode, stderrTail: stderr.slice(-2000)},
    }),
  restoreAmbiguousDatabase: (workload: string, databases: readonly string[]) =>
    new UserError({
      code: 'BACKUP_RESTORE_AMBIGUOUS',
      message: `${workload} has dumps of ${databases.length} databases (${databases.join(', ')}); --database names one new database`,
      hint: 'pick the dump with --snapshot ID (see `kotadc backup list`), one database at a time',
    }),
  databaseNameInvalid: (name: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_DATABASE_NAME',
      message: `--database ${JSON.stringify(name)} is not a plain PostgreSQL name`,
      hint: 'use lowercase letters, digits and underscores, starting with a letter, e.g. simpus_restored',
    }),
}
