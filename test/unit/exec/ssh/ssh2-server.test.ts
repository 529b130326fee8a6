import type {AddressInfo} from 'node:net'
import {createServer} from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {connectSsh} from '../../../../src/exec/ssh/connect.js'
import type {ExecHandler, InProcessServer} from './in-process-server.js'
import {startInProcessServer} from './in-process-server.js'

const handlers: Record<string, ExecHandler> = {
  killed: (_cmd, stream) => {
    stream.write('partial')
    stream.exit('KILL')
    stream.end()
  },
  'mixed-output': (_cmd, stream) => {
    stream.write('to stdout\n')
    stream.stderr.write('warning: to stderr\n')
    stream.exit(2)
    stream.end()
  },
  echo: (_cmd, stream) => {
    const chunks: Buffer[] = []
    stream.on('data', (d: Buffer) => chunks.push(d))
    // Answers only after EOF, so it also proves run() closes stdin.
    stream.on('end', () => {
      stream.write(Buffer.concat(chunks))
      stream.exit(0)
      stream.end()
    })
  },
  'no-status': (_cmd, stream) => stream.end(),
  slow: (_cmd, stream) => {
    setTimeout(() => {
      stream.exit(0)
      stream.end()
    }, 400)
  },
  hang: () => undefined,
  drop: (_cmd, _stream, conn) => setTimeout(() => conn.end(), 50),
}

describe('ssh2 transport against an in-process ssh2 server', () => {
  let server: InProcessServer
  beforeAll(async () => {
    server = await startInProcessServer((cmd, stream, conn) => (handlers[cmd] ?? handlers['no-status']!)(cmd, stream, conn))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('reports a signal death as signal name with a null exit code', async () => {
    const shell = await connectSsh(server.target)
    expect(await shell.run('killed')).toEqual({exitCode: null, signal: 'SIGKILL', stdout: 'partial', stderr: ''})
    await shell.close()
  })

  it('keeps stderr apart from stdout and returns a non-zero exit without rejecting', async () => {
    const shell = await connectSsh(server.target)
    expect(await shell.run('mixed-output')).toEqual({exitCode: 2, signal: null, stdout: 'to stdout\n', stderr: 'warning: to stderr\n'})
    await shell.close()
  })

  it('sends stdin bytes and then EOF', async () => {
    const shell = await connectSsh(server.target)
    const bytes = Buffer.from([0, 1, 2, 255, 10])
    expect((await shell.run('echo', {stdin: bytes})).stdout).toBe(bytes.toString('utf8'))
    expect((await shell.run('echo')).stdout).toBe('')
    await shell.close()
  })

  it('reports a channel closed without exit status as neither exit code nor signal', async () => {
    const shell = await connectSsh(server.target)
    expect(await shell.run('no-status')).toEqual({exitCode: null, signal: null, stdout: '', stderr: ''})
    await shell.close()
  })

  it('sends keepalives at the configured interval while connected', async () => {
    const before = server.globalRequests.filter((r) => r === 'keepalive@openssh.com').length
    const shell = await connectSsh({...server.target, keepaliveIntervalMs: 50})
    await shell.run('slow')
    await shell.close()
    expect(server.globalRequests.filter((r) => r === 'keepalive@openssh.com').length - before).toBeGreaterThanOrEqual(3)
  })

  it('on timeout rejects with SSH_COMMAND_TIMEOUT and asks the server to KILL the command', async () => {
    const shell = await connectSsh(server.target)
    await expect(shell.run('hang', {timeoutMs: 100})).rejects.toMatchObject({code: 'SSH_COMMAND_TIMEOUT', host: 'unit1'})
    await new Promise((r) => setTimeout(r, 50))
    expect(server.signals).toContain('KILL')
    expect((await shell.run('mixed-output')).exitCode).toBe(2)
    await shell.close()
  })

  it('rejects a running command with SSH_CONNECTION_LOST when the server hangs up', async () => {
    const shell = await connectSsh(server.target)
    const slow = shell.run('slow').catch((e: unknown) => e)
    await expect(shell.run('drop')).rejects.toMatchObject({code: 'SSH_CONNECTION_LOST', location: server.target.at})
    expect(await slow).toMatchObject({code: 'SSH_CONNECTION_LOST'})
    await expect(shell.run('echo')).rejects.toMatchObject({code: 'SSH_CONNECTION_LOST'})
    await shell.close()
  })

  it('rejects use after close() as a bug, not a transport failure', async () => {
    const shell = await connectSsh(server.target)
    await shell.close()
    await expect(shell.run('echo')).rejects.toMatchObject({code: 'BUG_SSH_SHELL_CLOSED', exitCode: 70})
  })

  it('refuses a mismatching key and an unpinned one before authenticating', async () => {
    const pin = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'
    const mismatch = await connectSsh({...server.target, hostKey: pin}).catch((e: unknown) => e)
    expect(mismatch).toMatchObject({code: 'SSH_HOST_KEY_MISMATCH', location: server.target.at})
    expect((mismatch as Error).message).toContain(pin)
    expect((mismatch as Error).message).toContain(server.hostKeyFingerprint)
    const {hostKey: _, ...unpinned} = server.target
    await expect(connectSsh(unpinned)).rejects.toMatchObject({code: 'SSH_HOST_KEY_UNKNOWN'})
  })
})

describe('ssh2 transport login and handshake failures', () => {
  let server: InProcessServer
  beforeAll(async () => {
    server = await startInProcessServer(() => undefined, {authorize: false})
  })
  afterAll(async () => {
    await server?.close()
  })

  it('maps a rejected login to SSH_AUTH_FAILED naming the user and key, with the inventory line in the hint', async () => {
    const err = await connectSsh(server.target).catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'SSH_AUTH_FAILED', exitCode: 3})
    expect((err as Error).message).toContain('login as tester')
    expect((err as Error).message).toContain(server.target.identityFile)
    expect((err as {hint: string}).hint).toContain('inventory/hosts.yaml:4')
  })

  it('maps a handshake that never completes to SSH_CONNECT_TIMEOUT', async () => {
    // Accepts TCP but never speaks SSH.
    const silent = createServer(() => undefined)
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (silent.address() as AddressInfo).port
    try {
      const err = await connectSsh({...server.target, port, readyTimeoutMs: 200}).catch((e: unknown) => e)
      expect(err).toMatchObject({code: 'SSH_CONNECT_TIMEOUT'})
      expect((err as Error).message).toContain('200 ms')
    } finally {
      silent.close()
    }
  })
})
