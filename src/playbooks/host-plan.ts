import type {CommandOutput} from '../facts/command-output.js'
import {PlaybookInvalidError} from '../errors/playbook.js'
import type {FactRequest} from '../facts/define.js'
import {isLate} from './expr-check.js'
import {hostFactRequests, hostFactsFrom} from './host-facts.js'
import type {HostTasks, PlaybookTask} from './model.js'
import type {Resolution} from './resolve-task.js'
import {evalAt, renderTask, skippedTask} from './resolve-task.js'
import type {TaskSource} from './task-source.js'
import {argsLate} from './task-source.js'

/** What `register: name` gives later expressions: a check command's exit code and output. */
export interface Registered {
  rc: number | null
  ok: boolean
  stdout: string
  lines: string[]
  skipped: boolean
}

const registeredOf = (out: CommandOutput | undefined): Registered =>
  out
    ? {rc: out.rc, ok: out.rc === 0, stdout: out.stdout, lines: out.stdout === '' ? [] : out.stdout.split('\n'), skipped: false}
    : {rc: null, ok: false, stdout: '', lines: [], skipped: true}

/** One task of the host's list: resolved already, or waiting for the first gathering (facts, registered output). */
interface Slot {
  source: TaskSource
  /** Resolved tasks (provisional while `whenLate`). */
  tasks?: PlaybookTask[]
  whenLate: boolean
}

const whenSkip = (s: TaskSource): PlaybookTask => skippedTask(s, `when \`${s.when?.source.trim()}\` is false`)

/**
 * Resolves a playbook's tasks for one host before anything connects: static `when:`s, loops and arguments over
 * host, site, workloads and vars. Tasks that read `facts` or registered output wait in a LateBinding, which the
 * runner completes after its first gathering. Every problem of the host is thrown together, with file:line:col.
 */
export function planHostTasks(
  sources: readonly TaskSource[],
  handlers: readonly TaskSource[],
  base: Record<string, unknown>,
  r: Resolution,
): HostTasks {
  const slots: Slot[] = sources.map((s) => {
    const whenLate = s.when !== undefined && isLate(s.reads.when)
    if (s.when && !whenLate) {
      const got = evalAt(r, [...s.path, 'when'], s.when, base)
      if (!got) return {source: s, tasks: [], whenLate}
      if (got.value !== true) return {source: s, tasks: [whenSkip(s)], whenLate}
    }
    return argsLate(s) ? {source: s, whenLate} : {source: s, tasks: renderTask(s, base, r), whenLate}
  })
  const handlerTasks = handlers.flatMap((h) => renderTask(h, base, r))
  if (r.issues.length > 0) throw new PlaybookInvalidError(r.locator.file, r.issues)
  const early = slots.flatMap((s) => s.tasks ?? [])
  const waiting = slots.filter((s) => s.whenLate || !s.tasks)
  const registers = slots.some((s) => s.source.register !== undefined)
  if (waiting.length === 0 && !registers) return {tasks: early, handlers: handlerTasks}
  const requests = hostFactRequests(
    waiting.flatMap((s) => [...s.source.reads.when.facts, ...(s.tasks ? [] : [...s.source.reads.args.facts, ...s.source.reads.loop.facts])]),
  )
  const bind = (values: ReadonlyMap<string, unknown>): PlaybookTask[] => {
    const late: Resolution = {...r, issues: []}
    const registered: Record<string, Registered> = {}
    const scope = (): Record<string, unknown> => ({...base, facts: hostFactsFrom(requests, values), ...registered})
    const out = slots.flatMap((slot) => {
      const s = slot.source
      let tasks = slot.tasks
      if (slot.whenLate && s.when) {
        const got = evalAt(late, [...s.path, 'when'], s.when, scope())
        if (!got) return []
        if (got.value !== true) tasks = [whenSkip(s)]
      }
      tasks ??= renderTask(s, scope(), late)
      if (s.register !== undefined) {
        const t = tasks[0]
        const output = t && t.skipped === undefined ? (t.task.facts(t.args) as {output?: FactRequest<CommandOutput>}).output : undefined
        registered[s.register] = registeredOf(output ? (values.get(output.key) as CommandOutput | undefined) : undefined)
      }
      return tasks
    })
    if (late.issues.length > 0) throw new PlaybookInvalidError(r.locator.file, late.issues)
    return out
  }
  return {tasks: early, handlers: handlerTasks, late: {requests: [...requests.values()], bind}}
}
