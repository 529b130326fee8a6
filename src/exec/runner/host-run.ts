import type {OpsErrorJson} from '../../errors/ops-error.js'
import {asOpsError} from '../../errors/cli.js'
import {isUnreachable, SshError} from '../../errors/ssh-errors.js'
import type {FactOutput} from '../../facts/batch.js'
import type {FactRequest} from '../../facts/define.js'
import {maskDeep} from '../../inventory/secret-mask.js'
import {resolveFacts} from '../../facts/resolve.js'
import type {PlaybookTask} from '../../playbooks/model.js'
import {noChange, type Change} from '../../tasks/change.js'
import type {TaskContext} from '../../tasks/context.js'
import {collectHandlers} from '../../tasks/handlers.js'
import type {RemoteShell} from '../ssh/types.js'
import {applyBatches} from './apply-batches.js'
import {gatherOutputs, parseOutputs} from './gather.js'
import type {HostJob, HostReport, RunnerDeps, RunnerOptions, TaskReport} from './types.js'

export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000

const isLost = (e: unknown): boolean => e instanceof SshError && e.code === 'SSH_CONNECTION_LOST'

/** What the apply stage needs from the host's run: planning, facts, the connection, and where results go. */
export interface HostRun {
  job: HostJob
  opts: RunnerOptions
  deps: RunnerDeps
  asRoot: boolean
  /** Raw fact outputs by fact key: what was gathered, updated by every later gathering. */
  facts: Map<string, FactOutput>
  requestsOf(tasks: readonly PlaybookTask[]): FactRequest<unknown>[]
  plan(t: PlaybookTask): Change
  limit(t?: PlaybookTask): number
  /** The open connection. */
  shell(): RemoteShell
  /** After a lost connection: connects again and returns true, or returns false when no retry is left. */
  reconnect(): Promise<boolean>
  record(list: TaskReport[], t: PlaybookTask, r: Omit<TaskReport, 'name' | 'type'>): void
  changeReport(c: Change): Omit<TaskReport, 'name' | 'type'>
  fail(e: unknown): OpsErrorJson
  report: HostReport
}

/**
 * Runs one host's tasks: connect, gather every task's facts in one round trip, plan them all, then apply every change
 * and the handlers in one more (apply-batches.ts), verifying in that same round trip. A run that changes nothing
 * costs one round trip; one whose later tasks' facts depend on earlier changes costs one more per such dependency.
 */
