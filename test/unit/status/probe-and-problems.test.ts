import {describe, expect, it} from 'vitest'
import {parseHostProbe} from '../../../src/status/host-probe.js'
import type {HostStatus, WorkloadStatus} from '../../../src/status/model.js'
import {commandsForEnv, overallState, statusExitCode, statusProblems} from '../../../src/status/problems.js'
import {agencyStatuses, probeRequests, type LibvirtAnswer} from '../../../src/status/workloads.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const PROBE = `@os
Debian GNU/Linux 12 (bookworm)
@uptime
93784.21 180000.00
@load
0.52 0.31 0.10 1/200 999
@mem
MemTotal:       16384000 kB
MemAvailable:    8192000 kB
@df
52710469632 10542093926 /
1000000 950000 /srv/data
4096 1 /var/lib/docker/overlay2/abc/merged
@docker 0
simpus\trunning
old\texited
@postgres 0
postgres
simpus
@port 8081 1
@port 9000 0
@end
`

const none = {hosts: [], agencies: [], certificates: [], backups: [], backupFailures: [], deploys: []}
const host = (over: Partial<HostStatus> = {}): HostStatus => ({name: 'docker1', address: '10.0.0.1', roles: [], reachable: true, ...over})

describe('the status probe and what status makes of it', () => {
  it('parses every section; docker overlay mounts are not host filesystems', () => {
    const p = parseHostProbe(PROBE)!
    expect(p).toMatchObject({os: 'Debian GNU/Linux 12 (bookworm)', uptimeSeconds: 93784, load: [0.52, 0.31, 0.1]})
    expect(p.memory).toEqual({totalBytes: 16384000 * 1024, availableBytes: 8192000 * 1024})
    expect(p.filesystems.map((f) => f.mount)).toEqual(['/', '/srv/data'])
    expect(p.docker).toEqual({
      ok: true,
      containers: new Map([
        ['simpus', 'running'],
        ['old', 'exited'],
      ]),
    })
    expect(p.postgres).toEqual({ok: true, databases: new Set(['postgres', 'simpus'])})
    expect(p.ports).toEqual(
      new Map([
        [8081, true],
        [9000, false],
      ]),
    )
  })

  it('a probe cut short (no end marker) is no probe; a failed docker says why', () => {
    expect(parseHostProbe(PROBE.replace('@end\n', ''))).toBeUndefined()
    expect(parseHostProbe('@docker 1\nsudo: docker: command not found\n@end\n')?.docker).toEqual({
      ok: false,
      error: 'sudo: docker: command not found',
    })
  })

  it('asks docker hosts for containers and ports, database hosts for PostgreSQL, and nothing else', () => {
    const inv = smallInventory()
    const req = probeRequests(inv)
    for (const w of inv.workloads) {
      const r = req.get(w.kind === 'vm' ? '' : w.host)
      if (w.kind === 'container') expect(r?.docker).toBe(true)
      if (w.kind === 'postgres') expect(r?.postgres).toBe(true)
    }
    expect(req.get('hv1')).toEqual({docker: false, postgres: false, ports: []})
  })

  it('workload states: running, stopped, not deployed, unknown when the host could not be asked', () => {
    const inv = smallInventory()
    const probe = parseHostProbe(PROBE)!
    const states = agencyStatuses(
      inv,
      (h) => (h === 'docker1' || h === 'db1' ? probe : undefined),
      () => ({
        ok: true,
        domains: new Map([
          ['vm-running', 'running'],
          ['vm-off', 'shut off'],
        ]),
      }),
    ).flatMap((a) => a.workloads)
    for (const w of states) {
      expect(['running', 'stopped', 'not-deployed', 'unknown']).toContain(w.state)
    }
    const unknown = agencyStatuses(
      inv,
      () => undefined,
      () => undefined,
    ).flatMap((a) => a.workloads.filter((w) => w.host !== null))
    expect(unknown.every((w) => w.state === 'unknown' && /could not be asked/.test(w.detail ?? ''))).toBe(true)
  })

  it('VM states come from libvirt on their hypervisor: running, shut off, absent, libvirt silent, no hypervisor', () => {
    const inv = smallInventory()
    const vms = inv.workloads.filter((w) => w.kind === 'vm')
    const placed = vms.find((w) => w.hypervisor)!
    const stateWith = (answer: LibvirtAnswer | undefined) =>
      agencyStatuses(
        inv,
        () => undefined,
        () => answer,
      )
        .flatMap((a) => a.workloads)
        .find((w) => w.name === placed.name)
    expect(stateWith({ok: true, domains: new Map([[placed.name, 'running']])})).toMatchObject({kind: 'vm', host: 'hv1', state: 'running'})
    expect(stateWith({ok: true, domains: new Map([[placed.name, 'shut off']])})).toMatchObject({state: 'stopped', detail: 'domain is shut off'})
    expect(stateWith({ok: true, domains: new Map()})).toMatchObject({state: 'not-deployed'})
    expect(stateWith({ok: false, error: 'sudo: virsh: command not found'})).toMatchObject({
      state: 'unknown',
      detail: 'libvirt did not answer: sudo: virsh: command not found',
    })
    expect(stateWith(undefined)).toMatchObject({state: 'unknown', detail: 'hv1 could not be asked'})
    const unplaced = vms.find((w) => !w.hypervisor)
    if (unplaced)
      expect(
        agencyStatuses(
          inv,
          () => undefined,
          () => undefined,
        )
          .flatMap((a) => a.workloads)
          .find((w) => w.name === unplaced.name),
      ).toMatchObject({
        state: 'unknown',
        host: null,
      })
  })

  it('problems come unreachable first, each with its command; the same cause on one host is one problem', () => {
    const w = (name: string, over: Omit<Partial<WorkloadStatus>, 'detail'> & {detail?: string | undefined} = {}): WorkloadStatus => {
      const s: Record<string, unknown> = {
        name,
        agency: 'dinkes',
        kind: 'database',
        host: 'db1',
        state: 'stopped',
        detail: 'PostgreSQL did not answer: no socket',
        ...over,
      }
      if (s.detail === undefined) delete s.detail
      return s as unknown as WorkloadStatus
    }
    const problems = statusProblems({
      ...none,
      hosts: [host(), host({name: 'net1', reachable: false, error: {code: 'SSH_UNREACHABLE', message: 'timed out'}})],
      agencies: [
        {
          code: 'dinkes',
          name: 'Dinas Kesehatan',
          workloads: [
            w('a-db'),
            w('b-db'),
            w('web', {kind: 'container', host: 'docker1', state: 'running', detail: undefined, port: {port: 80, answering: false}}),
          ],
        },
      ],
      backups: [{workload: 'simpus', agency: 'dinkes', policy: 'standard', rpoHours: 26, status: 'never'}],
    })
    expect(problems.map((p) => [p.kind, p.subject, p.severity])).toEqual([
      ['host', 'net1', 'unreachable'],
      ['workload', 'db1', 'attention'],
      ['workload', 'web', 'attention'],
      ['backup', 'simpus', 'attention'],
    ])
    expect(problems[1]?.message).toMatch(/^2 workloads \(a-db, b-db\): stopped: PostgreSQL did not answer/)
    expect(problems[2]?.message).toBe('runs, but port 80 does not answer on docker1')
    expect(commandsForEnv(problems, 'lab')[2]?.command).toBe('kotadc exec docker1 --env lab -- sudo docker ps -a --filter name=^web$')
    expect([overallState(problems), statusExitCode(overallState(problems))]).toEqual(['unreachable', 3])
    expect(statusExitCode(overallState(problems.slice(1)))).toBe(2)
    expect(statusExitCode(overallState([]))).toBe(0)
  })

  it('a full disk, a failed last deploy and a broken audit trail each need attention', () => {
    const problems = statusProblems({
      ...none,
      hosts: [host({filesystems: [{mount: '/srv', sizeBytes: 100, usedBytes: 95}]})],
      deploys: [
        {seq: 7, at: '2026-11-29T10:00:00Z', user: 'andi', outcome: 'failed', phases: ['base'], inventoryCommit: null, durationMs: 5, error: 'X'},
      ],
      auditBroken: 'line 3 was edited',
    })
    expect(problems.map((p) => p.command)).toEqual(['kotadc exec docker1 -- df -h /srv', 'kotadc audit show 7', 'kotadc audit verify'])
  })
})
