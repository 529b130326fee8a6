import {defineCodes} from './define.js'
import {ExternalError, UserError} from './ops-error.js'

/** Errors of the audit trail commands (`kotadc audit log|show|verify`, src/services/audit/). */
export const auditErrors = {
  notFound: (n: number, count: number, where: string) =>
    new UserError({
      code: 'AUDIT_RECORD_NOT_FOUND',
      message: count === 0 ? `${where} holds no audit record yet` : `there is no audit record ${n} in ${where}: it holds records 1 to ${count}`,
      hint: count === 0 ? 'records are written by `kotadc deploy`' : 'pick a number from the first column of `kotadc audit log`',
    }),
  sinceInvalid: (value: string) =>
    new UserError({
      code: 'AUDIT_SINCE_INVALID',
      message: `--since ${JSON.stringify(value)} is not a duration or a date`,
      hint: 'use a number and a unit (30m, 12h, 7d, 4w) or an ISO date such as 2026-11-01',
    }),
  readFailed: (where: string, reason: string) =>
    new ExternalError({
      code: 'AUDIT_READ_FAILED',
      message: `cannot read the audit trail in ${where}: ${reason}`,
      hint: 'check that the file is readable, or that the pg backend database answers (terraform.backend.connString)',
    }),
}

export const auditCodes = defineCodes({
  AUDIT_RECORD_NOT_FOUND: {
    family: 'user',
    meaning: '`audit show N` named a record number the audit trail does not have',
    fix: 'take the number from the first column of `kotadc audit log`',
  },
  AUDIT_SINCE_INVALID: {
    family: 'user',
    meaning: '`--since` is neither a duration (30m, 12h, 7d, 4w) nor a date',
    fix: 'write it as a number and a unit, or as an ISO date',
  },
  AUDIT_READ_FAILED: {
    family: 'external',
    meaning: 'the audit file or the pg backend’s kotadc_audit table could not be read',
    fix: 'check the file’s permissions, or that the pg backend database answers',
  },
})
