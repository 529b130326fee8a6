import {describe, expect, it} from 'vitest'
import {isUnreachable, sshErrors} from '../../../src/errors/ssh-errors.js'

const c = {host: 'web1', address: '127.0.0.1', port: 2222}

describe('SshError.unreachable', () => {
  it.each([
    ['SSH_CONNECT_TIMEOUT', sshErrors.connectTimeout(c, 100), true],
    ['SSH_CONNECT_REFUSED', sshErrors.connectRefused(c), true],
    ['SSH_UNREACHABLE', sshErrors.unreachable(c, 'no route'), true],
    ['SSH_AUTH_FAILED', sshErrors.authFailed(c, 'ops', 'key', 'denied'), true],
    ['SSH_HOST_KEY_MISMATCH', sshErrors.hostKeyMismatch(c, ['SHA256:a'], 'SHA256:b', 'the inventory'), true],
    ['SSH_CONNECTION_LOST', sshErrors.connectionLost(c, 'reset'), true],
    // The host answered: a slow command or a refused upload is a failed task on a reachable host.
    ['SSH_COMMAND_TIMEOUT', sshErrors.commandTimeout(c, 100), false],
    ['SSH_PUT_FAILED', sshErrors.putFailed(c, '/etc/x', 'Permission denied'), false],
  ])('%s: unreachable is %s', (_code, e, expected) => {
    expect(e.unreachable).toBe(expected)
    expect(isUnreachable(e)).toBe(expected)
  })

  it('an error that is not an SSH error is never "unreachable"', () => {
    expect(isUnreachable(new Error('ECONNREFUSED'))).toBe(false)
  })
})
