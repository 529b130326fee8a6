import {describe, expect, it} from 'vitest'
import {createShellPool} from '../../../../src/exec/ssh/pool.js'
import type {RemoteShell, SshTarget} from '../../../../src/exec/ssh/types.js'
import {FakeShell} from '../../../helpers/fake-shell.js'

const t = (host: string): SshTarget => ({host, address: '10.0.0.1', port: 22, user: 'kotadc'})

describe('createShellPool', () => {
  it('connects once per host, shares the connection, and closes each one', async () => {
    const dialed: string[] = []
    const shells = new Map<string, FakeShell>()
    const pool = createShellPool(async (target) => {
      dialed.push(target.host)
      const s = new FakeShell(target.host)
      shells.set(target.host, s)
      return s
    })
    const [a1, a2, b] = await Promise.all([pool.shell(t('a')), pool.shell(t('a')), pool.shell(t('b'))])
    expect(a1).toBe(a2)
    expect(a1).not.toBe(b)
    expect(await pool.shell(t('a'))).toBe(a1)
    expect(dialed).toEqual(['a', 'b'])
    await pool.closeAll()
    expect([...shells.values()].every((s) => s.closed)).toBe(true)
    await pool.closeAll()
  })

  it('keeps a failed host failed for the run instead of redialing it', async () => {
    let attempts = 0
    const refused = Object.assign(new Error('refused'), {code: 'SSH_CONNECT_REFUSED'})
    const pool = createShellPool(async (): Promise<RemoteShell> => {
      attempts++
      throw refused
    })
    await expect(pool.shell(t('down'))).rejects.toBe(refused)
    await expect(pool.shell(t('down'))).rejects.toBe(refused)
    expect(attempts).toBe(1)
    await pool.closeAll()
  })
})
