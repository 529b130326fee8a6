import {gateConnect} from './connect-gate.js'
import {runHost} from './host-run.js'
import type {HostJob, HostReport, RunnerDeps, RunnerOptions, RunnerResult, RunSummary} from './types.js'

/** Maps with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker))
  return out
}

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({length: Math.ceil(items.length / size)}, (_, i) => items.slice(i * size, i * size + size))

export const summarize = (hosts: readonly HostReport[]): RunSummary => ({
  ok: hosts.filter((h) => h.status === 'ok').length,
  changed: hosts.filter((h) => h.status === 'changed').length,
  failed: hosts.filter((h) => h.status === 'failed').length,
  unreachable: hosts.filter((h) => h.status === 'unreachable').length,
})

/**
 * Runs every host's job: hosts in parallel (up to `forks`), tasks in order per host. With `serial`, hosts go in
 * batches, and no new batch starts once the failed share of the hosts done so far exceeds `maxFailPercent`.
 */
export async function runJobs(jobs: readonly HostJob[], opts: RunnerOptions, deps: RunnerDeps): Promise<RunnerResult> {
  const batches = opts.serial ? chunk(jobs, opts.serial) : [[...jobs]]
  const now = deps.now ?? Date.now
  // One gate for the whole run: however many hosts are worked on at once, handshakes start at a bounded rate.
  const gated: RunnerDeps = {
    ...deps,
    connect: gateConnect(deps.connect, {
      ...(opts.connectConcurrency ? {concurrency: opts.connectConcurrency} : {}),
      ...(opts.connectTimeoutMs ? {timeoutMs: opts.connectTimeoutMs} : {}),
    }),
  }
  const timed = async (j: HostJob): Promise<HostReport> => {
    const started = now()
    const report = await runHost(j, opts, gated)
    return {...report, durationMs: now() - started}
  }
  const hosts: HostReport[] = []
  deps.onEvent?.({kind: 'start', hosts: jobs.map((j) => j.host)})
  for (const [b, batch] of batches.entries()) {
    hosts.push(...(await mapLimit(batch, opts.forks ?? batch.length, (j) => timed(j))))
    const bad = hosts.filter((h) => h.status === 'failed' || h.status === 'unreachable').length
    const percent = (bad * 100) / hosts.length
    const allowed = opts.maxFailPercent ?? 0
    if (opts.serial && b < batches.length - 1 && bad > 0 && percent > allowed) {
      const skippedHosts = batches
        .slice(b + 1)
        .flat()
        .map((j) => j.host)
      return {
        hosts,
        summary: summarize(hosts),
        aborted: {reason: `${bad} of ${hosts.length} hosts failed (${Math.round(percent)}%), above --max-fail-percent ${allowed}`, skippedHosts},
      }
    }
  }
  return {hosts, summary: summarize(hosts)}
}
