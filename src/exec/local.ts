import {execa} from 'execa'
import {localErrors, type LocalFailureCode} from '../errors/docker.js'
import {childEnv, type ChildKind} from './child-env.js'
import {restrictUmask} from './private-files.js'
import {tail} from '../errors/text-tail.js'

export interface LocalResult {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
  timedOut: boolean
}

export interface LocalOptions {
  cwd?: string
  /** Which allow-list of child-env.ts filters the inherited environment (default `tool`: the bare minimum). */
  kind?: ChildKind
  /** The environment the allow-list is applied to; default process.env. */
  base?: Record<string, string | undefined>
  /** Entries the caller passes on purpose (a stack's own TF_VAR_s, say): added after the allow-list, unfiltered. */
  env?: Record<string, string | undefined>
  input?: string | Buffer
  timeoutMs?: number
  /** Called with each chunk of output as it arrives (for progress), stdout and stderr alike. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
}

/**
 * The one place kotadc starts local processes: argv arrays only, never a shell line, and never our whole environment
 * (see child-env.ts). Never rejects on exit codes.
 */
export async function runLocal(argv: readonly string[], opts: LocalOptions = {}): Promise<LocalResult> {
  const [file, ...args] = argv
  if (!file) throw new Error('runLocal needs a program')
  // Files a child creates (terraform state, plans, keys) are private from birth, whichever entry point started us.
  restrictUmask()
  // execa's option types take no undefined: an option we do not have is left out.
  const child = execa(file, args, {
    reject: false,
    ...(opts.cwd === undefined ? {} : {cwd: opts.cwd}),
    env: childEnv(opts.kind ?? 'tool', opts.base ?? process.env, opts.env),
    extendEnv: false,
    ...(opts.input === undefined ? {} : {input: opts.input}),
    ...(opts.timeoutMs === undefined ? {} : {timeout: opts.timeoutMs}),
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
export async function runLocalChecked(
  argv: readonly string[],
  opts: LocalOptions & {code?: LocalFailureCode; what?: string; hint?: string} = {},
): Promise<LocalResult> {
  const r = await runLocal(argv, opts)
  if (r.exitCode === 0) return r
  throw localErrors.failed(argv, r, opts)
}

/**
 * Runs a program on this terminal (stdin, stdout and stderr inherited), for interactive sessions such as a VM's
 * serial console; returns its exit code.
 */
export async function runInteractive(argv: readonly string[], opts: Pick<LocalOptions, 'kind' | 'base' | 'env'> = {}): Promise<number | null> {
  const [file, ...args] = argv
  if (!file) throw new Error('runInteractive needs a program')
  restrictUmask()
  const r = await execa(file, args, {
    reject: false,
    stdio: 'inherit',
    env: childEnv(opts.kind ?? 'tool', opts.base ?? process.env, opts.env),
    extendEnv: false,
  })
  if (r.failed && r.exitCode === undefined && !r.signal) throw localErrors.notFound(file, `${r.shortMessage ?? r.message}`, argv)
  return r.exitCode ?? null
}
