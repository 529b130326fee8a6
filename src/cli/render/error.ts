import type {InventoryIssue} from '../../errors/inventory-issue.js'
import {InventoryInvalidError} from '../../errors/inventory-issue.js'
import type {OpsError, SourceLocation} from '../../errors/ops-error.js'
import {ExternalError} from '../../errors/ops-error.js'
import type {Painter} from '../style.js'

export const formatLocation = (l: SourceLocation): string => `${l.file}:${l.line}:${l.col}`

/** `file:line:col  path: message  [CODE]` then an indented `fix:` line, as STYLE.md section 3 shows. */
export const renderIssue = (issue: InventoryIssue, paint: Painter): string => {
  const where = paint('bold', formatLocation(issue.location))
  const level = issue.severity === 'warning' ? paint('yellow', 'warning: ') : ''
  const what = issue.path ? `${issue.path}: ${issue.message}` : issue.message
  return `${where}  ${level}${what}  ${paint('dim', `[${issue.code}]`)}\n  fix: ${issue.hint}`
}

export const renderIssues = (issues: readonly InventoryIssue[], paint: Painter): string =>
  issues.map((i) => renderIssue(i, paint)).join('\n')

/** Human form of any OpsError, for stderr. */
export const renderError = (err: OpsError, paint: Painter): string => {
  if (err instanceof InventoryInvalidError) {
    const errors = err.issues.filter((i) => i.severity === 'error').length
    const warnings = err.issues.length - errors
    const tally = `${errors} error${errors === 1 ? '' : 's'}` + (warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : '')
    return `${renderIssues(err.issues, paint)}\n${paint('red', `inventory invalid: ${tally}`)}`
  }
  const where = err.location ? `${paint('bold', formatLocation(err.location))}  ` : ''
  const lines = [`${where}${paint('red', 'error:')} ${err.message}  ${paint('dim', `[${err.code}]`)}`]
  if (err instanceof ExternalError && err.failure) {
    lines.push(`  ran: ${err.failure.argv.join(' ')} (exit ${err.failure.exitCode ?? err.failure.signal ?? '?'})`)
    const tail = err.failure.stderrTail.trim()
    if (tail) lines.push(...tail.split('\n').map((l) => `  | ${l}`))
  }
  if (err.hint) lines.push(`  fix: ${err.hint}`)
  return lines.join('\n')
}
