import {randomBytes} from 'node:crypto'
import type {ClientChannel} from 'ssh2'
import {shellQuote} from '../../tasks/quote.js'
import type {CmdResult, RunOptions} from './types.js'

/** How a session command ended without a result: the caller maps these to its typed errors. */
export class SessionFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'ended',
    readonly ms = 0,
  ) {
    super(kind === 'timeout' ? `the session command timed out after ${ms} ms` : 'the shell session ended')
  }
}

interface Waiter {
  outMarker: string
  errMarker: string
  resolve(r: CmdResult): void
  reject(f: SessionFailure): void
}

/**
 * One long-lived `sh` on the host reading commands from its stdin: each command costs one write and its output,
 * instead of a channel, an exec request and a login shell per command. Every command still runs in its own `sh -c`
 * child, with its own stdin (the bytes given, or /dev/null), so a syntax error or `exit` cannot end the session.
 * Output is framed by markers carrying a fresh random token, so command output cannot forge the end of a command.
 */
export class ShellSession {
  readonly #channel: ClientChannel
  #out = ''
  #err = ''
  #waiter: Waiter | undefined
  #ended = false
  readonly #onEnd: () => void

  constructor(channel: ClientChannel, onEnd: () => void) {
    this.#channel = channel
    this.#onEnd = onEnd
    channel.on('data', (d: Buffer) => {
      this.#out += d.toString('utf8')
      this.#check()
    })
    channel.stderr.on('data', (d: Buffer) => {
      this.#err += d.toString('utf8')
      this.#check()
    })
    channel.on('close', () => this.#end())
  }

  get usable(): boolean {
    return !this.#ended
  }

  /** Runs one command; commands must not overlap (the owner queues them). */
  run(script: string, opts: RunOptions = {}): Promise<CmdResult> {
    const token = randomBytes(12).toString('hex')
    const outMarker = `\n@@kotadc-${token} `
    const errMarker = `\n@@kotadc-${token}\n`
    // Bytes for stdin travel base64-encoded inside the command stream, through printf (a shell builtin): never argv.
    const input = opts.stdin === undefined ? '' : `printf %s ${shellQuote(Buffer.from(opts.stdin).toString('base64'))} | base64 -d | `
    const line = `${input}sh -c ${shellQuote(script)}${opts.stdin === undefined ? ' </dev/null' : ''}; printf '\\n@@kotadc-${token} %s\\n' "$?"; printf '\\n@@kotadc-${token}\\n' >&2\n`
    return new Promise<CmdResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      const done = (): void => {
        clearTimeout(timer)
        this.#waiter = undefined
      }
      this.#waiter = {
        outMarker,
        errMarker,
        resolve: (r) => (done(), resolve(r)),
        reject: (f) => (done(), reject(f)),
      }
      if (opts.timeoutMs !== undefined) {
        const ms = opts.timeoutMs
        // The command may still be running: this session is given up, and the next command gets a new one.
        timer = setTimeout(() => {
          this.#waiter?.reject(new SessionFailure('timeout', ms))
          this.close()
        }, ms)
      }
      if (this.#ended) return this.#waiter.reject(new SessionFailure('ended'))
      this.#channel.write(line)
    })
  }

  close(): void {
    this.#end()
    this.#channel.close()
  }

  #check(): void {
    const w = this.#waiter
    if (!w) return
    const outAt = this.#out.indexOf(w.outMarker)
    if (outAt < 0) return
    const eol = this.#out.indexOf('\n', outAt + w.outMarker.length)
    const errAt = this.#err.indexOf(w.errMarker)
    if (eol < 0 || errAt < 0) return
    const exitCode = Number(this.#out.slice(outAt + w.outMarker.length, eol))
    const result: CmdResult = {exitCode, signal: null, stdout: this.#out.slice(0, outAt), stderr: this.#err.slice(0, errAt)}
    this.#out = this.#out.slice(eol + 1)
    this.#err = this.#err.slice(errAt + w.errMarker.length)
    w.resolve(result)
  }

  #end(): void {
    if (this.#ended) return
    this.#ended = true
    this.#waiter?.reject(new SessionFailure('ended'))
    this.#onEnd()
  }
}