export async function runHost(job: HostJob, opts: RunnerOptions, deps: RunnerDeps): Promise<HostReport> {
  const emit = deps.onEvent ?? (() => undefined)
  const limit = (t?: PlaybookTask): number => t?.timeoutMs ?? opts.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS
  // sudo only costs a process start when the login already is root.
  const asRoot = job.target.user === 'root'
  const report: HostReport = {host: job.host, status: 'ok', tasks: [], handlers: []}
  // Masked field by field: masking the JSON text would miss a secret whose JSON form is escaped (a quote, a backslash).
  const errorJson = (e: unknown): OpsErrorJson => maskDeep(asOpsError(e).toJSON(), deps.mask)
  const ctx = (token: string): TaskContext => ({
    token,
    template: (n) => deps.template(n),
    repoFile: (p) => deps.repoFile(p),
    variables: job.variables,
  })
  // A task skipped by its when: (PlaybookTask.skipped) gathers nothing and plans as no change, reported as skipped.
  const requestsOf = (list: readonly PlaybookTask[]): FactRequest<unknown>[] =>
    list.flatMap((t) => (t.skipped === undefined ? Object.values(t.task.facts(t.args)) : []))
  const facts = new Map<string, FactOutput>()
  const plan = (t: PlaybookTask): Change => {
    if (t.skipped !== undefined) return noChange(t.skipped)
    const requests = t.task.facts(t.args)
    return t.task.plan(t.args, resolveFacts(requests, parseOutputs(Object.values(requests), facts, job.host)), ctx(deps.token()))
  }
  // The host's tasks: job.tasks, until the first gathering binds those that read facts or registered output (job.late).
  let tasks = job.tasks
  let retriesLeft = opts.retries ?? 1
  let shell: RemoteShell | undefined
  let unreachable = false

  const connect = async (): Promise<void> => {
    emit({kind: 'host', host: job.host, phase: 'connecting'})
    shell = await deps.connect(job.target)
  }
  const reconnect = async (): Promise<boolean> => {
    if (retriesLeft <= 0) return false
    retriesLeft--
    report.reconnects = (report.reconnects ?? 0) + 1
    emit({kind: 'host', host: job.host, phase: 'reconnecting'})
    await shell?.close().catch(() => undefined)
    await connect()
    return true
  }
  const fail = (e: unknown): OpsErrorJson => {
    if (isUnreachable(e)) unreachable = true
    const json = errorJson(e)
    report.error ??= json
    return json
  }
  const record = (list: TaskReport[], t: PlaybookTask, r: Omit<TaskReport, 'name' | 'type'>): void => {
    const status = t.skipped !== undefined && r.status === 'ok' ? 'skipped' : r.status
    list.push({name: t.name, type: t.type, ...r, status})
    emit({kind: 'task', host: job.host, task: t.name, status, summary: r.summary})
  }
  const skipRest = (from: number): void =>
    tasks.slice(from).forEach((t) => record(report.tasks, t, {status: 'skipped', summary: 'not run: the host failed earlier'}))
  const changeReport = (c: Change): Omit<TaskReport, 'name' | 'type'> =>
    c.changed
      ? {status: 'changed', summary: deps.mask(c.summary), ...(opts.diff && c.diff ? {diff: deps.mask(c.diff)} : {})}
      : {status: 'ok', summary: deps.mask(c.reason)}

  try {
    try {
      await connect()
    } catch (e) {
      fail(e)
      unreachable = true
      skipRest(0)
      return report
    }
    emit({kind: 'host', host: job.host, phase: 'gathering'})
    // Handlers' facts too: when they are notified, they are applied in the same round trip as the tasks.
    const gather = async (requests: FactRequest<unknown>[]): Promise<boolean> => {
      for (;;) {
        try {
          for (const [k, v] of await gatherOutputs(shell as RemoteShell, requests, deps.token(), limit(), asRoot)) facts.set(k, v)
          return true
        } catch (e) {
          if (isLost(e) && (await reconnect().catch(() => false))) continue
          fail(e)
          skipRest(0)
          return false
        }
      }
    }
    const late = job.late
    if (!(await gather([...requestsOf([...tasks, ...job.handlers]), ...(late?.requests ?? [])]))) return report
    if (late) {
      try {
        tasks = late.bind(parseOutputs([...late.requests, ...requestsOf(tasks)], facts, job.host))
      } catch (e) {
        fail(e)
        skipRest(0)
        return report
      }
      // Only tasks whose arguments came from facts or registered output need a second round trip.
      const more = requestsOf(tasks).filter((r) => !facts.has(r.key))
      if (more.length > 0 && !(await gather(more))) return report
    }
    emit({kind: 'host', host: job.host, phase: 'planning'})
    if (opts.check) {
      const outcomes: {changed: boolean; notify: string[]}[] = []
      for (const [i, t] of tasks.entries()) {
        let c: Change
        try {
          c = plan(t)
        } catch (e) {
          record(report.tasks, t, {status: 'failed', summary: 'cannot plan', error: fail(e)})
          skipRest(i + 1)
          return report
        }
        record(report.tasks, t, changeReport(c))
        outcomes.push({changed: c.changed, notify: t.notify})
      }
      for (const h of collectHandlers(outcomes, job.handlers))
        record(report.handlers, h, {status: 'changed', summary: 'would run: notified by a changed task'})
      return report
    }
    await applyBatches({
      job: {...job, tasks},
      opts,
      deps,
      asRoot,
      facts,
      requestsOf,
      plan,
      limit,
      shell: () => shell as RemoteShell,
      reconnect,
      record,
      changeReport,
      fail,
      report,
    })
    return report
  } catch (e) {
    fail(e)
    return report
  } finally {
    await shell?.close().catch(() => undefined)
    report.status = unreachable
      ? 'unreachable'
      : report.error
        ? 'failed'
        : [...report.tasks, ...report.handlers].some((t) => t.status === 'changed')
          ? 'changed'
          : 'ok'
    emit({kind: 'host-done', host: job.host, status: report.status})
  }
}
