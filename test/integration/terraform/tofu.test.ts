import {rmSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {TerraformRunner} from '../../../src/exec/terraform/runner.js'
import {ensureInitialized, prepareStackDir} from '../../../src/exec/terraform/stack-dir.js'
import {findOnPath} from '../../../src/exec/terraform/version.js'
import {dataStack, tempProject} from './fixtures.js'

// OpenTofu is not packaged in Debian bookworm nor on npm, so CI cannot install it: skip (never fail) without it.
const tofu = findOnPath('tofu', process.env.PATH)

describe('the runner with OpenTofu (terraform.binary: tofu)', () => {
  it('plans and applies a stack with tofu', async (ctx) => {
    if (!tofu) return ctx.skip('missing component: tofu (OpenTofu is not installed; not available from Debian or npm)')
    const root = tempProject()
    try {
      const runner = new TerraformRunner({binary: 'tofu'})
      expect(await runner.version()).toMatchObject({flavor: 'tofu'})
      const prepared = await prepareStackDir({projectRoot: root, stack: 'data', json: dataStack(), backend: {type: 'local'}, binaryVersion: 'tofu'})
      const run = {...prepared, env: {TF_VAR_secret_pw: 'tofu-secret'}}
      await ensureInitialized(runner, run)
      const plan = await runner.plan(run, {planFile: 'p.tfplan'})
      expect(plan.counts.create).toBe(3)
      await runner.apply(run, 'p.tfplan')
      expect((await runner.plan(run, {planFile: 'q.tfplan'})).hasChanges).toBe(false)
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })
})
