import type {SourceLocation} from '../../errors/ops-error.js'
import type {PlannedChange} from '../../tasks/change.js'
import type {Cmd} from '../../tasks/cmd.js'
import {and, displayCmd, renderCmd, stdinOf} from '../../tasks/cmd.js'
import {revealContent} from '../../tasks/step.js'
import {tail} from '../local.js'
import type {RemoteShell} from '../ssh/types.js'
import {runnerErrors} from './errors.js'

export interface ApplyContext {
  host: string
  task: string
  at?: SourceLocation
  timeoutMs: number
  mask(text: string): string
}

/** Consecutive run steps without stdin go out as one script: one round trip instead of one per step. */
function groupRuns(cmds: readonly Cmd[]): Cmd[] {
  const out: Cmd[] = []
  let pending: Cmd[] = []
  const flush = (): void => {
    if (pending.length > 0) out.push(pending.length === 1 ? (pending[0] as Cmd) : and(...pending))
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
export async function applyChange(shell: RemoteShell, change: PlannedChange, ctx: ApplyContext): Promise<void> {
  for (const s of change.steps) {
    if (s.kind === 'put') await shell.put(s.path, revealContent(s.content), {mode: parseInt(s.mode, 8)})
  }
  const runs = change.steps.flatMap((s) => (s.kind === 'run' ? [s.cmd] : []))
  for (const c of groupRuns(runs)) {
    const stdin = stdinOf(c)
    const r = await shell.run(renderCmd(c), {timeoutMs: ctx.timeoutMs, ...(stdin === undefined ? {} : {stdin})})
    if (r.exitCode !== 0) {
      throw runnerErrors.taskFailed(ctx.host, ctx.task, ctx.mask(displayCmd(c)), r.exitCode, r.signal, ctx.mask(tail(r.stderr || r.stdout, 15)), ctx.at)
    }
  }
}
