import type {CmdResult, RemoteShell, RunOptions} from '../../src/exec/ssh/types.js'

/** How an expectation recognises a script: exact text, a pattern, or a predicate. */
export type ScriptMatcher = string | RegExp | ((script: string) => boolean)
export type ContentMatcher = string | Buffer | RegExp

interface RunExpectation {
  kind: 'run'
  script: ScriptMatcher
  stdin?: ContentMatcher
  outcome: CmdResult | Error
}

interface PutExpectation {
  kind: 'put'
  path: string
  content?: ContentMatcher
  mode?: number
  outcome?: Error
}

type Expectation = RunExpectation | PutExpectation

export interface RecordedRun {
  script: string
  stdin?: string
  timeoutMs?: number
}

export interface RecordedPut {
  path: string
  content: Buffer
  mode?: number
}

const describeMatcher = (m: ScriptMatcher | ContentMatcher | undefined): string =>
  m === undefined
    ? 'anything'
    : typeof m === 'function'
      ? `a script accepted by ${m.name || 'a predicate'}`
      : Buffer.isBuffer(m)
        ? `${m.length} bytes`
        : String(m)

const matches = (m: ScriptMatcher | ContentMatcher | undefined, actual: string): boolean => {
  if (m === undefined) return true
  if (typeof m === 'string') return m === actual
  if (Buffer.isBuffer(m)) return m.toString('utf8') === actual
  if (m instanceof RegExp) return m.test(actual)
  return m(actual)
}

const describeExpectation = (e: Expectation | undefined): string =>
  e === undefined ? 'no further call' : e.kind === 'run' ? `run(${describeMatcher(e.script)})` : `put(${e.path})`

/**
 * A scripted RemoteShell for unit tests of code that drives hosts (runner, facts gathering, services).
 * Queue what the code under test should do with expectRun/expectPut, run it, then call done(): it fails if an
 * expectation was not used or a call was unexpected (even when the code under test swallowed the rejection).
 * Calls must come in the queued order unless the shell was built with {ordered: false}.
 */
export class FakeShell implements RemoteShell {
  readonly host: string
  readonly runs: RecordedRun[] = []
  readonly puts: RecordedPut[] = []
  readonly unexpected: string[] = []
  closed = false
  readonly #ordered: boolean
  readonly #queue: Expectation[] = []

  constructor(host = 'fake-host', opts: {ordered?: boolean} = {}) {
    this.host = host
    this.#ordered = opts.ordered ?? true
  }

  /** Expect one run() whose script matches; it answers with the result (exit 0, empty output by default) or rejects with the error. */
  expectRun(script: ScriptMatcher, outcome: Partial<CmdResult> | Error = {}, opts: {stdin?: ContentMatcher} = {}): this {
    const result = outcome instanceof Error ? outcome : {exitCode: 0, signal: null, stdout: '', stderr: '', ...outcome}
    this.#queue.push({kind: 'run', script, outcome: result, ...(opts.stdin === undefined ? {} : {stdin: opts.stdin})})
    return this
  }

  /** Expect one put() to this exact path (content and mode checked when given); it fails with `error` if given. */
  expectPut(path: string, opts: {content?: ContentMatcher; mode?: number; error?: Error} = {}): this {
    this.#queue.push({
      kind: 'put',
      path,
      ...(opts.content === undefined ? {} : {content: opts.content}),
      ...(opts.mode === undefined ? {} : {mode: opts.mode}),
      ...(opts.error ? {outcome: opts.error} : {}),
    })
    return this
  }

  async run(script: string, opts: RunOptions = {}): Promise<CmdResult> {
    const stdin = opts.stdin === undefined ? undefined : Buffer.from(opts.stdin).toString('utf8')
    this.runs.push({script, ...(stdin === undefined ? {} : {stdin}), ...(opts.timeoutMs === undefined ? {} : {timeoutMs: opts.timeoutMs})})
    const call = `run(${JSON.stringify(script)}${stdin === undefined ? '' : `, stdin ${JSON.stringify(stdin)}`})`
    const e = this.#take(
      (x) => x.kind === 'run' && matches(x.script, script) && (x.stdin === undefined || (stdin !== undefined && matches(x.stdin, stdin))),
      call,
    )
    if (e.kind !== 'run') throw new Error('unreachable')
    if (e.outcome instanceof Error) throw e.outcome
    return {...e.outcome}
  }

  async put(path: string, content: Buffer | string, opts: {mode?: number} = {}): Promise<void> {
    const bytes = Buffer.from(content)
    this.puts.push({path, content: bytes, ...(opts.mode === undefined ? {} : {mode: opts.mode})})
    const call = `put(${JSON.stringify(path)}, ${bytes.length} bytes${opts.mode === undefined ? '' : `, mode ${opts.mode.toString(8)}`})`
    const e = this.#take(
      (x) => x.kind === 'put' && x.path === path && matches(x.content, bytes.toString('utf8')) && (x.mode === undefined || x.mode === opts.mode),
      call,
    )
    if (e.outcome instanceof Error) throw e.outcome
  }

  async close(): Promise<void> {
    this.closed = true
  }

  /** Throws unless every expectation was used and no call was unexpected. */
  done(): void {
    const problems = [
      ...this.unexpected.map((u) => `unexpected ${u}`),
      ...this.#queue.map((e) => `expected but never called: ${describeExpectation(e)}`),
    ]
    if (problems.length > 0) throw new Error(`FakeShell ${this.host}:\n  ${problems.join('\n  ')}`)
  }

  #take(fits: (e: Expectation) => boolean, call: string): Expectation {
    if (this.closed) return this.#fail(`${call} after close()`)
    const index = this.#ordered ? (this.#queue[0] && fits(this.#queue[0]) ? 0 : -1) : this.#queue.findIndex(fits)
    if (index < 0) return this.#fail(`${call}; next expected: ${describeExpectation(this.#queue[0])}`)
    return this.#queue.splice(index, 1)[0]!
  }

  #fail(what: string): never {
    this.unexpected.push(what)
    throw new Error(`FakeShell ${this.host}: unexpected ${what}`)
  }
}
