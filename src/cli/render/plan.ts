import type {HostReport} from '../../exec/runner/types.js'
import type {PhaseReport, PhaseStatus, StackReport} from '../../services/deploy/context.js'
import type {PlanResult} from '../../services/plan.js'
import type {Painter} from '../style.js'
import {renderVmsPhase} from './vm.js'

const STATUS_STYLE: Record<PhaseStatus, Parameters<Painter>[0]> = {
  unchanged: 'green',
  changes: 'yellow',
  changed: 'yellow',
  failed: 'red',
  skipped: 'dim',
  'not-run': 'dim',
}

export const renderStatus = (s: PhaseStatus, paint: Painter): string => paint(STATUS_STYLE[s], s)

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`

/** A task summary past this many characters (a command with hundreds of paths) is cut; --json and --verbose keep it whole. */
const SUMMARY_MAX = 200
const cut = (text: string, full: boolean): string =>
  full || text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX)}… (${text.length - SUMMARY_MAX} more characters)`

export const renderHost = (h: HostReport, paint: Painter, full = false): string[] => {
  const changed = [...h.tasks, ...h.handlers].filter((t) => t.status === 'changed' || t.status === 'failed')
  const lines = [`    ${h.host}: ${h.status}${h.durationMs === undefined ? '' : paint('dim', ` (${seconds(h.durationMs)})`)}`]
  for (const t of changed) lines.push(`      ${t.status === 'failed' ? paint('red', '!') : paint('yellow', '~')} ${t.name}: ${cut(t.summary, full)}`)
  for (const t of h.tasks) if (t.notice) lines.push(`      ${paint('magenta', 'note')} ${t.name}: ${t.notice}`)
  if (h.error && !changed.some((t) => t.status === 'failed')) lines.push(`      ${paint('red', '!')} ${h.error.message}  [${h.error.code}]`)
  return lines
}

export const renderStack = (s: StackReport, paint: Painter): string[] => {
  const cache = `${s.written.length === 0 ? 'synth unchanged' : `wrote ${s.written.join(', ')}`}, init ${s.initialized ? 'ran' : 'cached'}`
  const lines = [`    ${s.stack} (${s.containers} container${s.containers === 1 ? '' : 's'}; ${cache})`]
  const sign: Record<string, string> = {create: '+', update: '~', replace: '-/+', delete: '-', forget: '.'}
  for (const c of s.plan?.changes ?? [])
    lines.push(`      ${paint('yellow', sign[c.action] ?? '?')} ${c.address}${c.replacePaths ? ` (replace: ${c.replacePaths.join(', ')})` : ''}`)
  for (const d of s.plan?.drift ?? []) lines.push(`      ${paint('magenta', 'drift')} ${d.action} ${d.address}`)
  if (s.applied) lines.push(`      ${paint('green', 'applied')}`)
  if (s.error)
    lines.push(`      ${paint('red', '!')} ${s.error.message}  [${s.error.code}]`, ...(s.error.hint ? [`        fix: ${s.error.hint}`] : []))
  return lines
}

/** The phases of a plan, drift or deploy, one block each, in the order they ran. */
export function renderPhases(phases: readonly PhaseReport[], paint: Painter): string {
  const lines: string[] = []
  for (const p of phases) {
    lines.push(`${paint('bold', p.name)} (${p.kind}): ${renderStatus(p.status, paint)}${p.reason ? ` (${p.reason})` : ''}`)
    for (const h of p.hosts ?? []) lines.push(...renderHost(h, paint))
    for (const s of p.stacks ?? []) lines.push(...renderStack(s, paint))
    lines.push(...renderVmsPhase(p.vms ?? [], paint))
    if (p.error && !(p.stacks ?? []).some((s) => s.error) && !p.vms?.length) {
      lines.push(`    ${paint('red', 'error:')} ${p.error.message}  [${p.error.code}]`, ...(p.error.hint ? [`    fix: ${p.error.hint}`] : []))
    }
  }
  return lines.join('\n')
}

const VERDICT: Record<number, string> = {0: 'no changes', 1: 'stopped by an error you can fix', 2: 'changes pending', 3: 'a host or terraform failed'}

export function renderPlan(r: PlanResult, paint: Painter, what = 'plan'): string {
  const verdict = VERDICT[r.exitCode] ?? 'done'
  const tone = r.exitCode === 0 ? 'green' : r.exitCode === 2 ? 'yellow' : 'red'
  const saved = r.saved
    ? `\nsaved to ${r.saved.file} (sha256 ${r.saved.sha256}), encrypted to the inventory's recipients: \`kotadc deploy --plan ${r.saved.file}\` applies exactly this`
    : ''
  const notSaved = r.notSaved ? `\n${paint('red', 'not saved:')} ${r.notSaved.message}  [${r.notSaved.code}]` : ''
  return `${renderPhases(r.phases, paint)}\n${paint(tone, `${what}: ${verdict}`)} (site ${r.site}${r.env ? `, env ${r.env}` : ''}, ${seconds(r.durationMs)})${saved}${notSaved}`
}
