import type {OpsError} from '../../errors/ops-error.js'
import type {SshError, SshErrorContext} from '../../errors/ssh-errors.js'
import {sshErrors} from '../../errors/ssh-errors.js'
import type {HostKeyVerdict} from './host-key-check.js'
import {hostKeyError} from './host-key-check.js'

/** The fields of an ssh2 (or socket) error that classification looks at. */
export interface Ssh2ErrorLike {
  message?: string
  /** ssh2's origin tag: client-authentication, client-timeout, client-dns, client-socket, handshake, protocol, ... */
  level?: string
  /** errno name for socket and DNS errors (ECONNREFUSED, ENOTFOUND, ...). */
  code?: string | number
  /** SSH_MSG_CHANNEL_OPEN_FAILURE reason for a refused forward (1 = prohibited, 2 = connect failed). */
  reason?: number | string
}

export interface ConnectErrorContext extends SshErrorContext {
  user: string
  /** How we tried to log in, for the message: the key file or "ssh-agent". */
  method: string
  readyTimeoutMs: number
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL'])

const asLike = (err: unknown): Ssh2ErrorLike => (typeof err === 'object' && err !== null ? err : {message: String(err)})

/**
 * Classifies a failure to establish a connection, once, at the edge. A rejected host key wins over whatever
 * ssh2 reported, since ssh2 only says "Host denied" for it.
 */
export function mapConnectError(err: unknown, ctx: ConnectErrorContext, verdict?: HostKeyVerdict): OpsError {
  if (verdict && !verdict.ok) return hostKeyError(verdict, ctx)
  const e = asLike(err)
  const message = e.message ?? 'unknown error'
  const code = typeof e.code === 'string' ? e.code : undefined
  switch (e.level) {
    case 'client-authentication':
      return sshErrors.authFailed(ctx, ctx.user, ctx.method, message)
    case 'client-timeout':
      return sshErrors.connectTimeout(ctx, ctx.readyTimeoutMs)
    case 'client-dns':
      return sshErrors.unreachable(ctx, `${ctx.address} does not resolve (${code ?? message})`, err)
    case 'client-socket':
      if (code === 'ECONNREFUSED') return sshErrors.connectRefused(ctx, err)
      if (code === 'ETIMEDOUT') return sshErrors.connectTimeout(ctx, ctx.readyTimeoutMs)
      if (code !== undefined && UNREACHABLE.has(code)) return sshErrors.unreachable(ctx, `no route (${code})`, err)
      return sshErrors.connectFailed(ctx, `${message}${code ? ` (${code})` : ''}`, err)
    default:
      return sshErrors.connectFailed(ctx, message, err)
  }
}

/** A jump host could not open the tunnel to its target. */
export function mapForwardError(err: unknown, ctx: SshErrorContext, jumpHost: string): SshError {
  const e = asLike(err)
  const why = e.message ?? 'unknown error'
  if (e.reason === 1) return sshErrors.connectFailed(ctx, `jump host ${jumpHost} does not allow TCP forwarding (${why})`, err)
  if (/refused/i.test(why)) return sshErrors.connectRefused(ctx, err)
  return sshErrors.unreachable(ctx, `jump host ${jumpHost} could not connect to it (${why})`, err)
}

/** Why an established connection died, in words for SSH_CONNECTION_LOST. */
export function describeLostConnection(err: unknown): string {
  if (err === undefined) return 'the server closed the connection'
  const e = asLike(err)
  const detail = e.level === 'client-timeout' ? 'no answer to keepalives' : (e.message ?? 'unknown error')
  return `${detail}${typeof e.code === 'string' ? ` (${e.code})` : ''}`
}
