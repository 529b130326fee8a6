import {ERROR_CODES} from '../../errors/catalog.js'
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

export const renderIssues = (issues: readonly InventoryIssue[], paint: Painter): string => issues.map((i) => renderIssue(i, paint)).join('\n')

/** Warnings of one code beyond this many are shown as one line (all of them with --verbose). */
const GROUP_ABOVE = 3
const NAMES_SHOWN = 4

/** One line for a run of warnings of one code: the count, the first few names and where the first is, the generic fix. */
const renderGroup = (group: readonly InventoryIssue[], paint: Painter): string => {
  const first = group[0] as InventoryIssue
  const names = [...new Set(group.map((i) => i.subject ?? formatLocation(i.location)))]
  const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? `, … ${names.length - NAMES_SHOWN} more` : '')
  const fix = ERROR_CODES.get(first.code)?.fix ?? first.hint
  return (
    `${paint('yellow', 'warning:')} ${group.length} × ${first.message.replace(first.subject ?? '\0', '…')}: ${shown}  ${paint('dim', `[${first.code}]`)}\n` +
    `  first at ${paint('bold', formatLocation(first.location))}; --verbose lists every one\n  fix: ${fix}`
  )
}

/** Warnings as renderIssues prints them, except that more than a few of one code become one line unless verbose. */
export function renderWarnings(issues: readonly InventoryIssue[], paint: Painter, verbose: boolean): string {
  if (verbose) return renderIssues(issues, paint)
  const byCode = new Map<string, InventoryIssue[]>()
  for (const i of issues) byCode.set(i.code, [...(byCode.get(i.code) ?? []), i])
  const out: string[] = []
  for (const group of byCode.values()) out.push(group.length > GROUP_ABOVE ? renderGroup(group, paint) : renderIssues(group, paint))
  return out.join('\n')
}

/** Human form of any OpsError, for stderr: with the problems found beside it, each in full and then a count. */
export const renderError = (err: OpsError, paint: Painter): string => {
  if (err.also.length === 0) return renderOne(err, paint)
  const all = [err, ...err.also]
  return [...all.map((e) => renderOne(e, paint)), paint('red', `${all.length} problems found; fix each one above, then run again`)].join('\n')
}

const renderOne = (err: OpsError, paint: Painter): string => {
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
