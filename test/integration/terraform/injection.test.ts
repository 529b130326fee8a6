import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TerraformRunner} from '../../../src/exec/terraform/runner.js'
import {ensureInitialized, prepareStackDir} from '../../../src/exec/terraform/stack-dir.js'
import {synthStack} from '../../../src/exec/terraform/synth.js'
import {buildDockerHostStack} from '../../../stacks/docker-host-stack.js'
import {HEALTHCHECK_ATTACK, injectedInventory, terraformAttacks} from '../../helpers/injection.js'
import {requireBinary} from '../../helpers/require.js'
import {DOCKER_SECRETS} from '../../unit/stacks/docker-inventory.js'
import {tempProject} from './fixtures.js'

const terraform = requireBinary('terraform')

interface Synth {
  variable: Record<string, unknown>
  resource: {docker_container: Record<string, {env: string[]; healthcheck: {test: string[]}}>}
}

/**
 * The real docker stack of docker1, synthesized from an inventory whose dinkes container carries the attacks. The
 * registry is out of reach, so a terraform_data stands in for the container: its input holds exactly the env and
 * healthcheck strings the stack code produced, beside the stack's own secret variable declarations.
 */
function standIn(keyFile: string): string {
  const doc = JSON.parse(synthStack('docker-docker1', (s) => buildDockerHostStack(s, injectedInventory(keyFile), 'docker1'))) as Synth
  const simpus = doc.resource.docker_container['container-simpus']!
  // The secret variables are what an attack would reach for; the provider's ssh options have no use without it.
  const secrets = Object.fromEntries(Object.entries(doc.variable).filter(([name]) => name.startsWith('secret_')))
  return `${JSON.stringify({variable: secrets, resource: {terraform_data: {simpus: {input: {env: simpus.env, test: simpus.healthcheck.test}}}}}, null, 2)}\n`
}

describe.skipIf(!terraform.ok)(
  `terraform expression injection through the inventory, against real terraform${terraform.reason ? ` (${terraform.reason})` : ''}`,
  () => {
    let root: string
    beforeAll(() => {
      root = tempProject()
    })
    afterAll(() => rmSync(root, {recursive: true, force: true}))

    it('an agency env value naming another agency secret, an operator file or a template loop reaches the container as its literal text', async () => {
      const keyFile = join(root, 'operator-key')
      writeFileSync(keyFile, 'OPERATOR-PRIVATE-KEY-MATERIAL')
      mkdirSync(join(root, '.kotadc'), {recursive: true})
      const runner = new TerraformRunner({binary: 'terraform', lockTimeoutSeconds: 5})
      const prepared = await prepareStackDir({
        projectRoot: root,
        stack: 'docker-docker1',
        json: standIn(keyFile),
        backend: {type: 'local'},
        binaryVersion: 'terraform test',
      })
      await ensureInitialized(runner, prepared)
      const run = {
        ...prepared,
        env: {TF_VAR_secret_SEKOLAH_API_KEY: DOCKER_SECRETS.SEKOLAH_API_KEY, TF_VAR_secret_SIMPUS_DB_PASSWORD: DOCKER_SECRETS.SIMPUS_DB_PASSWORD},
      }
      const plan = await runner.plan(run, {planFile: 'kotadc.tfplan'})
      expect(plan.counts.create).toBe(1)
      await runner.apply(run, 'kotadc.tfplan')

      const state = readFileSync(join(root, '.kotadc', 'state', 'docker-docker1.tfstate'), 'utf8')
      const output = (JSON.parse(state) as {resources: Array<{instances: Array<{attributes: {output: {value: {env: string[]; test: string[]}}}}>}>})
        .resources[0]!.instances[0]!.attributes.output.value
      for (const [k, v] of Object.entries(terraformAttacks(keyFile))) expect(output.env).toContain(`${k}=${v}`)
      expect(output.test).toEqual(HEALTHCHECK_ATTACK)
      expect(state).not.toContain(DOCKER_SECRETS.SEKOLAH_API_KEY)
      expect(state).not.toContain('OPERATOR-PRIVATE-KEY-MATERIAL')
      expect(state).not.toContain('LOOP=ab')
    })
  },
)
