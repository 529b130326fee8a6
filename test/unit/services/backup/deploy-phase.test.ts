import {describe, expect, it} from 'vitest'
import type {CmdResult, RemoteShell} from '../../../../src/exec/ssh/types.js'
import type {Inventory} from '../../../../src/inventory/model.js'
import {Secret} from '../../../../src/inventory/secret.js'
import type {Playbook} from '../../../../src/playbooks/model.js'
import {backupPrepared} from '../../../../src/services/backup/deploy-phase.js'
import type {PrepareContext} from '../../../../src/services/deploy/prepared-playbooks.js'
import type {RunPlaybookResult} from '../../../../src/services/run-playbook.js'
import {smallInventory} from '../../../helpers/small-inventory.js'

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfBackup1xxxxxxxxxxxxxxxxxxxxxxxxx'
const keyOf = (host: string): string => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyOf${host.padEnd(30, 'x')}`
const done = (stdout: string): CmdResult => ({exitCode: 0, signal: null, stdout, stderr: ''})

/** Hosts answer the key reads from `pairs` (sources whose key pair exists); every command they run is recorded. */
function site(pairs: Set<string>) {
  const inv: Inventory = smallInventory()
  const ran: string[] = []
  const runs: Playbook[] = []
  const shell = async (t: {host: string}): Promise<RemoteShell> => ({
    host: t.host,
    run: async (script) => {
      ran.push(`${t.host}: ${script.includes('&& [ -f "$1.pub" ]') ? 'pair' : script.includes('ssh_host_ed25519') ? 'host key' : 'public key'}`)
      if (script.includes('ssh_host_ed25519')) return done(`${HOST_KEY}\n`)
      return done(pairs.has(t.host) ? `${keyOf(t.host)}\n` : '')
    },
    put: async () => undefined,
    close: async () => undefined,
  })
  const ctx = {
    check: false,
    hosts: inv.hosts.map((h) => h.name),
    environ: {},
    secrets: async () => ({names: () => [], has: () => true, get: (n: string) => new Secret(n, `pw-${n}`)}),
    shell,
    connect: shell,
  } as unknown as PrepareContext
  const runPlaybook = async (pb: Playbook): Promise<RunPlaybookResult> => {
    runs.push(pb)
    // What the source half does on a source without a key pair: makes one.
    for (const h of pb.targets) if (h !== 'backup1') pairs.add(h)
    return {
      playbook: pb.name,
      check: false,
      hosts: pb.targets.map((host) => ({host, status: 'ok', tasks: [], handlers: []})),
      summary: {ok: 0, changed: 0, failed: 0, unreachable: 0},
    }
  }
  return {inv, ctx, ran, runs, run: () => backupPrepared.run!(inv, ctx, runPlaybook)}
}

const authorized = (inv: Inventory, pb: Playbook): string =>
  JSON.stringify(
    pb.tasksFor(
      inv,
      inv.hosts.find((h) => h.name === 'backup1')!,
    ),
  )

describe('backups phase', () => {
  it('sources that have their key pair: one run of the whole playbook, the backup host authorizing the keys read first', async () => {
    const s = site(new Set(['docker1', 'db1']))
    const r = await s.run()
    expect(s.runs.map((pb) => [...pb.targets].sort())).toEqual([['backup1', 'db1', 'docker1']])
    for (const h of ['docker1', 'db1']) expect(authorized(s.inv, s.runs[0]!)).toContain(keyOf(h).split(' ')[1])
    expect(s.ran.sort()).toEqual(['backup1: host key', 'db1: pair', 'docker1: pair'])
    expect(r.hosts.map((h) => h.host).sort()).toEqual(['backup1', 'db1', 'docker1'])
  })

  it('a source without its key pair: the sources run first, then their keys are read and the backup host authorizes them', async () => {
    const s = site(new Set(['docker1']))
    const r = await s.run()
    expect(s.runs.map((pb) => [...pb.targets].sort())).toEqual([['db1', 'docker1'], ['backup1']])
    expect(authorized(s.inv, s.runs[1]!)).toContain(keyOf('db1').split(' ')[1])
    expect(s.ran.filter((x) => x.endsWith('public key')).sort()).toEqual(['db1: public key', 'docker1: public key'])
    expect(r.hosts.map((h) => h.host)).toEqual(['db1', 'docker1', 'backup1'])
  })
})
