import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Inventory} from '../../../src/inventory/model.js'
import {TerraformProviderMissingError} from '../../../src/errors/terraform-errors.js'
import {TerraformRunner} from '../../../src/exec/terraform/runner.js'
import {prepareStackDir} from '../../../src/exec/terraform/stack-dir.js'
import {synthStack} from '../../../src/exec/terraform/synth.js'
import {buildDockerHostStack} from '../../../stacks/docker-host-stack.js'
import {requireBinary} from '../../helpers/require.js'
import {dockerInventory} from '../../unit/stacks/docker-inventory.js'
import {tempProject} from './fixtures.js'

const terraform = requireBinary('terraform')

// The registry is unreachable here, so the synthesized docker stack cannot install kreuzwerker/docker: exactly
// what an air-gapped site sees. Nothing leaves the machine: the mirror is a local directory, and without one the
// registry's provider service is redirected to a closed loopback port.
describe.skipIf(!terraform.ok)(`provider installation failures${terraform.reason ? ` (${terraform.reason})` : ''}`, () => {
  let root: string
  const model: Inventory = dockerInventory()
  const json = synthStack('docker-docker1', (scope) => buildDockerHostStack(scope, model, 'docker1'))
  const runner = new TerraformRunner({binary: 'terraform', initTimeoutMs: 30_000})

  beforeAll(() => {
    root = tempProject()
  })
  afterAll(() => rmSync(root, {recursive: true, force: true}))

  it('names the provider and the mirror command when the mirror lacks it', async () => {
    const mirror = join(root, 'mirror')
    mkdirSync(mirror)
    const prepared = await prepareStackDir({
      projectRoot: root,
      stack: 'docker-docker1',
      json,
      backend: {type: 'local'},
      providerMirror: mirror,
      binaryVersion: 'test',
    })
    const started = Date.now()
    const err = await runner.init(prepared).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(err).toBeInstanceOf(TerraformProviderMissingError)
    expect(err).toMatchObject({code: 'TF_PROVIDER_MISSING', provider: 'kreuzwerker/docker', stackName: 'docker-docker1'})
    expect((err as Error).message).toBe(`terraform provider kreuzwerker/docker could not be installed from the provider mirror ${mirror}`)
    expect((err as TerraformProviderMissingError).hint).toContain('kotadc providers mirror')
  })

  it('points at terraform.providerMirror when the registry cannot be reached', async () => {
    const cliConfig = join(root, 'offline.tfrc')
    writeFileSync(cliConfig, 'host "registry.terraform.io" {\n  services = {\n    "providers.v1" = "http://127.0.0.1:9/v1/providers/"\n  }\n}\n')
    const prepared = await prepareStackDir({projectRoot: root, stack: 'docker-offline', json, backend: {type: 'local'}, binaryVersion: 'test'})
    const err = await runner.init({...prepared, env: {TF_CLI_CONFIG_FILE: cliConfig}}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TerraformProviderMissingError)
    expect(err).toMatchObject({code: 'TF_PROVIDER_MISSING', provider: 'kreuzwerker/docker'})
    expect((err as TerraformProviderMissingError).hint).toContain('terraform.providerMirror')
    expect((err as TerraformProviderMissingError).hint).toContain('kotadc providers mirror')
  })
})
