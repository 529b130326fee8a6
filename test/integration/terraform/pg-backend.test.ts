import {rmSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TerraformStateLockedError} from '../../../src/errors/terraform-errors.js'
import {backendEnv} from '../../../src/exec/terraform/backend.js'
import {TerraformRunner} from '../../../src/exec/terraform/runner.js'
import type {PreparedStack} from '../../../src/exec/terraform/stack-dir.js'
import {ensureInitialized, prepareStackDir} from '../../../src/exec/terraform/stack-dir.js'
import type {TestPostgres} from '../../helpers/postgres.js'
import {requirePostgres, startPostgres} from '../../helpers/postgres.js'
import {requireBinary} from '../../helpers/require.js'
import {dataStack, tempProject} from './fixtures.js'

const terraform = requireBinary('terraform')
const postgres = requirePostgres()
const ready = terraform.ok && postgres.ok
const reason = [terraform.reason, postgres.reason].filter(Boolean).join('; ')

// Two operators (two checkouts) applying the same stack against one pg backend at the same moment.
describe.skipIf(!ready)(`pg backend: locking between concurrent applies${reason ? ` (${reason})` : ''}`, () => {
  let pg: TestPostgres
  const roots: string[] = []
  const backend = {type: 'pg' as const, connString: 'env:KOTADC_TF_PG'}

  beforeAll(async () => {
    pg = await startPostgres()
  })
  afterAll(async () => {
    await pg?.stop()
    for (const r of roots) rmSync(r, {recursive: true, force: true})
  })

  /** A checkout with the stack planned against the shared state, ready to apply `plan.tfplan`. */
  async function plannedCheckout(runner: TerraformRunner, stack: string): Promise<PreparedStack> {
    const root = tempProject()
    roots.push(root)
    const prepared = await prepareStackDir({projectRoot: root, stack, json: dataStack({sleepSeconds: 3}), backend, binaryVersion: 'test'})
    const run = {...prepared, env: {...backendEnv(backend, {KOTADC_TF_PG: pg.connString}), TF_VAR_secret_pw: 'pg-secret-1234'}}
    await ensureInitialized(runner, run)
    const plan = await runner.plan(run, {planFile: 'plan.tfplan'})
    expect(plan.counts.create).toBe(3)
    return run
  }

  async function raceApplies(runner: TerraformRunner, stack: string) {
    const a = await plannedCheckout(runner, stack)
    const b = await plannedCheckout(runner, stack)
    const results = await Promise.allSettled([runner.apply(a, 'plan.tfplan'), runner.apply(b, 'plan.tfplan')])
    const after = await runner.plan(a, {planFile: 'after.tfplan'})
    const afterB = await runner.plan(b, {planFile: 'after.tfplan'})
    return {results, after, afterB}
  }

  it('fails the second apply with TF_STATE_LOCKED when it may not wait, and keeps the state intact', async () => {
    const runner = new TerraformRunner({binary: 'terraform', lockTimeoutSeconds: 0})
    const {results, after, afterB} = await raceApplies(runner, 'race-nowait')
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((r) => r.status === 'rejected')
    expect(failed?.reason).toBeInstanceOf(TerraformStateLockedError)
    expect(failed?.reason).toMatchObject({code: 'TF_STATE_LOCKED', stackName: 'race-nowait'})
    expect((failed?.reason as Error).message).toMatch(/^the terraform state of stack race-nowait is locked by another run/)
    expect(JSON.stringify(failed?.reason)).not.toContain(pg.connString)
    expect((failed?.reason as TerraformStateLockedError).lock.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(after.hasChanges).toBe(false)
    expect(afterB.hasChanges).toBe(false)
  })

  it('lets the second apply wait for the lock, then refuses its plan as stale', async () => {
    const runner = new TerraformRunner({binary: 'terraform', lockTimeoutSeconds: 60})
    const {results, after, afterB} = await raceApplies(runner, 'race-wait')
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((r) => r.status === 'rejected')
    expect(failed?.reason).toMatchObject({code: 'TF_PLAN_STALE'})
    expect(after.hasChanges).toBe(false)
    expect(afterB.hasChanges).toBe(false)
  })
})
