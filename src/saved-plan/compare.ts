import type {HostChanges, InputDigests, PlannedTask} from './bundle.js'

/**
 * One way the world no longer matches a saved plan. `name` is what changed (a file path, a secret's name, a stack,
 * a host): never a value. `what` says how, in words for the refusal.
 */
export interface PlanDifference {
  kind: 'file' | 'secret' | 'stack' | 'terraform' | 'kotadc' | 'state' | 'host' | 'task'
  name: string
  what: string
  /** For kind task: the host and phase the task runs in. */
  host?: string
  phase?: string
}

function compareMaps(kind: 'file' | 'secret' | 'stack', saved: Record<string, string>, now: Record<string, string>): PlanDifference[] {
  const out: PlanDifference[] = []
  for (const name of [...new Set([...Object.keys(saved), ...Object.keys(now)])].sort()) {
    const before = saved[name]
    const after = now[name]
    if (before === after) continue
    const what = before === undefined ? 'added since the plan' : after === undefined ? 'removed since the plan' : 'changed since the plan'
    out.push({kind, name, what: kind === 'stack' && before && after ? 'synthesized differently since the plan' : what})
  }
  return out
}

/**
 * Inputs that differ between the plan and now. Secret digests are only comparable under the same salt: the caller
 * computes `now` with the saved plan's salt.
 */
export function compareInputs(saved: InputDigests, now: InputDigests): PlanDifference[] {
  const out = [...compareMaps('file', saved.files, now.files), ...compareMaps('secret', saved.secrets, now.secrets)]
  if (saved.terraform !== null && saved.terraform !== now.terraform)
    out.push({kind: 'terraform', name: saved.terraform, what: `the plan was made with ${saved.terraform}, this run has ${now.terraform ?? 'none'}`})
  if (saved.kotadc !== now.kotadc)
    out.push({
      kind: 'kotadc',
      name: saved.kotadc ?? 'unknown',
      what: `the plan was made with kotadc ${saved.kotadc ?? '?'}, this is kotadc ${now.kotadc ?? '?'}`,
    })
  return [...out, ...compareMaps('stack', saved.stacks, now.stacks)]
}

/** States of stacks whose lineage/serial moved since the plan: terraform would refuse the saved plan file mid-deploy. */
export function compareStates(saved: Readonly<Record<string, string | null>>, now: Readonly<Record<string, string | null>>): PlanDifference[] {
  return Object.keys(saved)
    .sort()
    .filter((stack) => (saved[stack] ?? null) !== (now[stack] ?? null))
    .map((stack) => ({kind: 'state' as const, name: stack, what: 'its terraform state changed since the plan (another apply ran)'}))
}

const describe = (t: PlannedTask | undefined): string => (t ? `${t.status === 'changed' ? 'change' : t.status} (${t.summary})` : 'no such task')

// A changed task must still change the same way; an unchanged one only has to stay unchanged (its reason may carry a
// date or a count that moves without meaning anything).
const same = (a: PlannedTask, b: PlannedTask): boolean => a.status === b.status && (a.status !== 'changed' || a.summary === b.summary)

/**
 * Hosts whose check-mode change list differs from the one saved: a host that appeared or went away, or each task
 * that would now do something else. Both lists are of the same phase.
 */
export function compareHostChanges(phase: string, saved: readonly HostChanges[], now: readonly HostChanges[]): PlanDifference[] {
  const out: PlanDifference[] = []
  const before = new Map(saved.filter((h) => h.phase === phase).map((h) => [h.host, h]))
  const after = new Map(now.filter((h) => h.phase === phase).map((h) => [h.host, h]))
  for (const host of [...new Set([...before.keys(), ...after.keys()])]) {
    const b = before.get(host)
    const a = after.get(host)
    if (!b || !a) {
      out.push({kind: 'host', name: host, phase, what: b ? `phase ${phase} no longer runs on it` : `phase ${phase} now runs on it too`})
      continue
    }
    const names = [...new Set([...b.tasks.map((t) => t.name), ...a.tasks.map((t) => t.name)])]
    for (const name of names) {
      const bt = b.tasks.find((t) => t.name === name)
      const at = a.tasks.find((t) => t.name === name)
      if (bt && at && same(bt, at)) continue
      out.push({kind: 'task', name, host, phase, what: `planned: ${describe(bt)}; now: ${describe(at)}`})
    }
  }
  return out
}

/** One line per difference, for the refusal's message. */
export const describeDifference = (d: PlanDifference): string => {
  switch (d.kind) {
    case 'file':
      return `file ${d.name} ${d.what}`
    case 'secret':
      return `secret ${d.name} ${d.what}`
    case 'stack':
      return `stack ${d.name} ${d.what}`
    case 'terraform':
    case 'kotadc':
      return d.what
    case 'state':
      return `stack ${d.name}: ${d.what}`
    case 'host':
      return `host ${d.name}: ${d.what}`
    case 'task':
      return `host ${d.host ?? '?'}, task "${d.name}" (phase ${d.phase ?? '?'}): ${d.what}`
  }
}
