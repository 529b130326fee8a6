import type {CmdResult, RemoteShell, RunOptions} from '../../src/exec/ssh/types.js'
import type {FactRequest} from '../../src/facts/define.js'
import {renderCmd} from '../../src/tasks/cmd.js'

export interface FactAnswer {
  stdout: string
  exitCode: number
}

/**
 * A fake host for runner tests: it answers batched fact scripts from `answer(request)` (recognising each fact by its
 * rendered command) and hands every other script to `onRun`. It records every call, so tests can count round trips.
 */
export class FactHost implements RemoteShell {
  readonly runs: string[] = []
  /** What each run wrote to the command's stdin (uploads ride there), in the order of `runs`. */
  readonly inputs: (string | Buffer | undefined)[] = []
  readonly puts: {path: string; content: Buffer; mode?: number}[] = []
  closed = false

  constructor(
    readonly host: string,
    private readonly known: () => readonly FactRequest<unknown>[],
    private readonly answer: (req: FactRequest<unknown>) => FactAnswer,
    private readonly onRun: (script: string, opts: RunOptions) => Promise<Partial<CmdResult>> | Partial<CmdResult> = () => ({}),
  ) {}

  /** Runs that gathered facts (alone, or after a change in the same round trip). */
  readonly gathers: string[] = []
  /** Scripts that applied changes (the part before a fact batch riding on the same round trip). */
  readonly applies: string[] = []

  async run(script: string, opts: RunOptions = {}): Promise<CmdResult> {
    if (this.closed) throw new Error(`FactHost ${this.host}: run after close`)
    this.runs.push(script)
    this.inputs.push(opts.stdin)
    const token = /@@kotadc-([A-Za-z0-9]+) begin/.exec(script)?.[1]
    if (!token) {
      this.applies.push(script)
      return {exitCode: 0, signal: null, stdout: '', stderr: '', ...(await this.onRun(script, opts))}
    }
    // `change && (fact batch)`: the change runs first; the batch only when it succeeded.
    const batchAt = script.indexOf(' && (echo ')
    const first = /^echo /.test(script) ? -1 : batchAt
    if (first >= 0) {
      const change = script.slice(0, first)
      this.applies.push(change)
      const r = {exitCode: 0, signal: null, stdout: '', stderr: '', ...(await this.onRun(change, opts))}
      if (r.exitCode !== 0) return r
    }
    this.gathers.push(script)
    let out = ''
    for (const req of this.known()) {
      const at = script.indexOf(renderCmd(req.command))
      if (at < 0) continue
      const before = script.slice(0, at)
      const i = [...before.matchAll(new RegExp(`@@kotadc-${token} begin (\\d+)`, 'g'))].at(-1)?.[1]
      if (i === undefined || out.includes(`begin ${i}\n`)) continue
      const a = this.answer(req)
      out += `@@kotadc-${token} begin ${i}\n${a.stdout}\n@@kotadc-${token} end ${i} ${a.exitCode}\n`
    }
    return {exitCode: 0, signal: null, stdout: out, stderr: ''}
  }

  async put(path: string, content: Buffer | string, opts: {mode?: number} = {}): Promise<void> {
    this.puts.push({path, content: Buffer.from(content), ...(opts.mode === undefined ? {} : {mode: opts.mode})})
  }

  async close(): Promise<void> {
    this.closed = true
  }
}
