import type {OpsErrorJson} from '../../errors/ops-error.js'
import {isOpsError} from '../../errors/ops-error.js'
import {summarize} from '../../exec/runner/runner.js'
import type {HostReport, TaskReport} from '../../exec/runner/types.js'
import {tail} from '../../errors/text-tail.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Host, Inventory} from '../../inventory/model.js'
import {netsvcErrors} from '../../errors/netsvc.js'
import {DEFAULT_ROLLBACK_SECONDS} from '../../firewall/rollback-guard.js'
import {firewallDrift, firewallStateCommand} from '../../firewall/live-state.js'
import {CONFIRM_SECONDS_VAR, CONFIRMED_PATH, firewallApplyGuard, LOADED_LISTING_PATH, RULESET_PATH} from '../../firewall/playbook.js'
import {renderCmd} from '../../tasks/cmd.js'
import type {PrepareContext} from '../deploy/prepared-playbooks.js'
import type {RunPlaybookResult} from '../run-playbook.js'
import {sshTargetFor} from '../ssh-targets.js'

export const LOAD_TASK = 'load ruleset (confirm or roll back)'
const STAGE_TASK = `ruleset ${RULESET_PATH}`
// A fresh connection attempt must end before the timer fires, or a late success could confirm a rolled-back change.
const MARGIN_MS = 2_000
const ATTEMPT_MS = 5_000

const confirmSeconds = (host: Host): number => {
  const v = host.vars[CONFIRM_SECONDS_VAR]
  return typeof v === 'number' ? v : DEFAULT_ROLLBACK_SECONDS
}

const report = (status: TaskReport['status'], summary: string, error?: OpsErrorJson): TaskReport => ({
  name: LOAD_TASK,
  type: 'firewall-guard',
  status,
  summary,
  ...(error ? {error} : {}),
})

type Ctx = Pick<PrepareContext, 'connect' | 'shell' | 'token' | 'now' | 'sleep' | 'environ' | 'check'>

async function connectWithin(inv: Inventory, host: string, ctx: Ctx, deadline: number): Promise<RemoteShell | undefined> {
  for (;;) {
    const left = deadline - ctx.now().getTime()
    if (left < 1_000) return undefined
    const started = ctx.now().getTime()
    try {
      return await ctx.connect({...sshTargetFor(inv, host, ctx.environ), readyTimeoutMs: Math.min(ATTEMPT_MS, left)})
    } catch {
      // A refused connection comes back at once; do not spin on it.
      const spent = ctx.now().getTime() - started
      if (spent < 1_000) await ctx.sleep(1_000 - spent)
    }
  }
}

/** Why the host's live table is not the one kotadc rendered and loaded (empty: nothing to do). */
async function driftOf(host: Host, shell: RemoteShell, stagedChanged: boolean): Promise<string[]> {
  const r = await shell.run(
    renderCmd(firewallStateCommand({ruleset: RULESET_PATH, confirmedCopy: CONFIRMED_PATH, loadedListing: LOADED_LISTING_PATH})),
    {timeoutMs: 30_000},
  )
  if (r.exitCode !== 0) throw netsvcErrors.firewallLoadFailed(host.name, tail(r.stderr, 10), host.at)
  return firewallDrift(r.stdout, stagedChanged)
}

/**
 * Loads one host's staged ruleset under the guard: arm on one connection, then prove with a NEW connection (made
 * within the host's confirm window) that kotadc still gets in, and confirm. Without that proof the host's timer
 * restores the previous ruleset; kotadc then checks the host answers again and reports FIREWALL_ROLLED_BACK.
 */
export async function loadHostRuleset(inv: Inventory, host: Host, staged: 'changed' | 'ok', ctx: Ctx): Promise<TaskReport> {
  // Reading and arming may use the run's shared connection; only the proof below needs a login of its own.
  const first = await ctx.shell(sshTargetFor(inv, host.name, ctx.environ))
  const seconds = confirmSeconds(host)
  const guard = firewallApplyGuard(ctx.token(), seconds)
  let armedAt: number
  let why: string[]
  try {
    why = await driftOf(host, first, staged === 'changed')
    if (why.length === 0) return report('ok', 'the live table is the staged ruleset as loaded and confirmed')
    if (ctx.check) return report('changed', `would load the staged ruleset (confirm or roll back): ${why.join('; ')}`)
    armedAt = ctx.now().getTime()
    const armed = await first.run(renderCmd(guard.arm), {timeoutMs: 30_000})
    if (armed.exitCode !== 0)
      return report(
        'failed',
        'nft could not load the staged ruleset',
        netsvcErrors.firewallLoadFailed(host.name, tail(armed.stderr, 10), host.at).toJSON(),
      )
  } finally {
    await first.close().catch(() => undefined)
  }
  const deadline = armedAt + seconds * 1000 - MARGIN_MS
  const fresh = await connectWithin(inv, host.name, ctx, deadline)
  if (fresh) {
    try {
      const confirmed = await fresh.run(renderCmd(guard.confirm), {timeoutMs: 30_000})
      if (confirmed.exitCode === 0) return report('changed', `loaded (${why.join('; ')}); confirmed over a fresh SSH connection within ${seconds} s`)
    } finally {
      await fresh.close().catch(() => undefined)
    }
  }
  // The timer fires at armedAt + seconds; give the restore a moment, then see whether the host answers again.
  const wait = armedAt + seconds * 1000 + 2_000 - ctx.now().getTime()
  if (wait > 0) await ctx.sleep(wait)
  const after = await connectWithin(inv, host.name, ctx, ctx.now().getTime() + 15_000)
  await after?.close().catch(() => undefined)
  return report(
    'failed',
    'rolled back: no fresh SSH connection after loading',
    netsvcErrors.firewallRolledBack(host.name, seconds, after !== undefined, host.at).toJSON(),
  )
}

/** After the firewall playbook: load each host's staged ruleset under the guard, and add that step to its report. */
export async function loadFirewalls(inv: Inventory, result: RunPlaybookResult, ctx: Ctx): Promise<RunPlaybookResult> {
  const hosts = await Promise.all(
    result.hosts.map(async (h): Promise<HostReport> => {
      const host = inv.hosts.find((x) => x.name === h.host)
      const stage = h.tasks.find((t) => t.name === STAGE_TASK)
      if (!host || h.status === 'failed' || h.status === 'unreachable' || !stage || (stage.status !== 'ok' && stage.status !== 'changed')) return h
      let task: TaskReport
      try {
        task = await loadHostRuleset(inv, host, stage.status, ctx)
      } catch (e) {
        const error = isOpsError(e) ? e.toJSON() : netsvcErrors.firewallLoadFailed(host.name, String((e as Error)?.message ?? e), host.at).toJSON()
        task = report('failed', error.message, error)
      }
      const tasks = [...h.tasks, task]
      if (task.status === 'failed') return {...h, tasks, status: 'failed', ...(task.error ? {error: task.error} : {})}
      return {...h, tasks, status: task.status === 'changed' || h.status === 'changed' ? 'changed' : h.status}
    }),
  )
  return {...result, hosts, summary: summarize(hosts)}
}
