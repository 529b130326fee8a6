import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {TerraformProviderMissingError} from '../../../src/errors/terraform-errors.js'
import {deployErrors} from '../../../src/errors/deploy.js'
import {UserError} from '../../../src/errors/ops-error.js'
import type {AuditRecord} from '../../../src/exec/audit.js'
import type {DeployDeps, DeployOptions} from '../../../src/services/deploy.js'
import {AUDIT_FILE, deployLockAndAudit, deploySite} from '../../../src/services/deploy.js'
import {fileLock} from '../../../src/exec/lock/file-lock.js'
import {currentHolder, siteLockFile} from '../../../src/services/site-lock.js'
import {fakeSite, type FakeSite} from '../../helpers/fake-site.js'
import {planWith} from '../../helpers/fake-terraform.js'

describe('deploySite', () => {
  let site: FakeSite
  afterEach(() => rmSync(site.dir, {recursive: true, force: true}))

  // The base, docker-host and container phases; the network-service and backup phases have their own tests.
  const options = (over: Partial<DeployOptions> = {}): DeployOptions => ({
    limit: [],
    phases: ['base', 'docker-hosts', 'containers'],
    environ: {},
    cwd: site.dir,
    command: 'kotadc deploy --yes',
    ...over,
  })
  /** Real lock file and audit file in the temp project; the fake edges log into the same list as the lock. */
  const deps = (over: Partial<DeployDeps> = {}): DeployDeps => {
    const real = deployLockAndAudit(site.inv, options())
    return {
      ...site.deps,
      lock: {
        where: real.lock.where,
        acquire: async () => (await real.lock.acquire(), site.log.push('lock'), undefined),
        release: async () => {
          if (site.log.includes('lock') && !site.log.includes('unlock')) site.log.push('unlock')
          await real.lock.release()
        },
      },
      audit: real.audit.map((sink) => async (r: AuditRecord) => (site.log.push('audit'), sink(r))),
      git: async () => ({commit: 'abc123', dirty: true}),
      clock: () => new Date('2025-01-02T03:04:05Z'),
      ...over,
    }
  }
  const auditLines = (): AuditRecord[] =>
    readFileSync(join(site.dir, AUDIT_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord)
  const scriptAllStacks = () =>
    site.terraform
      .expectInit('docker-docker1')
      .expectInit('docker-docker2')
      .expectPlan('docker-docker1', planWith(['docker_container.simpus']))
      .expectApply('docker-docker1')
      .expectPlan('docker-docker2')

  it('checks and inits every stack first, then runs base, docker-hosts, containers in order under the lock, audits, unlocks', async () => {
    site = fakeSite()
    site.playbooks.script('base', 'changed')
    scriptAllStacks()
    const r = await deploySite(site.inv, options({phases: ['containers', 'docker-hosts', 'base']}), deps())
    site.terraform.done()
    expect(site.log).toEqual([
      'init docker-docker1',
      'init docker-docker2',
      'lock',
      'apply base',
      'apply docker-host',
      // every stack is planned before any is applied (a volume a plan would destroy stops them all)
      'plan docker-docker1',
      'plan docker-docker2',
      'apply docker-docker1',
      'audit',
      'unlock',
    ])
    expect(r.outcome).toBe('succeeded')
    expect(r.exitCode).toBe(0)
    expect(r.phases.map((p) => [p.name, p.status])).toEqual([
      ['base', 'changed'],
      ['docker-hosts', 'unchanged'],
      ['containers', 'changed'],
    ])
    expect(r.phases[2]!.stacks!.map((s) => s.applied)).toEqual([true, false])
    expect(existsSync(siteLockFile(site.dir, site.inv.site.name))).toBe(false)
    const [line] = auditLines()
    expect(line).toEqual({
      at: '2025-01-02T03:04:05.000Z',
      user: expect.any(String),
      host: expect.any(String),
      command: 'kotadc deploy --yes',
      site: 'kotamobagu-dc',
      env: null,
      inventoryCommit: 'abc123',
      dirty: true,
      phases: [
        {
          name: 'base',
          status: 'changed',
          changed: true,
          failed: false,
          changes: ['docker2: a task', 'docker1: a task', 'hv1: a task', 'arsip: a task'],
        },
        {name: 'docker-hosts', status: 'unchanged', changed: false, failed: false, changes: []},
        {name: 'containers', status: 'changed', changed: true, failed: false, changes: ['stack docker-docker1']},
      ],
      outcome: 'succeeded',
      durationMs: expect.any(Number),
      // The first record of a file is chained to GENESIS (src/audit/chain.ts).
      prev: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  it('a provider that cannot be installed fails preflight: no host is touched, no lock taken, no audit', async () => {
    site = fakeSite()
    const failure = new TerraformProviderMissingError(
      {argv: ['terraform', 'init'], exitCode: 1, stderrTail: ''},
      'kreuzwerker/docker',
      undefined,
      'docker-docker1',
    )
    site.terraform.expectInit('docker-docker1', failure).expectInit('docker-docker2')
    await expect(deploySite(site.inv, options(), deps())).rejects.toMatchObject({
      code: 'TF_PROVIDER_MISSING',
      hint: expect.stringContaining('terraform.providerMirror'),
    })
    site.terraform.done()
    expect(site.log).toEqual(['init docker-docker1', 'init docker-docker2'])
    expect(existsSync(join(site.dir, AUDIT_FILE))).toBe(false)
  })

  it('missing secrets fail before any host is touched (terraform init, which touches none, still checks the stacks)', async () => {
    site = fakeSite({})
    site.terraform.expectInit('docker-docker1').expectInit('docker-docker2')
    await expect(deploySite(site.inv, options(), deps())).rejects.toMatchObject({
      code: 'DEPLOY_SECRETS_MISSING',
      message: expect.stringContaining('SEKOLAH_API_KEY, SIMPUS_DB_PASSWORD'),
    })
    site.terraform.done()
    expect(site.log).toEqual(['init docker-docker1', 'init docker-docker2'])
  })

  it('preflight reports every problem of every phase at once, the worst first, before any change', async () => {
    site = fakeSite({})
    const failure = new TerraformProviderMissingError(
      {argv: ['terraform', 'init'], exitCode: 1, stderrTail: ''},
      'kreuzwerker/docker',
      undefined,
      'docker-docker2',
    )
    site.terraform.expectInit('docker-docker1').expectInit('docker-docker2', failure)
    const base = site.deps.playbooks.base!
    // A base playbook that cannot be built for any host (as a missing value would make it): one problem per host.
    const broken = () => ({
      ...base(),
      tasksFor: (_: unknown, h: {name: string}) => {
        throw deployErrors.secretsMissing([`BASE_${h.name.toUpperCase()}`])
      },
    })
    const err = await deploySite(site.inv, options(), deps({playbooks: {...site.deps.playbooks, base: broken}})).catch((e: unknown) => e)
    site.terraform.done()
    expect(err).toMatchObject({code: 'TF_PROVIDER_MISSING', exitCode: 3})
    const also = (err as {also: {code: string; message: string}[]}).also.map((e) => e.message)
    expect(also).toEqual([
      expect.stringContaining('BASE_DOCKER2'),
      expect.stringContaining('BASE_DOCKER1'),
      expect.stringContaining('BASE_HV1'),
      expect.stringContaining('BASE_ARSIP'),
      expect.stringContaining('SEKOLAH_API_KEY, SIMPUS_DB_PASSWORD'),
    ])
    expect(site.log).toEqual(['init docker-docker1', 'init docker-docker2'])
    expect(existsSync(join(site.dir, AUDIT_FILE))).toBe(false)
  })

  it('a declined confirmation changes nothing', async () => {
    site = fakeSite()
    const declined = new UserError({code: 'DECLINED', message: 'no'})
    await expect(deploySite(site.inv, options({phases: ['base'], confirm: async () => Promise.reject(declined)}), deps())).rejects.toBe(declined)
    expect(site.log).toEqual([])
  })

  it('a failed phase stops the later ones; the audit records the failure and the lock is released', async () => {
    site = fakeSite()
    site.playbooks.script('base', 'failed')
    site.terraform.expectInit('docker-docker1').expectInit('docker-docker2')
    const r = await deploySite(site.inv, options(), deps())
    site.terraform.done()
    expect(r.exitCode).toBe(3)
    expect(r.phases.map((p) => [p.name, p.status, p.reason])).toEqual([
      ['base', 'failed', undefined],
      ['docker-hosts', 'not-run', 'phase base failed'],
      ['containers', 'not-run', 'phase base failed'],
    ])
    expect(site.log.slice(-4)).toEqual(['lock', 'apply base', 'audit', 'unlock'])
    expect(auditLines()[0]).toMatchObject({
      outcome: 'failed',
      error: 'TASK_FAILED',
      phases: [
        {name: 'base', status: 'failed', failed: true, changed: false},
        {name: 'docker-hosts', status: 'not-run', reason: 'phase base failed'},
        {name: 'containers', status: 'not-run', reason: 'phase base failed'},
      ],
    })
  })

  it('a failed terraform apply fails the deploy with exit 3 and is audited', async () => {
    site = fakeSite()
    site.terraform
      .expectInit('docker-docker2')
      .expectPlan('docker-docker2', planWith(['docker_container.rapor']))
      .expectApply(
        'docker-docker2',
        new TerraformProviderMissingError(
          {argv: ['terraform', 'apply'], exitCode: 1, stderrTail: ''},
          'kreuzwerker/docker',
          undefined,
          'docker-docker2',
        ),
      )
    const r = await deploySite(site.inv, options({phases: ['containers'], limit: ['docker2']}), deps())
    site.terraform.done()
    expect(r).toMatchObject({outcome: 'failed', exitCode: 3})
    expect(auditLines()[0]).toMatchObject({
      outcome: 'failed',
      error: 'TF_PROVIDER_MISSING',
      phases: [{name: 'containers', status: 'failed', changed: true, failed: true, changes: [], uncertain: ['stack docker-docker2']}],
    })
  })

  it('a stack plan that would destroy a docker volume applies no stack unless --destroy-volumes says so', async () => {
    site = fakeSite()
    const loses = planWith(['docker_container.rapor'])
    loses.changes.push({
      ...loses.changes[0]!,
      address: 'docker_volume.volume-rapor-data',
      type: 'docker_volume',
      name: 'volume-rapor-data',
      action: 'delete',
    })
    site.terraform
      .expectInit('docker-docker1')
      .expectInit('docker-docker2')
      .expectPlan('docker-docker1', planWith(['docker_container.simpus']))
      .expectPlan('docker-docker2', loses)
    const r = await deploySite(site.inv, options({phases: ['containers']}), deps())
    site.terraform.done()
    expect(r).toMatchObject({outcome: 'failed'})
    const phase = r.phases.find((p) => p.name === 'containers')
    expect(phase).toMatchObject({status: 'failed', error: {code: 'DEPLOY_VOLUME_LOSS'}})
    expect(phase?.error?.message).toContain('docker_volume.volume-rapor-data (delete) in stack docker-docker2')
    expect(phase?.error?.hint).toContain('--destroy-volumes')
    // The other stack's plan was not applied either, and no plan file stays behind with its variable values.
    expect(site.terraform.calls.filter((c) => c.verb === 'apply')).toEqual([])
    expect(readdirSync(site.dir, {recursive: true}).filter((f) => String(f).endsWith('tfplan'))).toEqual([])

    site.terraform
      .expectPlan('docker-docker1', planWith(['docker_container.simpus']))
      .expectApply('docker-docker1')
      .expectPlan('docker-docker2', loses)
      .expectApply('docker-docker2')
    const again = await deploySite(site.inv, options({phases: ['containers'], destroyVolumes: true}), deps())
    site.terraform.done()
    expect(again).toMatchObject({outcome: 'succeeded'})
  })

  it('a deploy that fails in its third phase records the first two, what the failed phase changed, and not-run for the rest', async () => {
    site = fakeSite()
    site.playbooks.script('base', 'changed')
    site.terraform
      .expectInit('docker-docker1')
      .expectInit('docker-docker2')
      .expectPlan('docker-docker1', planWith(['docker_container.simpus']))
      .expectApply('docker-docker1')
      .expectPlan('docker-docker2', planWith(['docker_container.rapor']))
      .expectApply(
        'docker-docker2',
        new TerraformProviderMissingError(
          {argv: ['terraform', 'apply'], exitCode: 1, stderrTail: ''},
          'kreuzwerker/docker',
          undefined,
          'docker-docker2',
        ),
      )
    const base = site.deps.playbooks.base!
    // Stand-ins for the prepared phases: they must never run once containers failed.
    const playbooks = {...site.deps.playbooks, firewall: () => ({...base(), name: 'firewall'}), backup: () => ({...base(), name: 'backup'})}
    const r = await deploySite(site.inv, options({phases: ['base', 'docker-hosts', 'containers', 'firewall', 'backups']}), deps({playbooks}))
    site.terraform.done()
    expect(r.exitCode).toBe(3)
    expect(site.log).not.toContain('apply firewall')
    expect(auditLines()[0]!.phases).toEqual([
      {
        name: 'base',
        status: 'changed',
        changed: true,
        failed: false,
        changes: ['docker2: a task', 'docker1: a task', 'hv1: a task', 'arsip: a task'],
      },
      {name: 'docker-hosts', status: 'unchanged', changed: false, failed: false, changes: []},
      {name: 'containers', status: 'failed', changed: true, failed: true, changes: ['stack docker-docker1'], uncertain: ['stack docker-docker2']},
      {name: 'firewall', status: 'not-run', reason: 'phase containers failed'},
      {name: 'backups', status: 'not-run', reason: 'phase containers failed'},
    ])
  })

  it('a failed playbook phase records the changes its hosts made before and beside the failure', async () => {
    site = fakeSite()
    site.playbooks.scriptTasks('base', {docker1: ['changed', 'failed'], docker2: ['ok', 'changed'], hv1: ['ok', 'ok']})
    site.terraform.expectInit('docker-docker1').expectInit('docker-docker2')
    const r = await deploySite(site.inv, options(), deps())
    expect(r.outcome).toBe('failed')
    expect(auditLines()[0]!.phases[0]).toEqual({
      name: 'base',
      status: 'failed',
      changed: true,
      failed: true,
      changes: ['docker2: task 2', 'docker1: task 1'],
    })
  })

  it('a lock held by another command refuses to start: SITE_LOCKED naming the holder, no phase runs, no audit', async () => {
    site = fakeSite()
    const held = fileLock(
      siteLockFile(site.dir, site.inv.site.name),
      {...currentHolder('kotadc run base'), host: 'elsewhere', user: 'op'},
      {localHost: 'here'},
    )
    await held.acquire()
    await expect(deploySite(site.inv, options({phases: ['base']}), deps())).rejects.toMatchObject({
      code: 'SITE_LOCKED',
      message: expect.stringContaining('kotadc run base, pid'),
    })
    expect(site.playbooks.calls).toEqual([])
    expect(existsSync(join(site.dir, AUDIT_FILE))).toBe(false)
    await held.release()
  })

  it('a deploy whose audit cannot be written still releases the lock and reports DEPLOY_AUDIT_FAILED', async () => {
    site = fakeSite()
    site.playbooks.script('base', 'ok')
    const broken = async () => {
      throw deployErrors.auditFailed('.kotadc/audit.jsonl', 'ENOSPC')
    }
    await expect(deploySite(site.inv, options({phases: ['base']}), deps({audit: [broken]}))).rejects.toMatchObject({code: 'DEPLOY_AUDIT_FAILED'})
    expect(existsSync(siteLockFile(site.dir, site.inv.site.name))).toBe(false)
  })
})
