import type {InventoryIssue} from './inventory-issue.js'
import {sortIssues} from './inventory-issue.js'
import type {SourceLocation} from './ops-error.js'
import {UserError} from './ops-error.js'
import {didYouMean} from '../playbooks/suggest.js'

/** A problem at one place in a playbook file; same shape as an inventory issue so the CLI renders both alike. */
export type PlaybookIssue = InventoryIssue

/** Raised when a playbook file has at least one error; carries every issue, sorted by line. */
export class PlaybookInvalidError extends UserError {
  readonly issues: PlaybookIssue[]

  constructor(file: string, issues: readonly PlaybookIssue[]) {
    const sorted = sortIssues(issues)
    const first = sorted[0]
    super({
      code: 'PLAYBOOK_INVALID',
      message: first && sorted.length === 1 ? `${first.path ? `${first.path}: ` : ''}${first.message}` : `playbook ${file} has ${sorted.length} errors`,
      hint: first && sorted.length === 1 ? first.hint : 'fix each problem listed above, then run again',
      ...(first ? {location: first.location} : {}),
    })
    this.issues = sorted
  }

  override details(): unknown {
    return {issues: this.issues}
  }
}

export const playbookIssue = (code: string, message: string, hint: string, location: SourceLocation, path = ''): PlaybookIssue => ({
  code,
  severity: 'error',
  path,
  message,
  hint,
  location,
})

const at = (location?: SourceLocation): {location?: SourceLocation} => (location ? {location} : {})

export const playbookErrors = {
  notFound: (name: string, tried: readonly string[], known: readonly string[]) =>
    new UserError({
      code: 'PLAYBOOK_NOT_FOUND',
      message: `playbook ${JSON.stringify(name)} not found (looked for ${tried.join(', ')})`,
      hint: `${didYouMean(name, known)}available: ${known.join(', ') || '(none)'}; a user playbook is inventory/playbooks/<name>.yaml`,
    }),
  unreadable: (file: string, reason: string) =>
    new UserError({code: 'PLAYBOOK_UNREADABLE', message: `cannot read playbook ${file}: ${reason}`, hint: 'check that the file exists and is readable'}),
  targetUnknown: (kind: 'host' | 'role' | 'agency', name: string, known: readonly string[], location?: SourceLocation) =>
    new UserError({
      code: 'PLAYBOOK_TARGET_UNKNOWN',
      message: `target ${kind === 'host' ? '' : `${kind}:`}${name}: no ${kind} ${JSON.stringify(name)} in the inventory`,
      hint: `${didYouMean(name, known)}targets are host names, role:<role>, agency:<code> or all${known.length ? `; known ${kind}s: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}` : ''}`,
      ...at(location),
    }),
  targetInvalid: (expr: string, location?: SourceLocation) =>
    new UserError({
      code: 'PLAYBOOK_TARGET_INVALID',
      message: `target ${JSON.stringify(expr)} is not a host name, role:<role>, agency:<code> or all`,
      hint: 'write e.g. docker1, role:docker, agency:dinkes or all',
      ...at(location),
    }),
  noHosts: (targets: readonly string[], limit: readonly string[]) =>
    new UserError({
      code: 'RUN_NO_HOSTS',
      message: `no host matches: targets ${targets.join(', ')}${limit.length ? ` limited to ${limit.join(', ')}` : ''}`,
      hint: 'check --limit against the playbook targets (kotadc inventory list hosts)',
    }),
  builtinInvalid: (playbook: string, detail: string) =>
    new UserError({
      code: 'PLAYBOOK_BUILTIN_INPUT_INVALID',
      message: `built-in playbook ${playbook} cannot use the inventory as it is: ${detail}`,
      hint: 'fix the inventory value named above (kotadc validate shows where it is)',
    }),
}
