import {describe, expect, it} from 'vitest'
import {asOpsError} from '../../../../src/errors/cli.js'
import {sshErrors} from '../../../../src/errors/ssh-errors.js'
import {gateConnect} from '../../../../src/exec/runner/connect-gate.js'
import type {RemoteShell, SshTarget} from '../../../../src/exec/ssh/types.js'

const target = (host: string, readyTimeoutMs = 400): SshTarget => ({host, address: '127.0.0.1', port: 22, user: 'root', readyTimeoutMs})
const shell = (host: string): RemoteShell => ({
  host,
  run: async () => ({exitCode: 0, signal: null, stdout: '', stderr: ''}),
  put: async () => undefined,
  close: async () => undefined,
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Keeps this thread busy, as 200 handshakes' crypto on one thread does. */
const hog = (ms: number): void => {
  const end = Date.now() + ms
  while (Date.now() < end);
}
const timeout = (t: SshTarget) => sshErrors.connectTimeout({host: t.host, address: t.address, port: t.port}, t.readyTimeoutMs ?? 0)

describe('connect gate', () => {
  it('keeps at most --connect-concurrency handshakes in flight, and every host still connects', async () => {
    let inFlight = 0
    let most = 0
    const connect = gateConnect(
      async (t) => {
        most = Math.max(most, ++inFlight)
        await sleep(5)
        inFlight--
        return shell(t.host)
      },
      {concurrency: 3},
    )
    const shells = await Promise.all(Array.from({length: 20}, (_, i) => connect(target(`h${i}`))))
    expect(shells.map((s) => s.host)).toEqual(Array.from({length: 20}, (_, i) => `h${i}`))
    expect(most).toBe(3)
  })

  it('--connect-timeout replaces every target’s handshake timeout', async () => {
    const seen: (number | undefined)[] = []
    const connect = gateConnect(async (t) => (seen.push(t.readyTimeoutMs), shell(t.host)), {timeoutMs: 30_000})
    await connect(target('a', 10_000))
    expect(seen).toEqual([30_000])
  })

  it('retries a handshake that timed out while this thread was overloaded, and it then connects', async () => {
    let tries = 0
    const connect = gateConnect(async (t) => {
      if (++tries === 1) {
        await sleep(10)
        // The thread stalls for longer than a quarter of the handshake timeout: the host never had a fair chance.
        hog(250)
        await sleep(60)
        throw timeout(t)
      }
      return shell(t.host)
    })
    expect((await connect(target('a'))).host).toBe('a')
    expect(tries).toBe(2)
  })

  it('an overloaded controller that keeps timing out is named in the error, with what to change', async () => {
    let tries = 0
    const connect = gateConnect(
      async (t) => {
        tries++
        await sleep(10)
        hog(250)
        await sleep(60)
        throw timeout(t)
      },
      {concurrency: 7},
    )
    const e = asOpsError(await connect(target('a')).catch((x: unknown) => x))
    expect(tries).toBe(3)
    expect(e.code).toBe('SSH_CONNECT_TIMEOUT')
    expect(e.message).toContain('while kotadc itself was overloaded')
    expect(e.hint).toContain('lower --connect-concurrency (now 7)')
    expect(e.hint).not.toContain('nothing filters')
  })

  it('a timeout on an idle controller is the network’s: no retry, and the hint says so', async () => {
    let tries = 0
    const connect = gateConnect(async (t) => {
      tries++
      await sleep(20)
      throw timeout(t)
    })
    // A long timeout: the lag a shared test machine adds is far below a quarter of it.
    const e = asOpsError(await connect(target('a', 60_000)).catch((x: unknown) => x))
    expect(tries).toBe(1)
    expect(e.hint).toContain('kotadc was not busy, so the network or the host was slow')
    expect(e.hint).toContain('site.ssh.connectTimeout')
  })
})
