import {rmSync} from 'node:fs'
import {afterEach, describe, expect, it} from 'vitest'
import {SshError} from '../../../../src/errors/ssh-errors.js'
import type {RemoteShell, SshTarget} from '../../../../src/exec/ssh/types.js'
import {deployLockAndAudit, deploySite} from '../../../../src/services/deploy.js'
import {hostsToDialAgain, siteShells} from '../../../../src/services/deploy/site-shells.js'
import {sshTargetFor} from '../../../../src/services/ssh-targets.js'
import {fakeSite, type FakeSite} from '../../../helpers/fake-site.js'

const target = (host: string): SshTarget => ({host, address: '127.0.0.1', port: 22, user: 'kotadc'})
const lost = (host: string): SshError => new SshError('SSH_CONNECTION_LOST', {host, address: '127.0.0.1', port: 22}, 'gone', 'reconnect')

/** Counts logins; each shell runs `true` (or fails as told) and records whether it was really closed. */
function dialer() {
  const dialled: string[] = []
  const shells: (RemoteShell & {closed: boolean})[] = []
  let fail: Error | undefined
  const dial = async (t: SshTarget): Promise<RemoteShell> => {
    dialled.push(t.host)
    const s = {
      host: t.host,
      closed: false,
      run: async () => {
        if (fail) throw fail
        return {exitCode: 0, signal: null, stdout: '', stderr: ''}
      },
      put: async () => undefined,
      close: async () => void (s.closed = true),
    }
    shells.push(s)
    return s
  }
  return {dial, dialled, shells, failWith: (e: Error | undefined) => (fail = e)}
}

describe('the SSH connections of a site run', () => {
  it('dials each host once however many phases ask, and a phase closing its shell keeps the connection open', async () => {
    const d = dialer()
    const shells = siteShells(d.dial)
    for (let phase = 0; phase < 3; phase++)
      for (const h of ['net1', 'db1']) {
        const s = await shells.connect(target(h))
        await s.run('true')
        await s.close()
      }
    expect(d.dialled).toEqual(['net1', 'db1'])
    expect(d.shells.map((s) => s.closed)).toEqual([false, false])
    await shells.closeAll()
    expect(d.shells.map((s) => s.closed)).toEqual([true, true])
  })

  it('dials a host again after drop (a phase changed it) and after the connection was lost', async () => {
    const d = dialer()
    const shells = siteShells(d.dial)
    await shells.connect(target('net1'))
    await shells.drop(['net1'])
    expect(d.shells[0]?.closed).toBe(true)
    const again = await shells.connect(target('net1'))
    d.failWith(lost('net1'))
    await expect(again.run('true')).rejects.toMatchObject({code: 'SSH_CONNECTION_LOST'})
    d.failWith(undefined)
    await (await shells.connect(target('net1'))).run('true')
    expect(d.dialled).toEqual(['net1', 'net1', 'net1'])
  })

  it('keeps a connection whose command merely failed, and does not keep a failed login', async () => {
    const d = dialer()
    const shells = siteShells(async (t) => {
      if (d.dialled.length === 0) {
        d.dialled.push(t.host)
        throw new Error('refused')
      }
      return d.dial(t)
    })
    await expect(shells.connect(target('db1'))).rejects.toThrow('refused')
    const s = await shells.connect(target('db1'))
    d.failWith(new SshError('SSH_COMMAND_TIMEOUT', {host: 'db1', address: '127.0.0.1', port: 22}, 'slow', 'wait'))
    await expect(s.run('sleep 99')).rejects.toMatchObject({code: 'SSH_COMMAND_TIMEOUT'})
    await shells.connect(target('db1'))
    expect(d.dialled).toEqual(['db1', 'db1'])
  })

  it('hands back the hosts a phase changed or failed on, not those it left as they were', () => {
    const hosts = [
      {host: 'a', status: 'ok'},
      {host: 'b', status: 'changed'},
      {host: 'c', status: 'failed'},
      {host: 'd', status: 'unreachable'},
    ]
    expect(hostsToDialAgain({hosts})).toEqual(['b', 'c', 'd'])
    expect(hostsToDialAgain({})).toEqual([])
  })
})

describe('a deploy over shared connections', () => {
  let site: FakeSite
  afterEach(() => rmSync(site.dir, {recursive: true, force: true}))

  it('logs in to each host once when nothing changes, again only where a phase changed something, and closes all at the end', async () => {
    site = fakeSite()
    const d = dialer()
    const shells = siteShells(d.dial)
    site.playbooks.scriptTasks('base', {docker1: ['changed']})
    // The fake engine reports; this wrapper makes each of its hosts use a connection the way the runner does.
    const runPlaybook: typeof site.deps.runPlaybook = async (inv, pb, opts) => {
      const r = await site.playbooks.run(inv, pb, opts)
      for (const h of r.hosts) await (await shells.connect(sshTargetFor(inv, h.host, {}))).close()
      return r
    }
    const opts = {limit: [], phases: ['base', 'docker-hosts'], environ: {}, cwd: site.dir, command: 'kotadc deploy --yes'}
    const r = await deploySite(site.inv, opts, {
      ...site.deps,
      ...deployLockAndAudit(site.inv, opts),
      runPlaybook,
      shells,
      git: async () => ({commit: 'abc123', dirty: false}),
      clock: () => new Date('2025-01-02T03:04:05Z'),
    })
    expect(r.outcome).toBe('succeeded')
    const base = r.phases[0]?.hosts?.map((h) => h.host) ?? []
    const dockerHosts = r.phases[1]?.hosts?.map((h) => h.host) ?? []
    expect(dockerHosts).toContain('docker1')
    // Every host once, plus docker1 again: base changed it, so docker-hosts proved a fresh login.
    expect(d.dialled.sort()).toEqual([...base, 'docker1'].sort())
    expect(d.shells.every((s) => s.closed)).toBe(true)
  })
})
