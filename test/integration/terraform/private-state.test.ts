import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TerraformRunner} from '../../../src/exec/terraform/runner.js'
import type {Inventory} from '../../../src/inventory/model.js'
import type {SiteDeps, SiteOptions} from '../../../src/services/deploy/context.js'
import type {Phase} from '../../../src/services/deploy/phases.js'
import {applyStacksPhase, reportStacksPhase, type ReadyStack} from '../../../src/services/deploy/stack-phase.js'
import {prepareStacks, withSecrets} from '../../../src/services/deploy/stacks.js'
import {secretStore} from '../../helpers/fake-site.js'
import {requireBinary} from '../../helpers/require.js'
import {DOCKER_SECRETS, dockerInventory} from '../../unit/stacks/docker-inventory.js'
import {tempProject} from './fixtures.js'

const terraform = requireBinary('terraform')
const PHASE = {name: 'containers', kind: 'stacks'} as Phase
const mode = (p: string): number => statSync(p).mode & 0o777

/**
 * A stand-in for a docker host's stack (the docker provider is out of reach): its secret variables are the ones the
 * real stack of that host declares, a terraform_data keeps a secret in state, and a local-exec provisioner records the
 * environment terraform gives its own children.
 */
function standIn(vars: Record<string, string | null>, generation = '1'): string {
  const variable = Object.fromEntries(
    Object.entries(vars).map(([name, dflt]) => [name, {type: 'string', sensitive: true, ...(dflt === null ? {} : {default: dflt})}]),
  )
  const first = Object.keys(vars)[0]!
  const resource = {
    terraform_data: {probe: {input: `\${var.${first}}`, triggers_replace: [generation], provisioner: [{'local-exec': {command: 'env > child.env'}}]}},
  }
  return `${JSON.stringify({variable, resource}, null, 2)}\n`
}

