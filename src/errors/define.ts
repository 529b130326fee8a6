import type {ErrorFamily} from './ops-error.js'

/** Which error report carries an issue code: issues are collected, then raised together inside one error. */
export type IssueCarrier = 'INVENTORY_INVALID' | 'PLAYBOOK_INVALID'

/** What the catalogue records about one code; docs/errors.md is generated from it. */
export interface CodeInfo {
  family: ErrorFamily
  /** What went wrong, in one sentence a sysadmin understands without the source. */
  meaning: string
  /** The general way out; the error's own hint names the file, host or value. */
  fix: string
  /** Set for issue codes: the error that carries them. */
  issue?: IssueCarrier
  /** Issue codes only: a warning is reported but does not fail the command. */
  warning?: true
}

/** Keeps the literal families of a capability's code table, so the code union can be split by family. */
export const defineCodes = <const T extends Record<string, CodeInfo>>(codes: T): T => codes
