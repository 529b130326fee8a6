import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {SshError} from '../../../../src/errors/ssh-errors.js'
import type {RemoteShell, SshTarget} from '../../../../src/exec/ssh/types.js'
import {LOAD_TASK, loadFirewalls} from '../../../../src/services/firewall/load.js'
import type {RunPlaybookResult} from '../../../../src/services/run-playbook.js'
import {FakeShell} from '../../../helpers/fake-shell.js'
import {netsvcInventory} from '../../netsvc/netsvc-inventory.js'

const refused = (): Error => new SshError('SSH_CONNECT_TIMEOUT', {host: 'net1', address: '10.10.0.51', port: 22}, 'timed out', 'check the host')
const inv = netsvcInventory()
const net1 = inv.hosts.find((h) => h.name === 'net1')!
net1.vars = {firewallConfirmSeconds: 10}

/** A fake clock that sleep() and every connection attempt move forward, so the deadline logic runs in no time. */
function harness(connections: (RemoteShell | Error)[], connectCostMs = 0) {
  let now = 1_000_000
  const targets: SshTarget[] = []
  // Which edge each connection came through: the run's shared connection (shell) or a login of its own (connect).
  const edges: string[] = []
  const dial =
    (edge: string) =>
    async (t: SshTarget): Promise<RemoteShell> => {
      targets.push(t)
      edges.push(edge)
      now += connectCostMs
      const next = connections.shift()
      if (next === undefined) throw refused()
      if (next instanceof Error) throw next
      return next
    }
  const ctx = {
    check: false,
    environ: {},
    token: () => 'tok123abc',
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms
    },
    connect: dial('connect'),
    shell: dial('shell'),
  }
  return {ctx, targets, edges, elapsed: () => now - 1_000_000}
}

const staged = (status: 'ok' | 'changed'): RunPlaybookResult => ({
  playbook: 'firewall',
  check: false,
  hosts: [{host: 'net1', status, tasks: [{name: 'ruleset /etc/kotadc/nftables/kotadc.nft', type: 'file', status, summary: ''}], handlers: []}],
  summary: {ok: status === 'ok' ? 1 : 0, changed: status === 'changed' ? 1 : 0, failed: 0, unreachable: 0},
})

const STATE = /echo staged-confirmed/
const ARM = /nohup sh -c/
const CONFIRM = /cp "\$3" "\$4"/
// What the state command prints: the staged file against its confirmed copy, then the live and recorded listings.
const listing = (name: string): string => readFileSync(join(import.meta.dirname, '../../../fixtures/nft', name), 'utf8')
const state = (status: string, live = listing('loaded.json'), recorded = listing('loaded.json')) => ({
  stdout: `${status}\n--- kotadc live table\n${live}\n--- kotadc loaded table\n${recorded}`,
})
const CURRENT = state('staged-confirmed')
const NOT_LOADED = {stdout: 'absent\n'}

