import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {connectSsh, sshStats} from '../../../src/exec/ssh/index.js'
import type {SshTarget} from '../../../src/exec/ssh/index.js'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {sshdTarget, startSshd} from '../../helpers/sshd.js'
import {waitFor} from '../../helpers/wait.js'

const req = requireBinary('sshd', 'ssh-keygen')
const skipped = req.reason ? ` (skipped: ${req.reason})` : ''

const targetOf = (sshd: Sshd, host: string): SshTarget => sshdTarget(sshd, host, host === 'bastion' ? 3 : 12)

describe.skipIf(!req.ok)(`ssh through a jump host${skipped}`, () => {
  let bastion: Sshd
  let inner: Sshd
  beforeAll(async () => {
    // DEBUG1 makes the bastion log each direct-tcpip request, which proves the route the connection took.
    ;[bastion, inner] = await Promise.all([startSshd({logLevel: 'DEBUG1'}), startSshd()])
  })
  afterAll(async () => {
    await Promise.all([bastion?.stop(), inner?.stop()])
  })

  it('reaches the target through a tunnel on the jump host, verifying both host keys', async () => {
    const before = {stats: sshStats.connections, bastion: bastion.connectionCount(), inner: inner.connectionCount()}
    const shell = await connectSsh({...targetOf(inner, 'db1'), jump: targetOf(bastion, 'bastion')})
    try {
      expect(shell.host).toBe('db1')
      const r = await shell.run('echo via-jump; echo $SSH_CONNECTION')
      expect(r.stdout).toMatch(new RegExp(`^via-jump\\n127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${inner.port}\\n$`))
      await shell.put(join(inner.dir, 'through-jump.txt'), 'x')
      expect(existsSync(join(inner.dir, 'through-jump.txt'))).toBe(true)
    } finally {
      await shell.close()
    }
    expect(bastion.log()).toMatch(new RegExp(`target 127\\.0\\.0\\.1 port ${inner.port}`))
    expect(sshStats.connections - before.stats).toBe(2)
    expect(bastion.connectionCount() - before.bastion).toBe(1)
    expect(inner.connectionCount() - before.inner).toBe(1)
  })

  it('names the target, not the jump host, when the target presents the wrong key', async () => {
    const wrong = {...targetOf(inner, 'db1'), hostKey: bastion.hostKeyFingerprint, jump: targetOf(bastion, 'bastion')}
    const err = await connectSsh(wrong).catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'SSH_HOST_KEY_MISMATCH', host: 'db1'})
    expect((err as Error).message).toContain('via bastion')
    expect((err as Error).message).toContain(inner.hostKeyFingerprint)
  })

  it('names the jump host when its own key is wrong', async () => {
    const err = await connectSsh({...targetOf(inner, 'db1'), jump: {...targetOf(bastion, 'bastion'), hostKey: inner.hostKeyFingerprint}}).catch(
      (e: unknown) => e,
    )
    expect(err).toMatchObject({code: 'SSH_HOST_KEY_MISMATCH', host: 'bastion'})
  })

  it('reports a target the jump host cannot reach as refused', async () => {
    const closed = {...targetOf(inner, 'db1'), port: 1, jump: targetOf(bastion, 'bastion')}
    await expect(connectSsh(closed)).rejects.toMatchObject({code: 'SSH_CONNECT_REFUSED', host: 'db1'})
  })
})

describe.skipIf(!req.ok)(`ssh connection lost mid-command${skipped}`, () => {
  let sshd: Sshd
  beforeAll(async () => {
    sshd = await startSshd()
  })
  afterAll(async () => {
    await sshd?.stop()
  })

  it('rejects the running command with SSH_CONNECTION_LOST when sshd dies, and every later call too', async () => {
    const shell = await connectSsh(targetOf(sshd, 'app1'))
    const pidFile = join(sshd.dir, 'sleep.pid')
    // The rejection arrives while the test awaits kill(), so it is caught from the start.
    const running = shell.run(`echo $$ > '${pidFile}'; exec sleep 30`).catch((e: unknown) => e)
    await waitFor(() => existsSync(pidFile), 'the remote sleep to start', {intervalMs: 50})
    expect(existsSync(pidFile)).toBe(true)
    await sshd.kill()
    const err = await running
    expect(err).toMatchObject({code: 'SSH_CONNECTION_LOST', host: 'app1', exitCode: 3})
    expect((err as Error).message).toContain('closed while a command was running')
    const later = await shell.run('true').catch((e: unknown) => e)
    expect(later).toMatchObject({code: 'SSH_CONNECTION_LOST', host: 'app1'})
    expect((later as Error).message).toContain('this step was not run')
    await expect(shell.put(join(sshd.dir, 'x'), 'x')).rejects.toMatchObject({code: 'SSH_CONNECTION_LOST'})
    await shell.close()
  })
})
