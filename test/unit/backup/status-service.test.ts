import {describe, expect, it} from 'vitest'
import {backupStatus} from '../../../src/services/backup/status.js'
import type {SshTarget} from '../../../src/exec/ssh/types.js'
import {FakeShell} from '../../helpers/fake-shell.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const snap = (id: string, time: string, host: string, workload: string, kind: string, paths: string[]) => ({
  id: id.repeat(8),
  short_id: id.repeat(8).slice(0, 8),
  time,
  hostname: host,
  paths,
  tags: ['site=dc1', 'agency=dinkes', `workload=${workload}`, `kind=${kind}`],
})

describe('backupStatus with fake hosts', () => {
  it('refuses a backup target outside KOTADC_ALLOWED_NETWORKS before connecting to any source host', async () => {
    const connected: string[] = []
    const run = backupStatus(
      smallInventory(),
      {limit: [], environ: {KOTADC_ALLOWED_NETWORKS: '10.10.0.0/27'}},
      {
        connect: async (t: SshTarget) => {
          connected.push(t.host)
          throw new Error('no connection may be attempted')
        },
        now: () => new Date('2025-01-11T00:00:00Z'),
      },
    )
    await expect(run).rejects.toMatchObject({
      code: 'NETWORK_OUTSIDE_FENCE',
      message: expect.stringMatching(/^refusing to contact backup target backup1 at 10\.10\.0\.41 .* declared by KOTADC_ALLOWED_NETWORKS$/),
    })
    expect(connected).toEqual([])
  })

  it('compares each workload’s newest snapshot with its RPO; a stale one makes exit code 1', async () => {
    const docker1 = new FakeShell('docker1').expectRun(/restic .* snapshots --json --host docker1$/, {
      stdout: JSON.stringify([snap('a', '2025-01-10T10:00:00Z', 'docker1', 'simpus', 'volume', ['/var/lib/docker/volumes/simpus-uploads/_data'])]),
    })
    const db1 = new FakeShell('db1').expectRun(/restic .* snapshots --json --host db1$/, {
      stdout: JSON.stringify([snap('b', '2025-01-08T10:00:00Z', 'db1', 'simpus-db', 'postgres', ['/simpus.sql'])]),
    })
    const shells: Record<string, FakeShell> = {docker1, db1}
    const r = await backupStatus(
      smallInventory(),
      {limit: [], environ: {}},
      {
        connect: async (t: SshTarget) => shells[t.host]!,
        now: () => new Date('2025-01-11T00:00:00Z'),
      },
    )
    docker1.done()
    db1.done()
    expect(r.workloads.map((w) => [w.workload, w.status, Math.round(w.items[0]!.ageHours!)])).toEqual([
      ['simpus', 'fresh', 14],
      ['simpus-db', 'stale', 62],
    ])
    expect(r.exitCode).toBe(1)
  })

  it('a workload whose backup section names nothing to back up is NOT BACKED UP with exit 1, even when the rest is fresh', async () => {
    const inv = smallInventory()
    inv.workloads = inv.workloads.map((w) => (w.name === 'arsip' ? {...w, backup: {policy: inv.backupPolicies[0]!.name, paths: []}} : w))
    const fresh = (host: string, workload: string, kind: string, paths: string[]) =>
      new FakeShell(host).expectRun(new RegExp(`snapshots --json --host ${host}$`), {
        stdout: JSON.stringify([snap('c', '2025-01-10T23:00:00Z', host, workload, kind, paths)]),
      })
    const shells: Record<string, FakeShell> = {
      docker1: fresh('docker1', 'simpus', 'volume', ['/var/lib/docker/volumes/simpus-uploads/_data']),
      db1: fresh('db1', 'simpus-db', 'postgres', ['/simpus.sql']),
    }
    const r = await backupStatus(
      inv,
      {limit: [], environ: {}},
      {connect: async (t: SshTarget) => shells[t.host]!, now: () => new Date('2025-01-11T00:00:00Z')},
    )
    expect(r.workloads.map((w) => [w.workload, w.status])).toEqual([
      ['arsip', 'unplanned'],
      ['simpus', 'fresh'],
      ['simpus-db', 'fresh'],
    ])
    expect(r.workloads[0]!.reason).toContain('lists no paths')
    expect(r.exitCode).toBe(1)
  })

  it('an unreachable host is a failure (exit 3), not a silently fresh site', async () => {
    const db1 = new FakeShell('db1').expectRun(/snapshots/, {stdout: '[]'})
    const r = await backupStatus(
      smallInventory(),
      {limit: ['docker1', 'db1'], environ: {}},
      {
        connect: async (t: SshTarget) => {
          if (t.host === 'docker1') {
            const {SshError} = await import('../../../src/errors/ssh-errors.js')
            throw new SshError('SSH_CONNECT_REFUSED', {host: 'docker1', address: t.address, port: t.port}, 'connection refused', 'start sshd')
          }
          return db1
        },
        now: () => new Date('2025-01-11T00:00:00Z'),
      },
    )
    expect(r.failures).toMatchObject([{host: 'docker1', status: 'unreachable'}])
    expect(r.workloads.map((w) => `${w.workload}:${w.status}`)).toEqual(['simpus-db:never'])
    expect(r.exitCode).toBe(3)
  })
})
