import {readFileSync, rmSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {TerraformProviderMissingError} from '../../../src/errors/terraform-errors.js'
import type {PhaseReport} from '../../../src/services/deploy/context.js'
import {planExitCode} from '../../../src/services/deploy/context.js'
import {selectPhases} from '../../../src/services/deploy/phases.js'
import {selectStackHosts} from '../../../src/services/deploy/stacks.js'
import {driftSite} from '../../../src/services/drift.js'
import {planSite} from '../../../src/services/plan.js'
import {fakeHostKeyBlob, fakeSite, type FakeSite} from '../../helpers/fake-site.js'
import {planWith} from '../../helpers/fake-terraform.js'
import {dockerInventory} from '../stacks/docker-inventory.js'

const phase = (status: PhaseReport['status'], family?: 'user' | 'external'): PhaseReport => ({
  name: 'p',
  kind: 'stacks',
  status,
  ...(family
    ? {error: {code: family === 'user' ? 'SECRET_MISSING' : 'TF_COMMAND_FAILED', family, message: 'm', exitCode: family === 'user' ? 1 : 3}}
    : {}),
})

describe('plan exit codes', () => {
  it.each([
    [[phase('unchanged'), phase('skipped')], 0],
    [[phase('unchanged'), phase('changes')], 2],
    [[phase('changes'), phase('failed', 'user')], 1],
    [[phase('changes'), phase('failed', 'user'), phase('failed', 'external')], 3],
    [[phase('failed')], 3],
  ] as const)('%j → %i', (phases, code) => {
    expect(planExitCode(phases)).toBe(code)
  })
})

describe('phase selection', () => {
  it('keeps dependency order whatever order --phase came in', () => {
    expect(selectPhases(['containers', 'base']).map((p) => p.name)).toEqual(['base', 'containers'])
    expect(
      selectPhases([])
        .map((p) => p.name)
        .slice(0, 6),
    ).toEqual(['hypervisors', 'vms', 'base', 'docker-hosts', 'databases', 'containers'])
  })
  it('refuses an unknown phase, naming the known ones', () => {
    expect(() => selectPhases(['bogus'])).toThrow(
      expect.objectContaining({
        code: 'PHASE_UNKNOWN',
        hint: expect.stringContaining('use one of: hypervisors, vms, base, docker-hosts, databases, containers, dns, proxy'),
      }),
    )
  })
})

describe('--limit selection of stacks', () => {
  const inv = dockerInventory()
  it.each([
    [[], ['docker1', 'docker2']],
    [['docker2'], ['docker2']],
    [['role:docker'], ['docker1', 'docker2']],
    [['role:proxy'], ['docker1']],
    [['agency:dinkes'], ['docker1']],
    [['agency:disdik'], ['docker1', 'docker2']],
    [['hv1'], []],
  ])('%j selects %j', (limit, hosts) => {
    expect(selectStackHosts(inv, limit)).toEqual(hosts)
  })
  it('an unknown host in --limit is an error with a suggestion', () => {
    expect(() => selectStackHosts(inv, ['docker3'])).toThrow(expect.objectContaining({code: expect.stringMatching(/UNKNOWN/)}))
  })
})

describe('planSite with fake terraform and playbooks', () => {
  let site: FakeSite
  afterEach(() => rmSync(site.dir, {recursive: true, force: true}))
  // The base, docker-host and container phases; the network-service and backup phases have their own tests.
  const opts = (over: Partial<Parameters<typeof planSite>[1]> = {}) => ({
    limit: [],
    phases: ['vms', 'base', 'docker-hosts', 'containers'],
    environ: {},
    cwd: site.dir,
    ...over,
  })

  it('a docker host whose jump host is outside the network fence fails the containers phase before terraform runs', async () => {
    site = fakeSite()
    // docker2 (10.10.0.22) is inside; terraform's ssh would go through its jump host docker1 (10.10.0.21), which is not.
    const inv = {...site.inv, fence: {networks: ['10.10.0.22/32'], at: {file: 'inventory/envs/lab.yaml', line: 3, col: 1}}}
    const r = await planSite(inv, opts({phases: ['containers'], limit: ['docker2']}), site.deps)
    site.terraform.done()
    expect(site.terraform.calls).toEqual([])
    expect(r.phases[0]).toMatchObject({
      name: 'containers',
      status: 'failed',
      error: {
        code: 'NETWORK_OUTSIDE_FENCE',
        message: expect.stringMatching(
          /^refusing to contact jump host docker1 at 10\.10\.0\.21 .* declared by allowedNetworks at inventory\/envs\/lab\.yaml:3$/,
        ),
      },
    })
  })

  it('combines playbook changes and stack plans: exit 2, stacks initialised once and planned with secrets in the env', async () => {
    site = fakeSite()
    site.playbooks.script('base', 'changed')
    site.terraform
      .expectInit('docker-docker1')
      .expectPlan('docker-docker1', planWith(['docker_container.simpus']))
      .expectInit('docker-docker2')
      .expectPlan('docker-docker2')
    const r = await planSite(site.inv, opts(), site.deps)
    site.terraform.done()
    expect(r.exitCode).toBe(2)
    expect(r.phases.map((p) => [p.name, p.status])).toEqual([
      ['vms', 'unchanged'],
      ['base', 'changes'],
      ['docker-hosts', 'unchanged'],
      ['containers', 'changes'],
    ])
    expect(site.playbooks.calls.map((c) => [c.playbook, c.check, c.hosts])).toEqual([
      ['base', true, ['docker2', 'docker1', 'hv1', 'arsip']],
      ['docker-host', true, ['docker2', 'docker1']],
    ])
    const stacks = r.phases[3]!.stacks!
    expect(stacks.map((s) => [s.stack, s.initialized, s.plan?.counts.create])).toEqual([
      ['docker-docker1', true, 1],
      ['docker-docker2', true, 0],
    ])
    expect(stacks[0]!.plan!.changes).toEqual([{address: 'docker_container.simpus', action: 'create'}])
    const planEnv = site.terraform.calls.find((c) => c.verb === 'plan' && c.stack === 'docker-docker1')!.env!
    expect(planEnv).toMatchObject({TF_VAR_secret_SIMPUS_DB_PASSWORD: 'pw-simpus-123', TF_VAR_secret_SEKOLAH_API_KEY: 'key-sekolah-456'})
    expect(JSON.stringify(r)).not.toContain('pw-simpus-123')
  })

  it('hands the docker provider ssh options that trust only the generated, private known_hosts, the jump host included', async () => {
    site = fakeSite()
    site.terraform.expectInit('docker-docker1').expectPlan('docker-docker1').expectInit('docker-docker2').expectPlan('docker-docker2')
    await planSite(site.inv, opts({phases: ['containers']}), site.deps)
    site.terraform.done()
    const known = join(site.dir, '.kotadc', 'ssh', 'known_hosts')
    expect(statSync(known).mode & 0o777).toBe(0o600)
    // docker1 listens on 2222, docker2 on 22 (written bare, as OpenSSH looks it up).
    expect(
      readFileSync(known, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('#') && l !== ''),
    ).toEqual([
      `10.10.0.22 ssh-ed25519 ${fakeHostKeyBlob('docker2').toString('base64')}`,
      `[10.10.0.21]:2222 ssh-ed25519 ${fakeHostKeyBlob('docker1').toString('base64')}`,
    ])
    const optsOf = (stack: string): string[] =>
      JSON.parse(site.terraform.calls.find((c) => c.verb === 'plan' && c.stack === stack)!.env!.TF_VAR_kotadc_ssh_options!)
    expect(optsOf('docker-docker1')).toEqual(
      expect.arrayContaining(['StrictHostKeyChecking=yes', `UserKnownHostsFile=${known}`, 'GlobalKnownHostsFile=/dev/null']),
    )
    const proxy = optsOf('docker-docker2').find((o) => o.startsWith('ProxyCommand='))
    expect(proxy).toContain(' StrictHostKeyChecking=yes ')
    expect(proxy).toContain(`UserKnownHostsFile=${known}`)
    expect(proxy).toMatch(/-W %h:%p -- '?kotadc@10\.10\.0\.21'?$/)
  })

  it('a second plan with unchanged inputs re-synthesizes nothing and skips init, but still runs terraform plan', async () => {
    site = fakeSite()
    site.terraform.expectInit('docker-docker2').expectPlan('docker-docker2')
    await planSite(site.inv, opts({phases: ['containers'], limit: ['docker2']}), site.deps)
    site.terraform.expectPlan('docker-docker2', planWith([], ['docker_container.rapor']))
    const again = await planSite(site.inv, opts({phases: ['containers'], limit: ['docker2']}), site.deps)
    site.terraform.done()
    expect(again.phases[0]!.stacks).toMatchObject([
      {stack: 'docker-docker2', written: [], initialized: false, plan: {drift: [{address: 'docker_container.rapor'}]}},
    ])
    expect(again.exitCode).toBe(0)
  })

  it('a provider that cannot be installed fails the containers phase (exit 3) and the playbook phases still report', async () => {
    site = fakeSite()
    const failure = new TerraformProviderMissingError(
      {argv: ['terraform', 'init'], exitCode: 1, stderrTail: 'Failed to query available provider packages'},
      'kreuzwerker/docker',
      undefined,
      'docker-docker1',
    )
    site.terraform.expectInit('docker-docker1', failure).expectInit('docker-docker2')
    const r = await planSite(site.inv, opts(), site.deps)
    site.terraform.done()
    expect(r.exitCode).toBe(3)
    expect(r.phases.map((p) => p.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'failed'])
    expect(r.phases[3]!.error).toMatchObject({code: 'TF_PROVIDER_MISSING', hint: expect.stringContaining('kotadc providers mirror')})
  })

  it('excluding the containers phase plans the playbook phases only and never touches terraform', async () => {
    site = fakeSite()
    site.playbooks.script('docker-host', 'changed')
    const r = await planSite(site.inv, opts({phases: ['base', 'docker-hosts']}), site.deps)
    expect(r.exitCode).toBe(2)
    expect(site.terraform.calls).toEqual([])
  })

  it('a missing secret stops the containers phase with a user error (exit 1); init still runs, no stack is planned', async () => {
    site = fakeSite({SIMPUS_DB_PASSWORD: 'x-secret'})
    site.terraform.expectInit('docker-docker1').expectInit('docker-docker2')
    const r = await planSite(site.inv, opts({phases: ['containers']}), site.deps)
    site.terraform.done()
    expect(r.exitCode).toBe(1)
    expect(r.phases[0]!.error).toMatchObject({code: 'DEPLOY_SECRETS_MISSING', message: expect.stringContaining('SEKOLAH_API_KEY')})
    expect(site.terraform.calls.filter((c) => c.verb !== 'init' && c.verb !== 'version')).toEqual([])
  })

  it('missing secrets and an uninstallable provider are reported together: the provider (exit 3) first, the secrets beside it', async () => {
    site = fakeSite({SIMPUS_DB_PASSWORD: 'x-secret'})
    const failure = new TerraformProviderMissingError(
      {argv: ['terraform', 'init'], exitCode: 1, stderrTail: ''},
      'kreuzwerker/docker',
      undefined,
      'docker-docker1',
    )
    site.terraform.expectInit('docker-docker1', failure).expectInit('docker-docker2')
    const r = await planSite(site.inv, opts({phases: ['containers']}), site.deps)
    site.terraform.done()
    expect(r.exitCode).toBe(3)
    expect(r.phases[0]!.error).toMatchObject({
      code: 'TF_PROVIDER_MISSING',
      also: [{code: 'DEPLOY_SECRETS_MISSING', message: expect.stringContaining('SEKOLAH_API_KEY')}],
    })
  })

  it('a failed host makes plan exit 3', async () => {
    site = fakeSite()
    site.playbooks.script('base', 'unreachable')
    const r = await planSite(site.inv, opts({phases: ['base']}), site.deps)
    expect(r.exitCode).toBe(3)
  })

  it('drift runs refresh-only plans and exits 2 when terraform sees changes made outside kotadc', async () => {
    site = fakeSite()
    site.terraform.expectInit('docker-docker2').expectPlan('docker-docker2', planWith([], ['docker_container.rapor']), {refreshOnly: true})
    const r = await driftSite(site.inv, opts({phases: ['containers'], limit: ['docker2']}), site.deps)
    site.terraform.done()
    expect(r.exitCode).toBe(2)
    expect(r.phases[0]!.stacks![0]!.plan!.drift).toEqual([{address: 'docker_container.rapor', action: 'update'}])
  })
})
