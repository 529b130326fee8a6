import type {ErrorCodeOf, IssueCode} from './catalog.js'
import type {SourceLocation} from './ops-error.js'
import {UserError} from './ops-error.js'

export type IssueSeverity = 'error' | 'warning'

/** One problem found in the inventory. Validation collects all of them before reporting. */
export interface InventoryIssue {
  /** An issue code, or a user error code when a check that also runs alone reports into the list. */
  code: IssueCode | ErrorCodeOf<'user'>
  severity: IssueSeverity
  /** Key path in the file, e.g. `hosts[3].address`; empty for whole-file problems. */
  path: string
  message: string
  hint: string
  location: SourceLocation
  /** The name the issue is about (a secret, a domain), for grouping repeated warnings of one kind. */
  subject?: string
}

const byLocation = (a: InventoryIssue, b: InventoryIssue): number =>
  a.location.file.localeCompare(b.location.file) ||
  a.location.line - b.location.line ||
  a.location.col - b.location.col ||
  a.code.localeCompare(b.code)

export const sortIssues = (issues: readonly InventoryIssue[]): InventoryIssue[] => [...issues].sort(byLocation)

/** Raised when the inventory has at least one error; carries every issue found, sorted by file and line. */
export class InventoryInvalidError extends UserError {
  readonly issues: InventoryIssue[]

  constructor(issues: readonly InventoryIssue[]) {
    const sorted = sortIssues(issues)
    const errors = sorted.filter((i) => i.severity === 'error')
    const first = errors[0]
    super({
      code: 'INVENTORY_INVALID',
      message: `the inventory has ${errors.length} error${errors.length === 1 ? '' : 's'}`,
      hint: 'fix each problem listed above, then run `kotadc validate` again',
      ...(first ? {location: first.location} : {}),
    })
    this.issues = sorted
  }

  override details(): unknown {
    return {issues: this.issues}
  }
}
