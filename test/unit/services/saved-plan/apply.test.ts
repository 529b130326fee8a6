import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {generateIdentity} from 'age-encryption'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {DeployDeps, DeployOptions} from '../../../../src/services/deploy.js'
import {deployLockAndAudit} from '../../../../src/services/deploy.js'
import {deploySavedPlan, openSavedPlan} from '../../../../src/services/saved-plan/apply.js'
import {planToFile} from '../../../../src/services/saved-plan/save.js'
import {fakeSite, secretStore, type FakeSite} from '../../../helpers/fake-site.js'
import {planWith} from '../../../helpers/fake-terraform.js'

const SECRETS = {SIMPUS_DB_PASSWORD: 'pw-simpus-123', SEKOLAH_API_KEY: 'key-sekolah-456'}

describe('deploy --plan with fakes at the edges', () => {
  let site: FakeSite
  let environ: Record<string, string>
  beforeEach(async () => {
    site = fakeSite(SECRETS)
    const identity = join(site.dir, 'ci.txt')
    writeFileSync(identity, `${await generateIdentity()}\n`)
    environ = {KOTADC_AGE_IDENTITY: identity}
  })
  afterEach(() => rmSync(site.dir, {recursive: true, force: true}))

  const opts = (): DeployOptions => ({limit: [], phases: [], environ, cwd: site.dir, command: 'kotadc deploy --plan plan.age'})
  const deps = (over: Partial<DeployDeps> = {}): DeployDeps => ({
    ...site.deps,
    ...deployLockAndAudit(site.inv, opts()),
    git: async () => ({commit: 'abc', dirty: false}),
    clock: () => new Date('2026-11-30T00:00:00Z'),
    ...over,
  })
  const save = async () => {
    site.terraform.expectInit('docker-docker1').expectInit('docker-docker2')
    site.terraform.expectPlan('docker-docker1', planWith(['docker_container.simpus'])).expectPlan('docker-docker2')
    const planned = await planToFile(site.inv, 'plan.age', {limit: [], phases: ['base', 'containers'], environ, cwd: site.dir}, deps())
    expect(planned.saved?.file).toBe('plan.age')
    return openSavedPlan(site.inv, 'plan.age', {cwd: site.dir, environ})
  }

  it('applies the saved plan file of the stack that changes, plans nothing again, and checks the playbook phase before applying it', async () => {
    const saved = await save()
    expect(saved.plan.stacks.map((s) => [s.stack, s.planFile !== undefined])).toEqual([
      ['docker-docker1', true],
      ['docker-docker2', false],
    ])
    site.log.length = 0
    site.terraform.calls.length = 0
    let applied = ''
    site.terraform.apply = async (run, file) => void (applied = readFileSync(join(run.dir, file), 'utf8'))
    const r = await deploySavedPlan(site.inv, saved, opts(), deps())
    expect(r.outcome).toBe('succeeded')
    expect(applied).toBe('fake plan of docker-docker1')
    expect(site.terraform.calls.filter((c) => c.verb === 'plan')).toEqual([])
    expect(site.log).toEqual(['check base', 'apply base'])
    expect(r.audit.savedPlan).toBe(saved.sha256)
    expect(r.phases[1]?.stacks?.map((s) => [s.stack, s.applied])).toEqual([
      ['docker-docker1', true],
      ['docker-docker2', false],
    ])
  })

  it('refuses before the lock when a secret changed, naming it and never its value', async () => {
    const saved = await save()
    site.log.length = 0
    const err = await deploySavedPlan(
      site.inv,
      saved,
      opts(),
      deps({secrets: async () => secretStore({...SECRETS, SEKOLAH_API_KEY: 'rotated-999'})}),
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'SAVED_PLAN_STALE', differences: [{kind: 'secret', name: 'SEKOLAH_API_KEY', what: 'changed since the plan'}]})
    expect(JSON.stringify((err as {toJSON(): unknown}).toJSON())).not.toMatch(/rotated-999|key-sekolah-456/)
    expect(site.log).toEqual([])
  })

  it('refuses a plan made for another environment', async () => {
    const saved = await save()
    await expect(deploySavedPlan({...site.inv, env: 'lab'}, saved, opts(), deps())).rejects.toMatchObject({
      code: 'SAVED_PLAN_OTHER_SITE',
      message: expect.stringContaining(`is for site ${site.inv.site.name}, but this deploy is for site ${site.inv.site.name} (env lab)`),
    })
  })

  it('refuses under the lock, before any change, when a host would now change differently; the audit notes the plan', async () => {
    const saved = await save()
    site.log.length = 0
    site.playbooks.script('base', 'changed')
    const err = await deploySavedPlan(site.inv, saved, opts(), deps()).catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'SAVED_PLAN_STALE'})
    expect((err as Error).message).toMatch(/host \S+, task "a task" \(phase base\): planned: ok \(scripted\); now: change \(scripted\)/)
    expect(site.log).toEqual(['check base'])
    const audit = JSON.parse(readFileSync(join(site.dir, '.kotadc', 'audit.jsonl'), 'utf8').trim()) as Record<string, unknown>
    expect(audit).toMatchObject({outcome: 'failed', error: 'SAVED_PLAN_STALE', savedPlan: saved.sha256})
  })
})
