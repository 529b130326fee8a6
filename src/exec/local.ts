import {execa} from 'execa'
import {localErrors, type LocalFailureCode} from '../errors/docker.js'
import {tail} from './text-tail.js'

export interface LocalResult {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
  timedOut: boolean
}

export interface LocalOptions {
  cwd?: string
  env?: Record<string, string | undefined>
  /** Replace the environment instead of extending process.env. */
  extendEnv?: boolean
  input?: string | Buffer
  timeoutMs?: number
  /** Called with each chunk of output as it arrives (for progress), stdout and stderr alike. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
}

/** The one place kotadc starts local processes: argv arrays only, never a shell line. Never rejects on exit codes. */
export async function runLocal(argv: readonly string[], opts: LocalOptions = {}): Promise<LocalResult> {
  const [file, ...args] = argv
  if (!file) throw new Error('runLocal needs a program')
  const child = execa(file, args, {
    reject: false,
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: opts.extendEnv ?? true,
    input: opts.input,
    timeout: opts.timeoutMs,
    stripFinalNewline: false,
    buffer: true,
  })
  if (opts.onOutput) {
    const cb = opts.onOutput
    child.stdout?.on('data', (d: Buffer) => cb(d.toString(), 'stdout'))
    child.stderr?.on('data', (d: Buffer) => cb(d.toString(), 'stderr'))
  }
  const r = await child
  // execa reports a missing program as a failed result with an ENOENT cause, not as an exit code.
  if (r.failed && r.exitCode === undefined && !r.timedOut && !r.signal) {
    throw localErrors.notFound(file, `${r.shortMessage ?? r.message}`, argv)
  }
  return {
    exitCode: r.exitCode ?? null,
    signal: r.signal ?? null,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    timedOut: r.timedOut,
  }
}

export {tail}

/** Like runLocal, but a non-zero exit becomes an ExternalError carrying argv, exit code and the stderr tail. */
export async function runLocalChecked(argv: readonly string[], opts: LocalOptions & {code?: LocalFailureCode; what?: string; hint?: string} = {}): Promise<LocalResult> {
  const r = await runLocal(argv, opts)
  if (r.exitCode === 0) return r
  throw localErrors.failed(argv, r, opts)
}
