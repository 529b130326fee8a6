import type {HostReport, TaskReport} from '../../exec/runner/types.js'
import type {PhaseReport, StackReport} from '../../services/deploy/context.js'
import type {PlanResult} from '../../services/plan.js'

/** Merge-request comments have a size limit (GitHub: 65,536 characters); past this the diffs are left out. */
export const MARKDOWN_MAX = 60_000

const VERDICT: Record<number, string> = {0: 'no changes', 1: 'stopped by an error you can fix', 2: 'changes pending', 3: 'a host or terraform failed'}
const ICON: Record<string, string> = {unchanged: '✅', changes: '📝', failed: '❌', skipped: '⏭️', 'not-run': '⏭️', changed: '📝'}
const SIGN: Record<string, string> = {create: '+', update: '~', replace: '-/+', delete: '-', forget: '.'}

/** Text from hosts and the inventory is data, not markup: no HTML, no tables broken by a pipe, no emphasis. */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ')

/** A fenced block no content can close early: the fence is longer than any backtick run inside. */
const fenced = (lang: string, body: string): string => {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${lang}\n${body.replace(/\n$/, '')}\n${fence}`
}

/** A folded block, indented to sit inside a list item (every line of it, or the list ends at the fence). */
const details = (summary: string, body: string, indent: string): string[] =>
  ['<details>', `<summary>${summary}</summary>`, '', ...body.split('\n'), '', '</details>'].map((l) => (l === '' ? '' : `${indent}${l}`))

const changedTasks = (h: HostReport): TaskReport[] => [...h.tasks, ...h.handlers].filter((t) => t.status === 'changed' || t.status === 'failed')

function phaseSummary(p: PhaseReport): string {
  if (p.kind === 'stacks') {
    const total = (p.stacks ?? []).reduce((n, s) => n + (s.plan?.changes.length ?? 0), 0)
    return `${total} resource change${total === 1 ? '' : 's'} in ${(p.stacks ?? []).length} stack${(p.stacks ?? []).length === 1 ? '' : 's'}`
  }
  const hosts = (p.hosts ?? []).filter((h) => changedTasks(h).length > 0)
  const tasks = hosts.reduce((n, h) => n + changedTasks(h).length, 0)
  return `${tasks} task${tasks === 1 ? '' : 's'} on ${hosts.length} of ${(p.hosts ?? []).length} host${(p.hosts ?? []).length === 1 ? '' : 's'}`
}

function hostLines(h: HostReport, diffs: boolean): string[] {
  const tasks = changedTasks(h)
  const lines = [`- **${escapeMarkdown(h.host)}**: ${h.status}${h.error ? ` (${escapeMarkdown(h.error.message)}, \`${h.error.code}\`)` : ''}`]
  for (const t of tasks) {
    lines.push(`  - ${t.status === 'failed' ? '❌' : '~'} ${escapeMarkdown(t.name)}: ${escapeMarkdown(t.summary)}`)
    if (diffs && t.diff) lines.push(...details('diff', fenced('diff', t.diff), '    '))
  }
  return lines
}

function stackLines(s: StackReport): string[] {
  const changes = s.plan?.changes ?? []
  const head = `- **${escapeMarkdown(s.stack)}** (host ${escapeMarkdown(s.host)}): ${s.error ? `❌ ${escapeMarkdown(s.error.message)} \`${s.error.code}\`` : `${changes.length} change${changes.length === 1 ? '' : 's'}`}`
  if (changes.length === 0) return [head]
  const body = changes
    .map((c) => `${SIGN[c.action] ?? '?'} ${c.address}${c.replacePaths ? ` (replace: ${c.replacePaths.join(', ')})` : ''}`)
    .join('\n')
  return [head, ...details('resources', fenced('diff', body), '  ')]
}

function phaseBlock(p: PhaseReport, diffs: boolean): string[] {
  const lines = ['', `#### ${ICON[p.status] ?? ''} ${p.name}: ${p.status}${p.reason ? ` (${escapeMarkdown(p.reason)})` : ''}`]
  if (p.error && !(p.stacks ?? []).some((s) => s.error)) lines.push('', `❌ ${escapeMarkdown(p.error.message)} \`${p.error.code}\``)
  const hosts = p.hosts ?? []
  const busy = hosts.filter((h) => changedTasks(h).length > 0 || h.error)
  const quiet = hosts.filter((h) => !busy.includes(h)).map((h) => escapeMarkdown(h.host))
  if (busy.length > 0) lines.push('', ...busy.flatMap((h) => hostLines(h, diffs)))
  if (quiet.length > 0) lines.push('', `Unchanged: ${quiet.join(', ')}`)
  for (const s of p.stacks ?? []) lines.push(...(lines.at(-1) === '' ? [] : ['']), ...stackLines(s))
  return lines
}

function render(r: PlanResult, diffs: boolean): string {
  const where = `site **${escapeMarkdown(r.site)}**${r.env ? ` (env ${escapeMarkdown(r.env)})` : ''}`
  const lines = [
    `### kotadc plan: ${where}: ${VERDICT[r.exitCode] ?? 'done'}`,
    '',
    '| phase | status | what changes |',
    '|---|---|---|',
    ...r.phases.map(
      (p) => `| ${p.name} | ${ICON[p.status] ?? ''} ${p.status} | ${['skipped', 'not-run', 'unchanged'].includes(p.status) ? '' : phaseSummary(p)} |`,
    ),
    ...r.phases.filter((p) => p.status !== 'unchanged' && p.status !== 'skipped').flatMap((p) => phaseBlock(p, diffs)),
  ]
  if (!diffs) lines.push('', '_Diffs left out: the comment would be too long. `kotadc plan --verbose` shows them._')
  if (r.saved)
    lines.push('', `Saved plan ${escapeMarkdown(r.saved.file)} (SHA-256 \`${r.saved.sha256}\`): \`kotadc deploy --plan\` applies exactly this.`)
  if (r.notSaved) lines.push('', `❌ ${escapeMarkdown(r.notSaved.message)} \`${r.notSaved.code}\``)
  return `${lines.join('\n')}\n`
}

/**
 * `kotadc plan --format markdown`: a merge-request comment. Per phase and host what changes, diffs folded in
 * <details>; every text from hosts or the inventory is escaped, and the result is masked before it gets here.
 */
export function renderPlanMarkdown(r: PlanResult): string {
  const full = render(r, true)
  return full.length <= MARKDOWN_MAX ? full : render(r, false)
}
