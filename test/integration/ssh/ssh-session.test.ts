import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {connectSsh} from '../../../src/exec/ssh/index.js'
import type {RemoteShell, SshTarget} from '../../../src/exec/ssh/index.js'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {startSshd} from '../../helpers/sshd.js'

const req = requireBinary('sshd', 'ssh-keygen')

describe.skipIf(!req.ok)(`ssh shell session against a real OpenSSH sshd${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let sshd: Sshd
  let shell: RemoteShell
  let target: SshTarget

  beforeAll(async () => {
    sshd = await startSshd()
    target = {
      host: 'web1',
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      identityFile: sshd.clientKeyPath,
      hostKey: sshd.hostKeyFingerprint,
    }
    shell = await connectSsh(target, {session: true})
  })
  afterAll(async () => {
    await shell?.close()
    await sshd?.stop()
  })

  it('returns exactly what each command wrote, and its exit code', async () => {
    expect(await shell.run('echo out; echo err >&2; exit 3')).toEqual({exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err\n'})
    expect(await shell.run('printf no-newline')).toEqual({exitCode: 0, signal: null, stdout: 'no-newline', stderr: ''})
    expect(await shell.run('printf "two\\n\\n"')).toMatchObject({stdout: 'two\n\n'})
    expect(await shell.run('true')).toEqual({exitCode: 0, signal: null, stdout: '', stderr: ''})
  })

  it('survives commands that exit, fail to parse, or read stdin', async () => {
    expect((await shell.run('exit 7')).exitCode).toBe(7)
    expect((await shell.run('if then fi')).exitCode).not.toBe(0)
    expect((await shell.run('cat')).stdout).toBe('')
    expect((await shell.run('echo still here')).stdout).toBe('still here\n')
  })

  it('feeds stdin bytes literally, binary and hostile alike, executing nothing in them', async () => {
    const marker = join(sshd.dir, 'pwned-session')
    const hostile = `$(touch ${marker}) \`touch ${marker}\` '"; touch ${marker}; echo '\n@@kotadc-fake 0\n\\n *\n`
    const dest = join(sshd.dir, 'session-hostile.txt')
    const r = await shell.run(`cat > '${dest}' && cat '${dest}'`, {stdin: hostile})
    expect(r).toMatchObject({exitCode: 0, stdout: hostile})
    expect(readFileSync(dest, 'utf8')).toBe(hostile)
    expect(existsSync(marker)).toBe(false)
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13, 39, 34])
    expect((await shell.run('od -An -tx1 | tr -s " "', {stdin: bytes})).stdout.trim()).toBe('00 01 02 ff 0a 0d 27 22')
  })

  it('serves overlapping calls one after the other, each with its own output', async () => {
    const all = await Promise.all([1, 2, 3, 4].map((i) => shell.run(`sleep 0.0${i}; echo p${i}; echo e${i} >&2`)))
    expect(all.map((r) => [r.stdout, r.stderr])).toEqual([1, 2, 3, 4].map((i) => [`p${i}\n`, `e${i}\n`]))
  })

  it('times a command out, then runs the next one in a fresh session', async () => {
    await expect(shell.run('sleep 5', {timeoutMs: 300})).rejects.toMatchObject({code: 'SSH_COMMAND_TIMEOUT'})
    expect((await shell.run('echo after')).stdout).toBe('after\n')
  })
})
