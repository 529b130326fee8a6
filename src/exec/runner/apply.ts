import type {SourceLocation} from '../../errors/ops-error.js'
import type {PlannedChange} from '../../tasks/change.js'
import type {Cmd} from '../../tasks/cmd.js'
import {allSudo, and, displayCmd, hoistSudo, renderCmd, shell as shellCmd, stdinOf, withoutSudo} from '../../tasks/cmd.js'
import {revealContent} from '../../tasks/step.js'
import {tail} from '../../errors/text-tail.js'
import type {CmdResult, RemoteShell} from '../ssh/types.js'
import {runnerErrors} from '../../errors/runner.js'

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
export function groupRuns(cmds: readonly Cmd[]): Cmd[] {
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

/** A staging file written by `cat` from the script's stdin: private until chmod gives it the asked-for mode. */
const writeStdinTo = (path: string, mode: string): Cmd => shellCmd('umask 077 && cat > "$1" && chmod "$2" "$1"', path, mode)

/**
 * Carries out a planned change: uploads first (they only ever write the login user's staging files), then the run
 * steps as one combined script. A lone upload rides on that script's stdin instead of SFTP, so a file task is one
 * round trip. A non-zero exit is TASK_FAILED with the displayed (masked) command and stderr tail.
 */
export async function applyChange(shell: RemoteShell, change: PlannedChange, ctx: ApplyContext, then?: Cmd): Promise<CmdResult | undefined> {
  const puts = change.steps.filter((s) => s.kind === 'put')
  const runs = change.steps.flatMap((s) => (s.kind === 'run' ? [ctx.asRoot ? withoutSudo(s.cmd) : s.cmd] : []))
  const inline = puts.length === 1 && runs.every((c) => stdinOf(c) === undefined) ? puts[0] : undefined
  if (!inline) for (const s of puts) await shell.put(s.path, revealContent(s.content), {mode: parseInt(s.mode, 8)})
  const groups = groupRuns(runs)
  // With an inline upload every run step has no stdin, so they form one group: one script writes and moves the file.
  const scripts: {cmd: Cmd; stdin: string | Buffer | undefined}[] = inline
    ? [{cmd: and(writeStdinTo(inline.path, inline.mode), ...groups), stdin: revealContent(inline.content)}]
    : groups.map((c) => ({cmd: c, stdin: stdinOf(c)}))
  let last: CmdResult | undefined
  for (const [i, {cmd: script, stdin}] of scripts.entries()) {
    // `then` (the next task's fact gathering) rides on the last script, after it succeeded: one round trip saved.
    const sent = then && i === scripts.length - 1 ? and(script, then) : script
    const r = await shell.run(renderCmd(sent), {timeoutMs: ctx.timeoutMs, ...(stdin === undefined ? {} : {stdin})})
    if (r.exitCode !== 0) {
      throw runnerErrors.taskFailed(
        ctx.host,
        ctx.task,
        ctx.mask(displayCmd(script)),
        r.exitCode,
        r.signal,
        ctx.mask(tail(r.stderr || r.stdout, 15)),
        ctx.at,
      )
    }
    last = sent === script ? undefined : r
  }
  return last
}
