import type {AuditPhase} from '../../exec/audit.js'
import type {PhaseReport} from './context.js'

function playbookChanges(p: PhaseReport): string[] {
  return (p.hosts ?? []).flatMap((h) => [...h.tasks, ...h.handlers].filter((t) => t.status === 'changed').map((t) => `${h.host}: ${t.name}`))
}

/** The audit form of one phase report. */
export function auditPhase(p: PhaseReport): AuditPhase {
  if (p.status === 'not-run') return {name: p.name, status: 'not-run', reason: p.reason ?? 'not run'}
  const stacks = p.stacks ?? []
  const changes = [...playbookChanges(p), ...stacks.filter((s) => s.applied === true).map((s) => `stack ${s.stack}`)]
  // An apply was attempted when the plan had changes and the stack ended in an error without being marked applied.
  const uncertain = stacks.filter((s) => s.error && s.applied === undefined && (s.plan?.changes.length ?? 0) > 0).map((s) => `stack ${s.stack}`)
  // A deploy never reports `changes` (that is plan's word); treat it as changed should it ever appear.
  const status = p.status === 'changes' ? 'changed' : p.status
  return {
    name: p.name,
    status,
    changed: changes.length > 0 || uncertain.length > 0,
    failed: p.status === 'failed',
    changes,
    ...(uncertain.length > 0 ? {uncertain} : {}),
  }
}

/** The phases with no report: the one that was running when a signal or a crash stopped the deploy, and those after it. */
export function unfinishedPhases(
  names: readonly string[],
  end: {signal?: string | undefined; running?: string | undefined; refused?: string | undefined},
): AuditPhase[] {
  if (end.refused) return names.map((name) => ({name, status: 'not-run', reason: `refused before any change: ${end.refused}`}))
  const stopper = end.signal ? `a ${end.signal}` : 'an internal error'
  return names.map((name) =>
    name === end.running
      ? {name, status: 'interrupted', reason: `${stopper} stopped the deploy while this phase ran; it may have changed hosts`}
      : {
          name,
          status: 'not-run',
          reason: end.running ? `${stopper} stopped the deploy during phase ${end.running}` : `${stopper} stopped the deploy`,
        },
  )
}
