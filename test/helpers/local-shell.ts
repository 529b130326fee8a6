import {spawnSync} from 'node:child_process'
import type {CmdResult, RemoteShell, RunOptions} from '../../src/exec/ssh/types.js'

/**
 * A "host" that is this machine: every script runs in a real local `sh`, with its stdin, so runner tests exercise the
 * very scripts kotadc sends (fact batches, apply scripts) on real files. It records every call, so tests count round
 * trips; `hooks` let a test cut the connection before or after a script ran.
 */
export class LocalShell implements RemoteShell {
  readonly runs: string[] = []
  /** What each run was given on stdin, in the order of `runs`. */
  readonly inputs: (string | Buffer | undefined)[] = []
  closed = false

  constructor(
    readonly host: string,
    private readonly hooks: {before?(sent: string): void; after?(sent: string): void} = {},
  ) {}

  async run(script: string, opts: RunOptions = {}): Promise<CmdResult> {
    if (this.closed) throw new Error(`LocalShell ${this.host}: run after close`)
    this.runs.push(script)
    this.inputs.push(opts.stdin)
    // Hooks see the command line and its input together: the apply script itself travels on stdin.
    const sent = `${script}\n${opts.stdin?.toString() ?? ''}`
    this.hooks.before?.(sent)
    const r = spawnSync('sh', ['-c', script], {input: opts.stdin ?? '', encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000})
    this.hooks.after?.(sent)
    return {exitCode: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr}
  }

  async put(): Promise<void> {
    throw new Error('LocalShell: the runner sends uploads on stdin, never by SFTP')
  }

  async close(): Promise<void> {
    this.closed = true
  }
}
