import type {OpsErrorJson} from '../../errors/ops-error.js'
import type {HostReport, TaskReport} from '../../exec/runner/types.js'
import type {ExecResult} from '../../services/exec-command.js'
import type {RunPlaybookResult} from '../../services/run-playbook.js'
import type {Painter} from '../style.js'
import {formatLocation} from './error.js'
import {renderTable} from './table.js'

const STATUS_STYLE = {ok: 'green', changed: 'yellow', failed: 'red', unreachable: 'red', skipped: 'dim'} as const

const errorLines = (e: OpsErrorJson, paint: Painter): string[] => {
  const lines = [`${e.location ? `${formatLocation(e.location)}  ` : ''}${paint('red', 'error:')} ${e.message}  ${paint('dim', `[${e.code}]`)}`]
  const f = e.details as {argv?: string[]; exitCode?: number | null; stderrTail?: string} | undefined
  if (f && Array.isArray(f.argv)) {
    lines.push(`  ran: ${f.argv.join(' ')} (exit ${f.exitCode ?? '?'})`)
    if (f.stderrTail?.trim())
      lines.push(
        ...f.stderrTail
          .trim()
          .split('\n')
          .map((l) => `  | ${l}`),
      )
  }
  if (e.hint) lines.push(`  fix: ${e.hint}`)
  return lines
}

function taskLines(t: TaskReport, paint: Painter, verbose: boolean, prefix = ''): string[] {
  if (!verbose && t.status === 'ok') return []
  if (!verbose && t.status === 'skipped') return []
  const lines = [
    `  ${paint(STATUS_STYLE[t.status], t.status.padEnd(7))} ${prefix}${t.name}${t.summary ? paint('dim', `  ${t.summary.split('\n')[0]}`) : ''}`,
  ]
  if (t.diff)
    lines.push(
      ...t.diff
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l.startsWith('+') ? paint('green', l) : l.startsWith('-') ? paint('red', l) : l}`),
    )
  if (t.error) lines.push(...errorLines(t.error, paint).map((l) => `    ${l}`))
  return lines
}

function hostBlock(h: HostReport, paint: Painter, verbose: boolean): string[] {
  const lines = [
    `${paint('bold', h.host)}  ${paint(STATUS_STYLE[h.status], h.status)}${h.reconnects ? paint('dim', `  (reconnected ${h.reconnects}×)`) : ''}`,
  ]
  for (const t of h.tasks) lines.push(...taskLines(t, paint, verbose))
  for (const t of h.handlers) lines.push(...taskLines(t, paint, verbose, 'handler: '))
  if (h.error && !h.tasks.some((t) => t.error)) lines.push(...errorLines(h.error, paint).map((l) => `  ${l}`))
  if (h.notConverged?.length) lines.push(`  ${paint('yellow', 'warning:')} still not converged after apply: ${h.notConverged.join(', ')}`)
  return lines
}

/** Human form of `kotadc run`: what changed or failed per host (everything with --verbose), then a summary table. */
export function renderRunResult(r: RunPlaybookResult, paint: Painter, verbose = false): string {
  const blocks = r.hosts.map((h) => hostBlock(h, paint, verbose).join('\n'))
  const count = (h: HostReport, s: string): string => String(h.tasks.filter((t) => t.status === s).length)
  const table = renderTable<HostReport>(
    [
      {header: 'HOST', value: (h) => h.host},
      {header: 'STATUS', value: (h) => h.status},
      ...(['ok', 'changed', 'failed', 'skipped'] as const).map((s) => ({
        header: s.toUpperCase(),
        value: (h: HostReport) => count(h, s),
        align: 'right' as const,
      })),
    ],
    r.hosts,
    paint,
  )
  const s = r.summary
  const tally = `${r.check ? 'check (nothing changed): ' : ''}playbook ${r.playbook}: ${s.ok} ok, ${s.changed} changed, ${s.failed} failed, ${s.unreachable} unreachable`
  const trouble = r.hosts.filter((h) => h.status === 'failed' || h.status === 'unreachable').map((h) => `${h.host} (${h.status})`)
  return [
    ...blocks,
    '',
    table,
    paint(trouble.length ? 'red' : 'green', tally),
    ...(trouble.length ? [paint('red', `needs attention: ${trouble.join(', ')}`)] : []),
    ...(r.aborted ? [paint('red', `aborted: ${r.aborted.reason}; not started: ${r.aborted.skippedHosts.join(', ')}`)] : []),
  ].join('\n')
}

/** Human form of `kotadc exec`: each host's output under its name. */
export function renderExecResult(r: ExecResult, paint: Painter): string {
  const blocks = r.hosts.map((h) => {
    const head = `${paint('bold', h.host)}  ${paint(h.status === 'ok' ? 'green' : 'red', h.status)}${h.exitCode !== null && h.exitCode !== 0 ? ` (exit ${h.exitCode})` : ''}`
    const body = [h.stdout.trimEnd(), h.stderr.trimEnd() ? paint('dim', h.stderr.trimEnd()) : ''].filter((x) => x !== '')
    return [
      head,
      ...body.map((b) =>
        b
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n'),
      ),
      ...(h.error ? errorLines(h.error, paint).map((l) => `  ${l}`) : []),
    ].join('\n')
  })
  const s = r.summary
  return [
    ...blocks,
    paint(s.failed + s.unreachable ? 'red' : 'green', `${r.command}: ${s.ok} ok, ${s.failed} failed, ${s.unreachable} unreachable`),
  ].join('\n')
}
