import {runnerErrors} from '../../errors/runner.js'
import {SshError} from '../../errors/ssh-errors.js'
import {tail} from '../../errors/text-tail.js'
import type {PlaybookTask} from '../../playbooks/model.js'
import {type Change, noChange, type PlannedChange} from '../../tasks/change.js'
import {collectHandlers, type TaskOutcome} from '../../tasks/handlers.js'
import {displayStep} from '../../tasks/step.js'
import {type ApplyOutcome, buildApplyScript} from './apply-script.js'
import {gatherOutputs} from './gather.js'
import type {HostRun} from './host-run.js'

const isLost = (e: unknown): boolean => e instanceof SshError && e.code === 'SSH_CONNECTION_LOST'

/** Tasks whose plan always wants a change (guardless commands, restarts): a second plan says nothing about convergence. */
const volatile = (t: PlaybookTask): boolean => {
  const a = t.args as {creates?: string; unless?: string; state?: string}
  return (t.type === 'command' && !a.creates && !a.unless) || (t.type === 'service' && (a.state === 'restarted' || a.state === 'reloaded'))
}

interface Item {
  t: PlaybookTask
  handler: boolean
  change: Change | Error
}

const changes = (it: Item): it is Item & {change: PlannedChange} => !(it.change instanceof Error) && it.change.changed

/**
 * The apply stage of one host: every planned change, then the notified handlers, in one script (apply-script.ts).
 * When the script stops because a later task's facts moved after an earlier change (a package that creates the file a
 * later task edits), the rest is planned again on the facts the script printed there and sent again: a second round
 * trip only where a dependency needs one. A fact that moved before any change of the script ran is a conflict.
 */
