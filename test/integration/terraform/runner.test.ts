import {existsSync, rmSync, statSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TerraformConfigInvalidError, TerraformError} from '../../../src/errors/terraform-errors.js'
import {TerraformRunner} from '../../../src/exec/terraform/runner.js'
import type {PreparedStack} from '../../../src/exec/terraform/stack-dir.js'
import {ensureInitialized, prepareStackDir} from '../../../src/exec/terraform/stack-dir.js'
import {requireBinary} from '../../helpers/require.js'
import {dataStack, tempProject} from './fixtures.js'

const terraform = requireBinary('terraform')

describe.skipIf(!terraform.ok)(`terraform runner on a local backend${terraform.reason ? ` (${terraform.reason})` : ''}`, () => {
  let root: string
  let prepared: PreparedStack
  const output: string[] = []
  const runner = new TerraformRunner({binary: 'terraform', lockTimeoutSeconds: 5, onOutput: (chunk) => output.push(chunk)})
  const inputs = (json = dataStack()) => ({
    projectRoot: root,
    stack: 'data',
    json,
    backend: {type: 'local' as const},
    binaryVersion: 'terraform test',
  })
  const withVars = (vars: Record<string, string>) => ({...prepared, env: {...prepared.env, ...vars}})

  beforeAll(async () => {
    root = tempProject()
    prepared = await prepareStackDir(inputs())
  })
  afterAll(() => rmSync(root, {recursive: true, force: true}))

  it('checks the binary version at start', async () => {
    const v = await runner.version()
    expect(v.flavor).toBe('terraform')
    expect(v.version).toMatch(/^1\.\d+\.\d+/)
  })

  it('inits once, then skips init while the inputs stay the same', async () => {
    expect(prepared.needsInit).toBe(true)
    expect(await ensureInitialized(runner, prepared)).toBe(true)
    const again = await prepareStackDir(inputs())
    expect(again.written).toEqual([])
    expect(again.needsInit).toBe(false)
    expect(await ensureInitialized(runner, again)).toBe(false)
    const changed = await prepareStackDir(inputs(dataStack().replace('"a"', '"a2"')))
    expect(changed.written).toEqual(['main.tf.json'])
    expect(changed.needsInit).toBe(true)
    prepared = await prepareStackDir(inputs())
  })

  it('plans creates with the sensitive value masked, applies exactly that plan, then plans no changes', async () => {
    const run = withVars({TF_VAR_secret_pw: 'hunter2'})
    const plan = await runner.plan(run, {planFile: 'first.tfplan'})
    expect(plan.counts).toMatchObject({create: 3, update: 0, replace: 0, delete: 0})
    expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create terraform_data.keep',
      'create terraform_data.repl',
      'create terraform_data.secret',
    ])
    expect(plan.changes.find((c) => c.name === 'secret')?.after).toMatchObject({input: '***'})
    expect(JSON.stringify(plan)).not.toContain('hunter2')
    expect(statSync(`${prepared.dir}/first.tfplan`).mode & 0o077).toBe(0)

    await runner.apply(run, 'first.tfplan')
    expect(existsSync(`${prepared.dir}/first.tfplan`)).toBe(false)
    expect(existsSync(`${root}/.kotadc/state/data.tfstate`)).toBe(true)
    const after = await runner.plan(run, {planFile: 'second.tfplan'})
    expect(after.hasChanges).toBe(false)
    expect(output.join('')).toContain('Apply complete!')
  })

  it('tells updates from replacements and names the attribute forcing the replacement', async () => {
    const plan = await runner.plan(withVars({TF_VAR_secret_pw: 'hunter3', TF_VAR_gen: '2', TF_VAR_val: 'b'}), {planFile: 'third.tfplan'})
    const byName = Object.fromEntries(plan.changes.map((c) => [c.name, c]))
    expect(byName.keep).toMatchObject({action: 'update', before: {input: 'a'}, after: {input: 'b'}, replacePaths: []})
    expect(byName.repl).toMatchObject({action: 'replace', replacePaths: ['triggers_replace'], reason: 'replace_because_cannot_update'})
    expect(byName.secret).toMatchObject({action: 'update', before: {input: '***', output: '***'}, after: {input: '***'}})
    expect(JSON.stringify(plan)).not.toMatch(/hunter[23]/)
    expect(plan.counts).toMatchObject({create: 0, update: 2, replace: 1, delete: 0})
  })

  it('runs a refresh-only plan for drift (none here)', async () => {
    const drift = await runner.plan(withVars({TF_VAR_secret_pw: 'hunter2'}), {planFile: 'drift.tfplan', refreshOnly: true})
    expect(drift.changes).toEqual([])
    expect(drift.drift).toEqual([])
  })

  it('plans deletes for resources removed from the stack', async () => {
    const doc = JSON.parse(dataStack()) as {resource: {terraform_data: Record<string, unknown>}}
    delete doc.resource.terraform_data.repl
    const smaller = await prepareStackDir(inputs(`${JSON.stringify(doc, null, 2)}\n`))
    const plan = await runner.plan({...smaller, env: {TF_VAR_secret_pw: 'hunter2'}}, {planFile: 'delete.tfplan'})
    expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['delete terraform_data.repl'])
    prepared = await prepareStackDir(inputs())
  })

  it('classifies a missing secret variable', async () => {
    const err = await runner.plan(prepared, {planFile: 'x.tfplan'}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TerraformError)
    expect(err).toMatchObject({code: 'TF_VARIABLE_MISSING', extra: {variable: 'secret_pw'}})
  })

  it('classifies an invalid configuration with the file and line', async () => {
    const broken = await prepareStackDir({...inputs('{"resource": {"terraform_data": {"x": {"nope": 1}}}}\n'), stack: 'broken'})
    await ensureInitialized(runner, broken)
    const err = await runner.plan(broken, {planFile: 'x.tfplan'}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TerraformConfigInvalidError)
    expect(err).toMatchObject({code: 'TF_CONFIG_INVALID', location: {file: `${broken.dir}/main.tf.json`, line: 1}})
    expect((err as Error).message).toContain('Extraneous JSON object property')
  })
})

describe('terraform binary lookup', () => {
  it('reports a missing binary by name', async () => {
    const err = await new TerraformRunner({binary: 'kotadc-no-such-terraform'}).version().catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'TF_BINARY_NOT_FOUND', message: 'kotadc-no-such-terraform is not installed or not on the PATH'})
  })
})