describe('firewall load under the confirm-or-rollback guard', () => {
  it('leaves a loaded, confirmed ruleset alone', async () => {
    const s = new FakeShell('net1').expectRun(STATE, CURRENT)
    const h = harness([s])
    const r = await loadFirewalls(inv, staged('ok'), h.ctx)
    s.done()
    expect(h.edges).toEqual(['shell'])
    expect(r.hosts[0]?.tasks.at(-1)).toMatchObject({name: LOAD_TASK, status: 'ok'})
    expect(r.summary).toEqual({ok: 1, changed: 0, failed: 0, unreachable: 0})
  })

  it('arms on one connection and confirms on a second, fresh one', async () => {
    const first = new FakeShell('net1').expectRun(STATE, NOT_LOADED).expectRun(ARM)
    const fresh = new FakeShell('net1').expectRun(CONFIRM)
    const h = harness([first, fresh])
    const r = await loadFirewalls(inv, staged('changed'), h.ctx)
    first.done()
    fresh.done()
    expect([first.closed, fresh.closed]).toEqual([true, true])
    expect(h.targets).toHaveLength(2)
    expect(h.targets[1]?.readyTimeoutMs).toBeLessThanOrEqual(5_000)
    // The proof is a login of its own: a connection shared with the run's other phases was open before the load.
    expect(h.edges).toEqual(['shell', 'connect'])
    expect(r.hosts[0]).toMatchObject({status: 'changed', tasks: [{}, {name: LOAD_TASK, status: 'changed'}]})
  })

  it('no fresh connection before the deadline: FIREWALL_ROLLED_BACK with the host location, once the host answers again', async () => {
    const first = new FakeShell('net1').expectRun(STATE, NOT_LOADED).expectRun(ARM)
    // Each refused attempt costs 4 s: two fit in the 10 s window (minus the margin), then the host is back.
    const h = harness([first, refused(), refused(), new FakeShell('net1')], 4_000)
    const r = await loadFirewalls(inv, staged('changed'), h.ctx)
    first.done()
    const host = r.hosts[0]!
    expect(host.status).toBe('failed')
    expect(host.error).toMatchObject({code: 'FIREWALL_ROLLED_BACK', location: net1.at})
    expect(host.error?.message).toContain('the previous ruleset is back')
    // It waited for the timer (10 s) before checking the host answers.
    expect(h.elapsed()).toBeGreaterThanOrEqual(10_000)
    expect(r.summary.failed).toBe(1)
  })

  it('a confirm that lost the race to the timer is a rollback too', async () => {
    const first = new FakeShell('net1').expectRun(STATE, NOT_LOADED).expectRun(ARM)
    const late = new FakeShell('net1').expectRun(CONFIRM, {exitCode: 1, stderr: 'firewall change was rolled back before it was confirmed'})
    const r = await loadFirewalls(inv, staged('changed'), harness([first, late, new FakeShell('net1')]).ctx)
    expect(r.hosts[0]?.error?.code).toBe('FIREWALL_ROLLED_BACK')
  })

  it('nft refusing the ruleset keeps the old one and says so', async () => {
    const first = new FakeShell('net1').expectRun(STATE, NOT_LOADED).expectRun(ARM, {exitCode: 1, stderr: 'Error: Could not process rule'})
    const r = await loadFirewalls(inv, staged('changed'), harness([first]).ctx)
    expect(r.hosts[0]?.error).toMatchObject({code: 'FIREWALL_LOAD_FAILED', details: {stderrTail: 'Error: Could not process rule'}})
  })

  it('a rule added by hand is drift in check mode, and a deploy loads the rendered table again', async () => {
    const handEdited = state('staged-confirmed', listing('hand-edited.json'))
    const look = new FakeShell('net1').expectRun(STATE, handEdited)
    const checked = await loadFirewalls(inv, staged('ok'), {...harness([look]).ctx, check: true})
    look.done()
    expect(checked.hosts[0]?.tasks.at(-1)).toMatchObject({
      status: 'changed',
      summary: expect.stringContaining('live table differs: + input: tcp dport 3306 counter accept'),
    })
    const first = new FakeShell('net1').expectRun(STATE, handEdited).expectRun(ARM)
    const fresh = new FakeShell('net1').expectRun(CONFIRM)
    const applied = await loadFirewalls(inv, staged('ok'), harness([first, fresh]).ctx)
    first.done()
    fresh.done()
    expect(applied.hosts[0]).toMatchObject({
      status: 'changed',
      tasks: [{}, {name: LOAD_TASK, status: 'changed', summary: expect.stringContaining('tcp dport 3306')}],
    })
  })

  it('check mode only reports; failed or unreachable hosts are left as they are', async () => {
    const h = harness([])
    const r = await loadFirewalls(inv, staged('changed'), {
      ...h.ctx,
      check: true,
      shell: async () => new FakeShell('net1').expectRun(STATE, CURRENT),
    })
    expect(r.hosts[0]?.tasks.at(-1)).toMatchObject({status: 'changed', summary: expect.stringContaining('would load')})
    const down: RunPlaybookResult = {...staged('changed'), hosts: [{host: 'net1', status: 'unreachable', tasks: [], handlers: []}]}
    expect((await loadFirewalls(inv, down, h.ctx)).hosts[0]?.tasks).toEqual([])
  })
})
