import {describe, expect, it} from 'vitest'
import {describeLostConnection, mapConnectError, mapForwardError} from '../../../../src/exec/ssh/map-error.js'
import type {ConnectErrorContext} from '../../../../src/exec/ssh/map-error.js'
import {ExternalError} from '../../../../src/errors/ops-error.js'
import {SshError} from '../../../../src/errors/ssh-errors.js'
import {KEY_A, KEY_B} from './keys.js'

const at = {file: 'inventory/hosts.yaml', line: 21, col: 5}
const ctx: ConnectErrorContext = {
  host: 'docker1',
  address: '10.10.0.21',
  port: 22,
  at,
  user: 'kotadc',
  method: 'key /home/op/.ssh/kotadc_ed25519',
  readyTimeoutMs: 10_000,
}
const err = (fields: Record<string, unknown>): Error => Object.assign(new Error(typeof fields.message === 'string' ? fields.message : 'boom'), fields)

describe('mapConnectError', () => {
  it.each([
    [{level: 'client-authentication', message: 'All configured authentication methods failed'}, 'SSH_AUTH_FAILED'],
    [{level: 'client-timeout', message: 'Timed out while waiting for handshake'}, 'SSH_CONNECT_TIMEOUT'],
    [{level: 'client-dns', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND'}, 'SSH_UNREACHABLE'],
    [{level: 'client-socket', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED'}, 'SSH_CONNECT_REFUSED'],
    [{level: 'client-socket', code: 'ETIMEDOUT', message: 'connect ETIMEDOUT'}, 'SSH_CONNECT_TIMEOUT'],
    [{level: 'client-socket', code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH'}, 'SSH_UNREACHABLE'],
    [{level: 'client-socket', code: 'ENETUNREACH', message: 'connect ENETUNREACH'}, 'SSH_UNREACHABLE'],
    [{level: 'client-socket', code: 'ECONNRESET', message: 'read ECONNRESET'}, 'SSH_CONNECT_FAILED'],
    [{level: 'handshake', message: 'Handshake failed: no matching key exchange algorithm'}, 'SSH_CONNECT_FAILED'],
    [{level: 'protocol', message: 'Connection lost before handshake'}, 'SSH_CONNECT_FAILED'],
    [{message: 'something else'}, 'SSH_CONNECT_FAILED'],
  ])('%o → %s', (fields, code) => {
    const mapped = mapConnectError(err(fields), ctx)
    expect(mapped).toBeInstanceOf(SshError)
    expect(mapped).toBeInstanceOf(ExternalError)
    expect(mapped.code).toBe(code)
    expect(mapped.exitCode).toBe(3)
    expect(mapped.location).toEqual(at)
    expect(mapped.hint).toContain('inventory/hosts.yaml:21')
  })

  it('names user and key method for an auth failure', () => {
    expect(mapConnectError(err({level: 'client-authentication'}), ctx).message).toBe(
      'host docker1 (10.10.0.21:22) refused login as kotadc with key /home/op/.ssh/kotadc_ed25519: boom',
    )
  })

  it('says how long it waited for a timeout', () => {
    expect(mapConnectError(err({level: 'client-timeout'}), ctx).message).toContain('within 10000 ms')
  })

  it('lets a rejected host key win over the generic "Host denied" ssh2 reports', () => {
    const verdict = {
      ok: false as const,
      reason: 'mismatch' as const,
      presented: KEY_B.fingerprint,
      expected: [KEY_A.fingerprint],
      source: 'the pinned hostKey',
    }
    const mapped = mapConnectError(err({level: 'handshake', message: 'Host denied (verification failed)'}), ctx, verdict)
    expect(mapped.code).toBe('SSH_HOST_KEY_MISMATCH')
    expect(mapConnectError(err({level: 'client-socket', code: 'ECONNRESET'}), ctx, {ok: true, presented: KEY_A.fingerprint}).code).toBe(
      'SSH_CONNECT_FAILED',
    )
  })

  it('copes with non-Error values', () => {
    expect(mapConnectError('weird', ctx).code).toBe('SSH_CONNECT_FAILED')
    expect(mapConnectError(undefined, ctx).message).toContain('undefined')
  })
})

describe('mapForwardError', () => {
  const target = {host: 'db1', address: '10.10.0.31', port: 22, via: 'bastion'}
  it('tells a refused target, an unreachable one and a jump host that forbids forwarding apart', () => {
    expect(mapForwardError(err({message: '(SSH) Channel open failure: Connection refused', reason: 2}), target, 'bastion').code).toBe(
      'SSH_CONNECT_REFUSED',
    )
    const unreachable = mapForwardError(err({message: '(SSH) Channel open failure: No route to host', reason: 2}), target, 'bastion')
    expect(unreachable.code).toBe('SSH_UNREACHABLE')
    expect(unreachable.message).toContain('jump host bastion could not connect')
    expect(
      mapForwardError(err({message: '(SSH) Channel open failure: administratively prohibited', reason: 1}), target, 'bastion').message,
    ).toContain('does not allow TCP forwarding')
  })
})

describe('describeLostConnection', () => {
  it('says why an established connection died, spelling out the keepalive case', () => {
    expect(describeLostConnection(undefined)).toBe('the server closed the connection')
    expect(describeLostConnection(err({level: 'client-timeout', message: 'Keepalive timeout'}))).toBe('no answer to keepalives')
    expect(describeLostConnection(err({level: 'client-socket', code: 'ECONNRESET', message: 'read ECONNRESET'}))).toBe('read ECONNRESET (ECONNRESET)')
  })
})
