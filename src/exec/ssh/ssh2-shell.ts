import type {Client, ClientChannel, SFTPWrapper} from 'ssh2'
import type {SshError, SshErrorContext} from '../../errors/ssh-errors.js'
import {sshErrors} from '../../errors/ssh-errors.js'
import {describeLostConnection} from './map-error.js'
import {SessionFailure, ShellSession} from './session.js'
import {sftpWriteFile} from './sftp-put.js'
import type {CmdResult, RemoteShell, RunOptions} from './types.js'

const CLOSE_WAIT_MS = 2_000

export interface ShellOptions {
  /**
   * Run commands through one long-lived remote `sh` (ShellSession) instead of a channel per command: far fewer
   * packets and no login shell per command. Exit signals then show as exit codes 128+N.
   */
  session?: boolean
}

/** RemoteShell over one established ssh2 Client: every run() is a new channel on the same connection, or a command to its shell session. */
export class Ssh2Shell implements RemoteShell {
  readonly host: string
  readonly #client: Client
  readonly #ctx: SshErrorContext
  /** Jump host clients this connection tunnels through, innermost last; closed after the client. */
  readonly #via: Client[]
  readonly #pending = new Set<(err: SshError) => void>()
  readonly #closedPromise: Promise<void>
  /** Why the connection died, once it has. */
  #lost: string | undefined
  #closing = false
  #sftp: Promise<SFTPWrapper> | undefined
  #useSession: boolean
  #session: ShellSession | undefined
  #queue: Promise<unknown> = Promise.resolve()

