import type {SourceLocation} from '../errors/ops-error.js'
import {BugError, UserError} from '../errors/ops-error.js'

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
}