describe.skipIf(!terraform.ok)(
  `private terraform files and per-stack environments, with real terraform${terraform.reason ? ` (${terraform.reason})` : ''}`,
  () => {
    let root: string
    let inv: Inventory
    let umask: number
    const runner = new TerraformRunner({binary: 'terraform', lockTimeoutSeconds: 5})
    const deps = {terraform: runner} as unknown as SiteDeps
    const opts = {} as SiteOptions
    const store = secretStore(DOCKER_SECRETS)

    const ready = async (host: string, json: string): Promise<ReadyStack> => {
      const [p] = await prepareStacks(inv, [{stack: `docker-${host}`, host, containers: 1, json, synthesized: true}], {
        projectRoot: root,
        binaryVersion: 'terraform test',
        environ: {},
      })
      if (p!.needsInit) await runner.init(p!)
      return {run: withSecrets(inv, p!, host, store), report: {stack: p!.stack, host, containers: 1, written: p!.written, initialized: true}}
    }
    const plans = (stack: string) => readdirSync(join(root, '.kotadc', 'stacks', stack)).filter((f) => f.endsWith('.tfplan'))

    beforeAll(() => {
      // A loose umask and what an older kotadc left behind: open directories, an open state file, a stale plan.
      umask = process.umask(0o022)
      root = tempProject()
      inv = {...dockerInventory(), root: join(root, 'inventory')}
      mkdirSync(join(root, '.kotadc', 'state'), {recursive: true, mode: 0o755})
      mkdirSync(join(root, '.kotadc', 'stacks', 'docker-docker1'), {recursive: true, mode: 0o755})
      writeFileSync(join(root, '.kotadc', 'state', 'old.tfstate'), '{"secret": "old"}', {mode: 0o644})
      writeFileSync(join(root, '.kotadc', 'stacks', 'docker-docker1', 'kotadc.tfplan'), 'stale', {mode: 0o644})
      chmodSync(join(root, '.kotadc'), 0o755)
      // What the operator's shell holds: every agency's secret, and a TF_VAR_ exported for some other stack.
      process.env.KOTADC_SECRET_SIMPUS_DB_PASSWORD = DOCKER_SECRETS.SIMPUS_DB_PASSWORD
      process.env.TF_VAR_secret_SEKOLAH_API_KEY = 'exported-for-another-stack'
    })
    afterAll(() => {
      process.umask(umask)
      delete process.env.KOTADC_SECRET_SIMPUS_DB_PASSWORD
      delete process.env.TF_VAR_secret_SEKOLAH_API_KEY
      rmSync(root, {recursive: true, force: true})
    })

    it('plaintext secrets on the admin machine: state, plans and stack files are private, and no plan outlives its use', async () => {
      const r = await ready('docker1', standIn({secret_SIMPUS_DB_PASSWORD: null, secret_SEKOLAH_API_KEY: null}))
      for (const d of ['.kotadc', '.kotadc/stacks', '.kotadc/stacks/docker-docker1', '.kotadc/state']) expect(mode(join(root, d)), d).toBe(0o700)
      expect(mode(join(root, '.kotadc/state/old.tfstate'))).toBe(0o600)
      expect(mode(join(root, '.kotadc/stacks/docker-docker1/main.tf.json'))).toBe(0o600)
      expect(plans('docker-docker1')).toEqual([])

      const applied = await applyStacksPhase(PHASE, [r], opts, deps)
      expect(applied).toMatchObject({status: 'changed', stacks: [{applied: true}]})
      const state = join(root, '.kotadc/state/docker-docker1.tfstate')
      expect(readFileSync(state, 'utf8')).toContain(DOCKER_SECRETS.SIMPUS_DB_PASSWORD)
      expect(mode(state)).toBe(0o600)
      expect(plans('docker-docker1')).toEqual([])

      expect(await applyStacksPhase(PHASE, [r], opts, deps)).toMatchObject({status: 'unchanged', stacks: [{applied: false}]})
      expect(plans('docker-docker1')).toEqual([])
      expect(await reportStacksPhase(PHASE, [r], opts, deps)).toMatchObject({status: 'unchanged'})
      expect(await reportStacksPhase(PHASE, [r], opts, deps, true)).toMatchObject({status: 'unchanged'})
      expect(plans('docker-docker1')).toEqual([])

      const changed = await ready('docker1', standIn({secret_SIMPUS_DB_PASSWORD: null, secret_SEKOLAH_API_KEY: null}, '2'))
      expect(await reportStacksPhase(PHASE, [changed], opts, deps)).toMatchObject({status: 'changes'})
      expect(plans('docker-docker1')).toEqual([])
      const failing = {...changed, run: {...changed.run, env: {}}}
      expect(await reportStacksPhase(PHASE, [failing], opts, deps)).toMatchObject({status: 'failed'})
      expect(plans('docker-docker1')).toEqual([])
      for (const f of readdirSync(join(root, '.kotadc/state'))) expect(mode(join(root, '.kotadc/state', f)), f).toBe(0o600)
    })

    it('child processes get every secret: terraform for docker2 sees neither KOTADC_SECRET_* nor another stack TF_VAR_', async () => {
      // docker2 runs no container with secrets; had it inherited ours, the variable would take the exported value.
      const r = await ready('docker2', standIn({secret_SEKOLAH_API_KEY: 'not-passed'}))
      expect(Object.keys(r.run.env ?? {}).filter((k) => k.startsWith('TF_VAR_'))).toEqual([])
      expect(await applyStacksPhase(PHASE, [r], opts, deps)).toMatchObject({status: 'changed'})
      const state = readFileSync(join(root, '.kotadc/state/docker-docker2.tfstate'), 'utf8')
      expect(state).toContain('not-passed')
      expect(state).not.toContain('exported-for-another-stack')
      const childEnv = readFileSync(join(r.run.dir, 'child.env'), 'utf8')
      expect(childEnv).not.toMatch(/^(KOTADC_SECRET_|TF_VAR_)/m)
      expect(childEnv).not.toContain(DOCKER_SECRETS.SIMPUS_DB_PASSWORD)
      expect(existsSync(join(root, '.kotadc/stacks/docker-docker2/kotadc.tfplan'))).toBe(false)
    })
  },
)
