import {rmSync} from 'node:fs'
import {afterEach, describe, expect, it} from 'vitest'
import Deploy from '../../../src/commands/deploy.js'
import Drift from '../../../src/commands/drift.js'
import Plan from '../../../src/commands/plan.js'
import Run from '../../../src/commands/run.js'
import {connectFlags, connectPacing} from '../../../src/cli/flags.js'
import {sshErrors} from '../../../src/errors/ssh-errors.js'
import type {SshTarget} from '../../../src/exec/ssh/types.js'
import {PLAIN_BUILTINS} from '../../../src/services/builtin-playbooks.js'
import {deployLockAndAudit, deploySite, type DeployOptions} from '../../../src/services/deploy.js'
import {runPlaybookPhase} from '../../../src/services/deploy/playbook-phase.js'
import {driftSite} from '../../../src/services/drift.js'
import {planSite} from '../../../src/services/plan.js'
import {fakeSite, type FakeSite} from '../../helpers/fake-site.js'

const PACING = {connectTimeoutMs: 7000, connectConcurrency: 3}

describe('--connect-timeout and --connect-concurrency', () => {
  let site: FakeSite | undefined
  afterEach(() => site && rmSync(site.dir, {recursive: true, force: true}))

  it('run, deploy, plan and drift take the one definition of each flag', () => {
    for (const command of [Run, Deploy, Plan, Drift]) {
      expect(command.flags['connect-timeout'], command.name).toBe(connectFlags['connect-timeout'])
      expect(command.flags['connect-concurrency'], command.name).toBe(connectFlags['connect-concurrency'])
    }
  })

  it('become the runner options: seconds turn into milliseconds, and an absent flag sets nothing', () => {
    expect(connectPacing({'connect-timeout': 7, 'connect-concurrency': 3})).toEqual(PACING)
    expect(connectPacing({'connect-timeout': undefined, 'connect-concurrency': undefined})).toEqual({})
    expect(connectPacing({'connect-concurrency': 5})).toEqual({connectConcurrency: 5})
  })

  it('deploy hands them to the runner of every playbook phase it runs', async () => {
    const s = (site = fakeSite())
    const opts: DeployOptions = {limit: [], phases: ['base', 'docker-hosts'], environ: {}, cwd: s.dir, command: 'kotadc deploy', connect: PACING}
    const r = await deploySite(s.inv, opts, {
      ...s.deps,
      ...deployLockAndAudit(s.inv, opts),
      git: async () => ({commit: 'abc123', dirty: false}),
      clock: () => new Date('2025-01-02T03:04:05Z'),
    })
    expect(r.outcome).toBe('succeeded')
    expect(s.playbooks.calls.map((c) => [c.playbook, c.check, c.pacing])).toEqual([
      ['base', false, PACING],
      ['docker-host', false, PACING],
    ])
  })

  it('plan and drift hand them to the runner of every playbook phase they check, and leave the defaults without them', async () => {
    const s = (site = fakeSite())
    const opts = {limit: [], phases: ['base', 'docker-hosts'], environ: {}, cwd: s.dir}
    await planSite(s.inv, {...opts, connect: PACING}, s.deps)
    await driftSite(s.inv, {...opts, connect: PACING}, s.deps)
    await planSite(s.inv, opts, s.deps)
    const unset = {connectTimeoutMs: undefined, connectConcurrency: undefined}
    expect(s.playbooks.calls.map((c) => [c.playbook, c.check, c.pacing])).toEqual([
      ['base', true, PACING],
      ['docker-host', true, PACING],
      ['base', true, PACING],
      ['docker-host', true, PACING],
      ['base', true, unset],
      ['docker-host', true, unset],
    ])
  })

  it('a playbook phase’s runner applies them: every handshake gets the timeout, and no more than the concurrency run at once', async () => {
    const s = (site = fakeSite())
    const seen: SshTarget[] = []
    let inFlight = 0
    let most = 0
    const connect = async (t: SshTarget) => {
      seen.push(t)
      most = Math.max(most, ++inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight--
      throw sshErrors.connectRefused({host: t.host, address: t.address, port: t.port})
    }
    const r = await runPlaybookPhase(
      s.inv,
      PLAIN_BUILTINS.base!(),
      {check: true, limit: [], environ: {}, cwd: s.dir, ...PACING, connectConcurrency: 2},
      {connect, token: () => 'tok123'},
    )
    expect(r.hosts.length).toBeGreaterThan(2)
    expect(r.summary.unreachable).toBe(r.hosts.length)
    expect(seen.map((t) => t.readyTimeoutMs)).toEqual(r.hosts.map(() => 7000))
    expect(most).toBe(2)
  })
})
