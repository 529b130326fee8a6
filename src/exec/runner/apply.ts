import type {SourceLocation} from '../../errors/ops-error.js'
import type {PlannedChange} from '../../tasks/change.js'
import type {Cmd} from '../../tasks/cmd.js'
import {allSudo, and, displayCmd, hoistSudo, renderCmd, stdinOf, withoutSudo} from '../../tasks/cmd.js'
import {revealContent} from '../../tasks/step.js'
import {tail} from '../local.js'
import type {CmdResult, RemoteShell} from '../ssh/types.js'
import {runnerErrors} from './errors.js'

export interface ApplyContext {
  host: string
  task: string
  at?: SourceLocation
  timeoutMs: number
  mask(text: string): string
  /** The login user is root: sudo is left out. */
  asRoot?: boolean
}

/** Consecutive run steps without stdin go out as one script: one round trip instead of one per step. */
function groupRuns(cmds: readonly Cmd[]): Cmd[] {
  const out: Cmd[] = []
  let pending: Cmd[] = []
  const flush = (): void => {
    // Steps that all need root go out as one root shell: sudo is a process start per call.
    if (pending.length === 0) return
    const grouped = pending.length === 1 ? (pending[0] as Cmd) : and(...pending)
    out.push(allSudo(grouped) && !grouped.sudo ? hoistSudo([grouped]) : grouped)
    pending = []
  }
  for (const c of cmds) {
    if (stdinOf(c) === undefined) pending.push(c)
    else {
      flush()
      out.push(c)
    }
  }
  flush()
  return out
}

/**
 * Carries out a planned change: uploads first (they only ever write the login user's staging files), then the run
 * steps as one combined script. A non-zero exit is TASK_FAILED with the displayed (masked) command and stderr tail.
 */
export async function applyChange(shell: RemoteShell, change: PlannedChange, ctx: ApplyContext, then?: Cmd): Promise<CmdResult | undefined> {
  for (const s of change.steps) {
    if (s.kind === 'put') await shell.put(s.path, revealContent(s.content), {mode: parseInt(s.mode, 8)})
  }
  const runs = change.steps.flatMap((s) => (s.kind === 'run' ? [ctx.asRoot ? withoutSudo(s.cmd) : s.cmd] : []))
  const groups = groupRuns(runs)
  let last: CmdResult | undefined
  for (const [i, c] of groups.entries()) {
    const stdin = stdinOf(c)
    // `then` (the next task's fact gathering) rides on the last script, after it succeeded: one round trip saved.
    const sent = then && i === groups.length - 1 ? and(c, then) : c
    const r = await shell.run(renderCmd(sent), {timeoutMs: ctx.timeoutMs, ...(stdin === undefined ? {} : {stdin})})
    if (r.exitCode !== 0) {
      throw runnerErrors.taskFailed(ctx.host, ctx.task, ctx.mask(displayCmd(c)), r.exitCode, r.signal, ctx.mask(tail(r.stderr || r.stdout, 15)), ctx.at)
    }
    last = sent === c ? undefined : r
  }
  return last
}