  constructor(client: Client, ctx: SshErrorContext, via: Client[] = [], opts: ShellOptions = {}) {
    this.#useSession = opts.session === true
    this.host = ctx.host
    this.#client = client
    this.#ctx = ctx
    this.#via = via
    let lastError: unknown
    client.on('error', (err) => {
      lastError = err
    })
    this.#closedPromise = new Promise((resolve) => {
      client.once('close', () => {
        this.#markLost(lastError)
        resolve()
      })
    })
    client.once('end', () => this.#markLost(lastError))
  }

  run(script: string, opts: RunOptions = {}): Promise<CmdResult> {
    if (!this.#useSession) return this.#runExec(script, opts)
    // One session runs one command at a time: callers that overlap are served in order. A command with input gets a
    // channel of its own, whose stdin ends in a real EOF: through the session its bytes would have to travel encoded
    // and be decoded on the host, two more processes there (printf's subshell, base64) for every such command.
    const result = this.#queue.then(() => (opts.stdin === undefined ? this.#runInSession(script, opts) : this.#runExec(script, opts)))
    this.#queue = result.catch(() => undefined)
    return result
  }

  async #runInSession(script: string, opts: RunOptions): Promise<CmdResult> {
    const unusable = this.#unusable()
    if (unusable) throw unusable
    let session: ShellSession
    try {
      session = await this.#openSession()
    } catch {
      // A server that refuses a second kind of channel still runs commands the plain way.
      this.#useSession = false
      return this.#runExec(script, opts)
    }
    try {
      return await session.run(script, opts)
    } catch (f) {
      if (f instanceof SessionFailure && f.kind === 'timeout') throw sshErrors.commandTimeout(this.#ctx, f.ms)
      throw this.#lostDuringCommand() ?? sshErrors.connectionLost(this.#ctx, 'the shell session on the host ended')
    }
  }

  #openSession(): Promise<ShellSession> {
    if (this.#session?.usable) return Promise.resolve(this.#session)
    return new Promise<ShellSession>((resolve, reject) => {
      this.#client.exec('sh', (err, channel) => {
        if (err) return reject(err)
        const session: ShellSession = new ShellSession(channel, () => {
          if (this.#session === session) this.#session = undefined
        })
        this.#session = session
        resolve(session)
      })
    })
  }

  #runExec(script: string, opts: RunOptions): Promise<CmdResult> {
    const unusable = this.#unusable()
    if (unusable) return Promise.reject(unusable)
    return new Promise<CmdResult>((resolve, reject) => {
      let settled = false
      let timer: NodeJS.Timeout | undefined
      let channel: ClientChannel | undefined
      const finish = (settle: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.#pending.delete(onLost)
        settle()
      }
      const onLost = (err: SshError): void => finish(() => reject(err))
      this.#pending.add(onLost)
      if (opts.timeoutMs !== undefined) {
        const ms = opts.timeoutMs
        timer = setTimeout(() => {
          finish(() => reject(sshErrors.commandTimeout(this.#ctx, ms)))
          stopChannel(channel)
        }, ms)
      }
      this.#client.exec(script, (err, stream) => {
        if (err) {
          finish(() => reject(this.#lostDuringCommand() ?? sshErrors.connectFailed(this.#ctx, `could not open a channel: ${err.message}`, err)))
          return
        }
        channel = stream
        if (settled) {
          stopChannel(stream)
          return
        }
        const out: Buffer[] = []
        const errOut: Buffer[] = []
        stream.on('data', (d: Buffer) => out.push(d))
        stream.stderr.on('data', (d: Buffer) => errOut.push(d))
        // A dying connection also closes its channels; that close carries no exit status and must not look like one.
        stream.on('close', (code: number | null | undefined, signal: string | undefined) => {
          const lost = this.#lostDuringCommand()
          if (lost) return onLost(lost)
          const result: CmdResult = {
            exitCode: typeof code === 'number' ? code : null,
            signal: signal ?? null,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
          }
          finish(() => resolve(result))
        })
        // Without an explicit EOF a command reading stdin (sudo -n sh -s, cat) would wait forever.
        if (opts.stdin === undefined) stream.end()
        else stream.end(opts.stdin)
      })
    })
  }

  async put(path: string, content: Buffer | string, opts: {mode?: number} = {}): Promise<void> {
    const unusable = this.#unusable()
    if (unusable) throw unusable
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    try {
      await sftpWriteFile(await this.#openSftp(), path, data, opts.mode)
    } catch (err) {
      const lost = this.#lostDuringCommand()
      if (lost) throw lost
      throw sshErrors.putFailed(this.#ctx, path, (err as Error).message, err)
    }
  }

  async close(): Promise<void> {
    this.#closing = true
    this.#client.end()
    // A server that never closes its side must not hang the run's shutdown.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([this.#closedPromise, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS).unref()))])
    clearTimeout(timer)
    for (const jump of [...this.#via].reverse()) jump.end()
  }

  #unusable(): Error | undefined {
    if (this.#closing) return sshErrors.shellClosed(this.host)
    return this.#lost === undefined ? undefined : sshErrors.connectionLost(this.#ctx, this.#lost, false)
  }

  #lostDuringCommand(): SshError | undefined {
    return this.#lost === undefined ? undefined : sshErrors.connectionLost(this.#ctx, this.#lost)
  }

  #openSftp(): Promise<SFTPWrapper> {
    this.#sftp ??= new Promise<SFTPWrapper>((resolve, reject) => {
      this.#client.sftp((err, sftp) => {
        if (err) return reject(err)
        // A broken SFTP channel is reopened on the next put instead of failing every later put.
        sftp.once('close', () => (this.#sftp = undefined))
        resolve(sftp)
      })
    }).catch((err: unknown) => {
      this.#sftp = undefined
      throw err
    })
    return this.#sftp
  }

  #markLost(cause: unknown): void {
    if (this.#lost !== undefined) return
    this.#lost = this.#closing ? 'kotadc closed the connection' : describeLostConnection(cause)
    for (const reject of [...this.#pending]) reject(sshErrors.connectionLost(this.#ctx, this.#lost))
  }
}

interface ChannelInternals {
  outgoing?: {id: number; state: string}
  _client?: {_protocol?: {signal(id: number, name: string): void}}
}

/**
 * Ends a command we gave up on. ssh2's channel.signal() is a no-op once stdin is closed (always, here), so the
 * signal request goes through its protocol object; sshd (7.9+) delivers it, and the close covers servers that don't.
 */
function stopChannel(channel: ClientChannel | undefined): void {
  if (!channel) return
  const internals = channel as unknown as ChannelInternals
  try {
    if (internals.outgoing?.state === 'open' || internals.outgoing?.state === 'eof')
      internals._client?._protocol?.signal(internals.outgoing.id, 'KILL')
  } catch {
    // the connection may already be gone
  }
  channel.close()
}
