import type {SourceLocation} from './ops-error.js'
import {defineCodes} from './define.js'
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
      hint: known.length
        ? `use one of: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}`
        : 'no workload in this inventory has a backup section',
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
  databaseNotDumped: (workload: string, name: string, databases: readonly string[]) =>
    new UserError({
      code: 'BACKUP_RESTORE_NO_SUCH_DUMP',
      message: `${workload} has no dump of database ${name}${databases.length ? ` (it dumps ${databases.join(', ')})` : ''}`,
      hint: `name one of ${workload}'s databases: --database NAME --to NEW_NAME`,
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
      hint: 'name the database whose dump to load: --database NAME --to NEW_NAME (or pick one with --snapshot ID)',
    }),
  databaseNameInvalid: (name: string) =>
    new UserError({
      code: 'BACKUP_RESTORE_DATABASE_NAME',
      message: `--database ${JSON.stringify(name)} is not a plain PostgreSQL name`,
      hint: 'use lowercase letters, digits and underscores, starting with a letter, e.g. simpus_restored',
    }),
}

export const backupCodes = defineCodes({
  BACKUP_SCHEDULE_INVALID: {
    family: 'user',
    meaning: 'a backup policy schedule holds a line break or a character that cannot go into a systemd unit or crontab',
    fix: 'write a systemd OnCalendar expression on one line, e.g. "*-*-* 01:30:00"',
  },
  BACKUP_SCHEDULE_NO_CRON: {
    family: 'user',
    meaning: 'a backup policy schedule has no cron equivalent, so hosts without systemd could not run it',
    fix: 'use a form such as "*-*-* 01:30:00", "Mon..Fri *-*-* 02:00", "daily", "weekly" or "hourly"',
  },
  BACKUP_REPOSITORY_HOST_MISSING: {
    family: 'bug',
    meaning: 'a backup policy names a repository host the validated model lacks',
    fix: 'please report it with the inventory that caused it',
  },
  BACKUP_PASSWORD_MISSING: {
    family: 'user',
    meaning: 'a host backs up workloads but the secret holding its restic repository password is not set',
    fix: 'add the secret to inventory/secrets.age (a long random string, also kept offline) or set KOTADC_SECRET_<NAME>',
  },
  BACKUP_SNAPSHOTS_UNREADABLE: {
    family: 'user',
    meaning: '`restic snapshots --json` printed something that is not a snapshot list',
    fix: 'check the restic version on the host (0.14 or later) and run the command by hand',
  },
  BACKUP_NOTHING_SELECTED: {
    family: 'user',
    meaning: '--limit selects no host that backs anything up',
    fix: 'limit to source hosts of backed-up workloads (`kotadc backup list`), or leave --limit out',
  },
  BACKUP_WORKLOAD_UNKNOWN: {
    family: 'user',
    meaning: 'no backed-up workload has the given name',
    fix: 'use a workload that has a backup section (`kotadc backup list`)',
  },
  BACKUP_RESTORE_TARGET_INVALID: {
    family: 'user',
    meaning: '--to is not HOST:/absolute/path',
    fix: 'name an inventory host and an absolute path without "..", e.g. --to db1:/var/tmp/restore',
  },
  BACKUP_RESTORE_WRONG_HOST: {
    family: 'user',
    meaning: '--to names another host than the one the workload is backed up from (only it has the repository key)',
    fix: 'restore on the source host, then copy the files where they are needed',
  },
  BACKUP_RESTORE_OVER_LIVE_DATA: {
    family: 'user',
    meaning: 'the restore target overlaps the live, backed-up paths',
    fix: 'restore into a scratch path, or pass --in-place (asks for confirmation)',
  },
  BACKUP_RESTORE_TARGET_NOT_EMPTY: {
    family: 'user',
    meaning: 'the restore target exists and is not an empty directory; a restore never overwrites',
    fix: 'choose a new path, or empty it yourself first',
  },
  BACKUP_RESTORE_NO_TARGET: {
    family: 'user',
    meaning: 'a restore was asked for without saying where to put it',
    fix: 'pass --to HOST:PATH, --database NAME, or --in-place',
  },
  BACKUP_RESTORE_IN_PLACE_DATABASE: {
    family: 'user',
    meaning: '--in-place was asked for a workload whose backups are database dumps',
    fix: 'restore into a new database with --database NAME, check it, then switch over',
  },
  BACKUP_RESTORE_NO_SUCH_DUMP: {
    family: 'user',
    meaning: '`backup restore --database NAME --to NEW` names a database the workload does not dump',
    fix: "name one of the workload's databases (see `kotadc backup list`)",
  },
  BACKUP_RESTORE_NOT_A_DATABASE: {
    family: 'user',
    meaning: '--database was given for a workload without database dumps',
    fix: 'use --to HOST:PATH for file and volume backups',
  },
  BACKUP_RESTORE_AMBIGUOUS: {
    family: 'user',
    meaning: 'the workload has dumps of several databases and --database names one new database',
    fix: 'pick the dump with --snapshot ID, one database at a time',
  },
  BACKUP_RESTORE_DATABASE_NAME: {
    family: 'user',
    meaning: '--database is not a plain PostgreSQL name',
    fix: 'use lowercase letters, digits and underscores, starting with a letter',
  },
  BACKUP_SNAPSHOT_NOT_FOUND: {
    family: 'user',
    meaning: 'no snapshot of the workload has the given id',
    fix: 'list the snapshots with `kotadc backup list --json` and pass one id (or a unique prefix)',
  },
  BACKUP_NO_SNAPSHOT: {
    family: 'user',
    meaning: 'the workload has no snapshot yet',
    fix: 'run `kotadc backup run --limit <host>` first and check `kotadc backup status`',
  },
  BACKUP_REMOTE_FAILED: {
    family: 'external',
    meaning: 'a restic or dump command on the host failed',
    fix: 'run the command shown by hand on the host to see its whole output',
  },
})
