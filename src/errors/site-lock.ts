import {defineCodes} from './define.js'
import {ExternalError, UserError} from './ops-error.js'

/** Errors of the site's one lock, taken by every command that changes hosts (src/services/site-lock.ts). */
export const siteLockErrors = {
  held: (where: string, holder: string) =>
    new UserError({
      code: 'SITE_LOCKED',
      message: `the site lock (${where}) is held by ${holder}`,
      hint: 'wait for that command to finish, then run again; kotadc never takes a lock over',
    }),
  unreadable: (file: string) =>
    new UserError({
      code: 'SITE_LOCKED',
      message: `the site lock ${file} exists but does not say who holds it`,
      hint: `kotadc did not write it; make sure no kotadc command is changing this site, then remove ${file} and run again`,
    }),
  stale: (file: string, holder: string, pid: number) =>
    new UserError({
      code: 'SITE_LOCK_STALE',
      message: `the site lock ${file} was left by ${holder}, which no longer runs on this machine`,
      hint: `it may have stopped half-way: check that \`ps -p ${pid}\` shows no kotadc, review with \`kotadc plan\`, then remove ${file} and run again`,
    }),
  failed: (where: string, reason: string) =>
    new ExternalError({
      code: 'SITE_LOCK_FAILED',
      message: `cannot take the site lock (${where}): ${reason}`,
      hint: 'check that .kotadc/ is writable, or that the pg backend database answers (terraform.backend.connString)',
    }),
}

export const siteLockCodes = defineCodes({
  SITE_LOCKED: {
    family: 'user',
    meaning: 'another kotadc command that changes hosts (deploy, run, exec, backup, pki init) holds the site lock, here or on another machine',
    fix: 'wait for it to finish, then run again; a lock is never taken over',
  },
  SITE_LOCK_STALE: {
    family: 'user',
    meaning: 'the site lock file was left by a command that no longer runs on this machine; it is reported, never taken over',
    fix: 'check that the pid named runs no kotadc, review with `kotadc plan`, remove the lock file named, and run again',
  },
  SITE_LOCK_FAILED: {
    family: 'external',
    meaning: 'the site lock could not be taken (file system or PostgreSQL failure)',
    fix: 'check that .kotadc/ is writable, or that the pg backend database answers',
  },
})
