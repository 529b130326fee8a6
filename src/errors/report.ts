import {defineCodes} from './define.js'
import {UserError, type SourceLocation} from './ops-error.js'

const MAKE_ONE = 'save a new one with `kotadc status --json > status.json` (with --env lab for the lab), or leave --from out to gather live'

/** Constructors of the `kotadc report` errors (codes REPORT_*): a saved snapshot that cannot be used, an output that cannot be written. */
export const reportErrors = {
  snapshotUnreadable: (file: string, why: string) =>
    new UserError({
      code: 'REPORT_SNAPSHOT_UNREADABLE',
      message: `--from ${file}: ${why}`,
      hint: `name the file \`kotadc status --json\` wrote; ${MAKE_ONE}`,
    }),
  snapshotNotJson: (file: string, why: string, location?: SourceLocation) =>
    new UserError({
      code: 'REPORT_SNAPSHOT_NOT_JSON',
      message: `--from ${file} is not JSON (${why})`,
      hint: `a status snapshot is the one JSON object \`kotadc status --json\` prints on stdout; ${MAKE_ONE}`,
      ...(location ? {location} : {}),
    }),
  snapshotVersion: (file: string, version: unknown, supported: number) =>
    new UserError({
      code: 'REPORT_SNAPSHOT_VERSION',
      message: `--from ${file} is a status snapshot of format version ${JSON.stringify(version)}; this kotadc reads version ${supported}`,
      hint: `make the report with the kotadc that saved the snapshot, or ${MAKE_ONE}`,
    }),
  snapshotFailedRun: (file: string, code: string, message: string) =>
    new UserError({
      code: 'REPORT_SNAPSHOT_FAILED_RUN',
      message: `--from ${file} holds the error of a status run that failed, not a snapshot: ${message} [${code}]`,
      hint: `fix what that run reported, then ${MAKE_ONE}`,
    }),
  snapshotInvalid: (file: string, issues: readonly {path: string; problem: string}[]) =>
    new UserError({
      code: 'REPORT_SNAPSHOT_INVALID',
      message: `--from ${file} is not a status snapshot: ${issues
        .slice(0, 5)
        .map((i) => `${i.path}: ${i.problem}`)
        .join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`,
      hint: `the file was changed by hand or written by something else; ${MAKE_ONE}`,
    }),
  outUnwritable: (file: string, why: string) =>
    new UserError({
      code: 'REPORT_OUT_UNWRITABLE',
      message: `cannot write the report to ${file}: ${why}`,
      hint: 'name a file in an existing directory you can write to (--out DIR/report.html); an existing file is replaced whole',
    }),
}

export const reportCodes = defineCodes({
  REPORT_SNAPSHOT_UNREADABLE: {
    family: 'user',
    meaning: 'the --from file cannot be read: missing, not a regular file, unreadable or too large',
    fix: 'name the file `kotadc status --json` wrote, or leave --from out to gather live',
  },
  REPORT_SNAPSHOT_NOT_JSON: {
    family: 'user',
    meaning: 'the --from file is not JSON; the error names the line and column',
    fix: 'save a new snapshot with `kotadc status --json > status.json`',
  },
  REPORT_SNAPSHOT_VERSION: {
    family: 'user',
    meaning: 'the --from snapshot was written in another format version than this kotadc reads',
    fix: 'make the report with the kotadc that saved it, or save a new snapshot',
  },
  REPORT_SNAPSHOT_FAILED_RUN: {
    family: 'user',
    meaning: 'the --from file holds the JSON error of a `status --json` run that failed, not a snapshot',
    fix: 'fix what that run reported and save a new snapshot',
  },
  REPORT_SNAPSHOT_INVALID: {
    family: 'user',
    meaning: 'the --from JSON lacks fields of a status snapshot or has values of the wrong kind; the error names each by its path',
    fix: 'save a new snapshot with `kotadc status --json > status.json`; do not edit it by hand',
  },
  REPORT_OUT_UNWRITABLE: {
    family: 'user',
    meaning: 'the report file cannot be written (missing directory, no permission, a directory of that name)',
    fix: 'name a file in an existing directory you can write to',
  },
})
