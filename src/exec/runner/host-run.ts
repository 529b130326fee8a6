import type {OpsErrorJson} from '../../errors/ops-error.js'
import {asOpsError} from '../../errors/cli.js'
import {isUnreachable, SshError} from '../../errors/ssh-errors.js'
import {maskDeep} from '../../inventory/secret-mask.js'
import {resolveFacts} from '../../facts/resolve.js'
import type {PlaybookTask} from '../../playbooks/model.js'
import type {Change} from '../../tasks/change.js'
import type {TaskContext} from '../../tasks/context.js'
import {collectHandlers} from '../../tasks/handlers.js'
import type {RemoteShell} from '../ssh/types.js'
import {applyChange} from './apply.js'
import {gatherFacts, prepareGather} from './gather.js'
import type {HostJob, HostReport, RunnerDeps, RunnerOptions, TaskReport} from './types.js'

export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000

const isLost = (e: unknown): boolean => e instanceof SshError && e.code === 'SSH_CONNECTION_LOST'

/** Tasks whose plan always wants a change (guardless commands, restarts): a second plan says nothing about convergence. */
const volatile = (t: PlaybookTask): boolean => {
  const a = t.args as {creates?: string; unless?: string; state?: string}
  return (t.type === 'command' && !a.creates && !a.unless) || (t.type === 'service' && (a.state === 'restarted' || a.state === 'reloaded'))
}

/** Runs one host's tasks through the five stages: connect, gather, plan (and diff), apply (re-plan each task), verify. */
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
  const requestsOf = (tasks: readonly PlaybookTask[]) => tasks.flatMap((t) => Object.values(t.task.facts(t.args)))
  const planWith = (t: PlaybookTask, values: ReadonlyMap<string, unknown>, token: string): Change =>
    t.task.plan(t.args, resolveFacts(t.task.facts(t.args), values), ctx(token))
  let retriesLeft = opts.retries ?? 1
  let shell: RemoteShell | undefined
  let unreachable = false

  const connect = async (): Promise<void> => {
    emit({kind: 'host', host: job.host, phase: 'connecting'})
    shell = await deps.connect(job.target)
  }
  /** Runs fn on the connection; a lost connection is reconnected (up to --retries) and fn runs again, told it is a retry. */
  const withConnection = async <T>(fn: (s: RemoteShell, retry: boolean) => Promise<T>): Promise<T> => {
    for (let retry = false; ; retry = true) {
      try {
        return await fn(shell as RemoteShell, retry)
      } catch (e) {
        if (!isLost(e) || retriesLeft <= 0) throw e
        retriesLeft--
        report.reconnects = (report.reconnects ?? 0) + 1
        emit({kind: 'host', host: job.host, phase: 'reconnecting'})
        await shell?.close().catch(() => undefined)
        await connect()
      }
    }
  }
  const fail = (e: unknown): OpsErrorJson => {
    if (isUnreachable(e)) unreachable = true
    const json = errorJson(e)
    report.error ??= json
    return json
  }
  const record = (list: TaskReport[], t: PlaybookTask, r: Omit<TaskReport, 'name' | 'type'>): void => {
    list.push({name: t.name, type: t.type, ...r})
    emit({kind: 'task', host: job.host, task: t.name, status: r.status, summary: r.summary})
  }
  const skipRest = (from: number): void =>
    job.tasks.slice(from).forEach((t) => record(report.tasks, t, {status: 'skipped', summary: 'not run: the host failed earlier'}))
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
    let values: Map<string, unknown>
    try {
      values = await withConnection((s) => gatherFacts(s, requestsOf(job.tasks), deps.token(), limit(), asRoot))
    } catch (e) {
      fail(e)
      skipRest(0)
      return report
    }
    emit({kind: 'host', host: job.host, phase: 'planning'})
    const initial: (Change | Error)[] = job.tasks.map((t) => {
      try {
        return planWith(t, values, deps.token())
      } catch (e) {
        return e as Error
      }
    })
    const outcomes: {changed: boolean; notify: string[]}[] = []

    if (opts.check) {
      for (const [i, t] of job.tasks.entries()) {
        const c = initial[i] as Change | Error
        if (c instanceof Error) {
          record(report.tasks, t, {status: 'failed', summary: 'cannot plan', error: fail(c)})
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

    emit({kind: 'host', host: job.host, phase: 'applying'})
    let dirty = false
    // Facts of the next task, read right after this task's change in the same round trip (see applyChange).
    let prefetched: Map<string, unknown> | undefined
    const runTask = async (t: PlaybookTask, first: Change | Error | undefined, next?: PlaybookTask): Promise<Change> =>
      withConnection(async (s, retry) => {
        const token = deps.token()
        const ready = retry ? undefined : prefetched
        prefetched = undefined
        let c = first
        // Facts are re-read whenever an earlier change (or a reconnect) may have moved them; until the first change,
        // the facts gathered at the start are still what the host holds.
        if (ready) c = planWith(t, ready, token)
        else if (c === undefined || c instanceof Error || dirty || retry)
          c = planWith(t, await gatherFacts(s, requestsOf([t]), token, limit(t), asRoot), token)
        if (c.changed) {
          const nextRequests = next ? requestsOf([next]) : []
          const gather = nextRequests.length > 0 ? prepareGather(nextRequests, deps.token(), asRoot) : undefined
          const r = await applyChange(
            s,
            c,
            {host: job.host, task: t.name, timeoutMs: limit(t), mask: deps.mask, asRoot, ...(t.at ? {at: t.at} : {})},
            gather?.cmd,
          )
          if (gather && r) prefetched = gather.read(r, job.host)
        }
        return c
      })
    for (const [i, t] of job.tasks.entries()) {
      emit({kind: 'task', host: job.host, task: t.name, status: 'running', summary: ''})
      try {
        const c = await runTask(t, initial[i], job.tasks[i + 1])
        record(report.tasks, t, changeReport(c))
        outcomes.push({changed: c.changed, notify: t.notify})
        dirty ||= c.changed
      } catch (e) {
        const error = fail(e)
        record(report.tasks, t, {status: 'failed', summary: error.message, error})
        skipRest(i + 1)
        return report
      }
    }
    const handlers = collectHandlers(outcomes, job.handlers)
    if (handlers.length > 0) emit({kind: 'host', host: job.host, phase: 'handlers'})
    for (const h of handlers) {
      try {
        const c = await runTask(h, undefined)
        record(report.handlers, h, changeReport(c))
      } catch (e) {
        const error = fail(e)
        record(report.handlers, h, {status: 'failed', summary: error.message, error})
        return report
      }
    }
    if (dirty) {
      emit({kind: 'host', host: job.host, phase: 'verifying'})
      const check = job.tasks.filter((t) => !volatile(t))
      const after = await withConnection((s) => gatherFacts(s, requestsOf(check), deps.token(), limit(), asRoot))
      const pending = check.filter((t) => {
        try {
          return planWith(t, after, deps.token()).changed
        } catch {
          return true
        }
      })
      if (pending.length > 0) report.notConverged = pending.map((t) => t.name)
    }
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
