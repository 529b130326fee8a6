import type {DeployResult} from '../../services/deploy.js'
import type {StacksSynthResult} from '../../services/stacks-synth.js'
import {renderVmsPhase} from './vm.js'
import type {ProvidersMirrorResult} from '../../services/providers-mirror.js'
import type {Painter} from '../style.js'
import type {HostReport} from '../../exec/runner/types.js'
import type {PhaseReport} from '../../services/deploy/context.js'
import {renderHost, renderStack, renderStatus, seconds} from './plan.js'

interface PhaseCounts {
  changed: number
  ok: number
  failed: number
}

/** Hosts (playbook phases), stacks (stack phases) or hypervisors (the vms phase) by outcome. */
export function phaseCounts(p: PhaseReport): PhaseCounts {
  const hosts = p.hosts ?? []
  const stacks = p.stacks ?? []
  const hvs = p.vms ?? []
  const hvChanged = hvs.filter((h) => h.actions.length > 0 && h.errors.length === 0).length
  const hvOk = hvs.filter((h) => h.actions.length === 0 && h.errors.length === 0).length
  return {
    changed: hosts.filter((h) => h.status === 'changed').length + stacks.filter((s) => s.applied && !s.error).length + hvChanged,
    ok: hosts.filter((h) => h.status === 'ok').length + stacks.filter((s) => !s.applied && !s.error).length + hvOk,
    failed:
      hosts.filter((h) => h.status === 'failed' || h.status === 'unreachable').length +
      stacks.filter((s) => s.error).length +
      hvs.filter((h) => h.errors.length).length,
  }
}

/** The longest phase status, `unchanged`: durations line up under each other. */
const STATUS_WIDTH = 9

const worthShowing = (h: HostReport): boolean => h.status !== 'ok'

/**
 * A deploy for people: one line per phase with its duration and counts, the detail of the hosts (or stacks) that
 * changed or failed (every one with verbose), the verdict, and where the time went.
 */
export function renderDeploy(r: DeployResult, paint: Painter, verbose = false): string {
  const width = Math.max(...r.phases.map((p) => p.name.length))
  const lines: string[] = []
  for (const p of r.phases) {
    const head = `${paint('bold', p.name.padEnd(width))}  ${renderStatus(p.status, paint)}`
    if (p.durationMs === undefined) {
      lines.push(`${head}${p.reason ? ` (${p.reason})` : ''}`)
      continue
    }
    const pad = ' '.repeat(Math.max(0, STATUS_WIDTH - p.status.length))
    const c = phaseCounts(p)
    const failed = c.failed ? paint('red', `${c.failed} failed`) : '0 failed'
    lines.push(`${head}${pad}  ${seconds(p.durationMs)}  ${c.changed} changed, ${c.ok} ok, ${failed}${p.reason ? ` (${p.reason})` : ''}`)
    for (const h of (p.hosts ?? []).filter((x) => verbose || worthShowing(x))) lines.push(...renderHost(h, paint, verbose))
    for (const s of (p.stacks ?? []).filter((x) => verbose || x.applied || x.error || (x.plan?.changes.length ?? 0) > 0))
      lines.push(...renderStack(s, paint))
    lines.push(...renderVmsPhase(p.vms ?? [], paint))
    if (p.error && !(p.stacks ?? []).some((s) => s.error) && !p.vms?.length) {
      lines.push(`    ${paint('red', 'error:')} ${p.error.message}  [${p.error.code}]`, ...(p.error.hint ? [`    fix: ${p.error.hint}`] : []))
    }
  }
  const a = r.audit
  const commit = a.inventoryCommit ? `${a.inventoryCommit.slice(0, 12)}${a.dirty ? ' (dirty)' : ''}` : 'not in git'
  const verdict = r.outcome === 'succeeded' ? paint('green', 'deploy succeeded') : paint('red', 'deploy failed')
  lines.push(`${verdict} (site ${r.site}${r.env ? `, env ${r.env}` : ''}, inventory ${commit}, ${seconds(a.durationMs)}; recorded in the audit log)`)
  const slowest = renderSlowest(r.phases)
  if (slowest) lines.push(slowest)
  return lines.join('\n')
}

/** `slowest: phase base 41.2s, host net1 38.0s (base)`: where a long deploy spent its time. */
export function renderSlowest(phases: readonly PhaseReport[]): string | undefined {
  const ran = phases.filter((p) => p.durationMs !== undefined)
  if (ran.length === 0) return undefined
  const phase = ran.reduce((a, b) => ((b.durationMs ?? 0) > (a.durationMs ?? 0) ? b : a))
  const hosts = ran.flatMap((p) =>
    (p.hosts ?? []).filter((h) => h.durationMs !== undefined).map((h) => ({phase: p.name, host: h.host, ms: h.durationMs ?? 0})),
  )
  const host = hosts.length ? hosts.reduce((a, b) => (b.ms > a.ms ? b : a)) : undefined
  return `slowest: phase ${phase.name} ${seconds(phase.durationMs ?? 0)}${host ? `, host ${host.host} ${seconds(host.ms)} (${host.phase})` : ''}`
}

export function renderSynth(r: StacksSynthResult, paint: Painter): string {
  const lines = r.stacks.map(
    (s) =>
      `${s.stack}  ${s.containers} container${s.containers === 1 ? '' : 's'}  ${s.written.length === 0 ? paint('dim', 'unchanged') : paint('yellow', `wrote ${s.written.join(', ')}`)}${s.needsInit ? '  (init pending)' : ''}`,
  )
  lines.push(`${r.stacks.length} stack${r.stacks.length === 1 ? '' : 's'}, ${r.written} rewritten, ${r.durationMs} ms`)
  return lines.join('\n')
}

export const renderMirror = (r: ProvidersMirrorResult, paint: Painter): string =>
  `${paint('green', 'mirrored')} ${r.providers.join(', ')} for ${r.platforms.join(', ')} into ${r.dir}\nnext: copy ${r.dir} to the air-gapped site and set terraform.providerMirror to its path there`