export async function applyBatches(h: HostRun): Promise<void> {
  const {job, report} = h
  const emit = h.deps.onEvent ?? (() => undefined)
  emit({kind: 'host', host: job.host, phase: 'applying'})
  const outcomes: TaskOutcome[] = []
  const changedTasks: PlaybookTask[] = []
  const handlersRun = new Set<string>()
  // Changes sent in a script whose connection was lost: they may have run, so they count as changed (and notify).
  const uncertain = new Set<PlaybookTask>()
  let pos = 0
  const tryPlan = (t: PlaybookTask): Change | Error => {
    try {
      return h.plan(t)
    } catch (e) {
      return e as Error
    }
  }
  const settle = (it: Item): void => {
    const c = it.change as Change
    const maybe = !c.changed && uncertain.has(it.t)
    const r = maybe
      ? {status: 'changed' as const, summary: `applied before the connection was lost (${h.deps.mask(c.reason)} now)`}
      : h.changeReport(c)
    h.record(it.handler ? report.handlers : report.tasks, it.t, r)
    if (it.handler) return void handlersRun.add(it.t.name)
    pos++
    outcomes.push({changed: c.changed || maybe, notify: it.t.notify})
    if (c.changed || maybe) changedTasks.push(it.t)
  }
  const failAt = (items: Item[], at: number, e: unknown, restSummary = 'not run: the host failed earlier'): void => {
    items.slice(0, at).forEach(settle)
    const it = items[at] as Item
    const error = h.fail(e)
    h.record(it.handler ? report.handlers : report.tasks, it.t, {status: 'failed', summary: error.message, error})
    if (!it.handler) job.tasks.slice(pos + 1).forEach((t) => h.record(report.tasks, t, {status: 'skipped', summary: restSummary}))
  }

  for (;;) {
    const rest: Item[] = job.tasks.slice(pos).map((t) => ({t, handler: false, change: tryPlan(t)}))
    const wanted = collectHandlers(
      [...outcomes, ...rest.map((it) => ({changed: changes(it) || uncertain.has(it.t), notify: it.t.notify}))],
      job.handlers,
    )
    const items = [...rest, ...wanted.filter((x) => !handlersRun.has(x.name)).map((t) => ({t, handler: true, change: tryPlan(t)}))]
    const firstChange = items.findIndex(changes)
    const firstError = items.findIndex((it) => it.change instanceof Error)
    // No earlier change can move the facts of a task that failed to plan before any change: its error is final.
    if (firstError >= 0 && (firstChange < 0 || firstError < firstChange)) return failAt(items, firstError, items[firstError]?.change)
    if (firstChange < 0) return items.forEach(settle)
    const verify = [...changedTasks, ...rest.filter(changes).map((it) => it.t)].filter((t) => !volatile(t))
    const script = buildApplyScript(
      items.map((it) => ({change: it.change, facts: h.requestsOf([it.t])})),
      h.requestsOf(verify),
      h.facts,
      h.deps.token(),
      h.asRoot,
    )
    const applied = items.filter(changes)
    applied.forEach((it) => emit({kind: 'task', host: job.host, task: it.t.name, status: 'running', summary: ''}))
    let outcome: ApplyOutcome
    try {
      const timeoutMs = applied.reduce((sum, it) => sum + h.limit(it.t), h.limit())
      const r = await h.shell().run(script.command, {timeoutMs, ...(script.stdin.length > 0 ? {stdin: script.stdin} : {})})
      outcome = script.read(r.stdout, r.stderr, r.exitCode)
    } catch (e) {
      const recovered = await recover(e, items)
      if (recovered === true) continue
      return failAt(items, firstChange, recovered, 'not known whether it ran: the connection was lost while applying')
    }
    // A guarded command whose guard held on the host when its turn came: no change, with the guard as the reason.
    for (const i of outcome.held) {
      const it = items[i] as Item
      const guard = it.change instanceof Error || !it.change.changed ? undefined : it.change.unlessAtApply
      if (guard) it.change = noChange(guard.reason)
    }
    if (outcome.kind === 'done') {
      items.forEach(settle)
      for (const [k, v] of outcome.verified) h.facts.set(k, v)
      const pending = verify.filter((t) => {
        const c = tryPlan(t)
        return c instanceof Error || c.changed
      })
      if (pending.length > 0) report.notConverged = pending.map((t) => t.name)
      return
    }
    const it = items[outcome.at] as Item
    if (outcome.kind === 'failed') {
      const c = it.change as PlannedChange
      const shown = h.deps.mask(c.steps.map(displayStep).join(' && '))
      const stderr = h.deps.mask(tail(outcome.stderr, 15))
      return failAt(items, outcome.at, runnerErrors.taskFailed(job.host, it.t.name, shown, outcome.exitCode, null, stderr, it.t.at))
    }
    const moved = h.requestsOf([it.t]).filter((f) => !sameOutput(h.facts.get(f.key), outcome.facts.get(f.key)))
    for (const [k, v] of outcome.facts) h.facts.set(k, v)
    if (!items.slice(0, outcome.at).some(changes)) {
      const error =
        it.change instanceof Error
          ? it.change
          : runnerErrors.conflict(
              job.host,
              it.t.name,
              moved.length > 0 ? [...new Set(moved.map((f) => `its ${f.name} fact`))] : ['its facts'],
              it.t.at,
            )
      return failAt(items, outcome.at, error)
    }
    items.slice(0, outcome.at).forEach(settle)
  }

  /** After a failed send: true when reconnected and the rest re-gathered (so the loop plans again), else the error to report. */
  async function recover(e: unknown, items: Item[]): Promise<true | unknown> {
    try {
      if (!isLost(e) || !(await h.reconnect())) return e
      items.filter(changes).forEach((it) => uncertain.add(it.t))
      const again = h.requestsOf([...job.tasks.slice(pos), ...job.handlers])
      for (const [k, v] of await gatherOutputs(h.shell(), again, h.deps.token(), h.limit(), h.asRoot)) h.facts.set(k, v)
      return true
    } catch (later) {
      return later
    }
  }
}

const sameOutput = (a: {stdout: string; exitCode: number} | undefined, b: {stdout: string; exitCode: number} | undefined): boolean =>
  a?.stdout === b?.stdout && a?.exitCode === b?.exitCode
