import {existsSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TerraformProviderMissingError} from '../../../src/errors/terraform-errors.js'
import {TerraformRunner} from '../../../src/exec/terraform/runner.js'
import type {Inventory} from '../../../src/inventory/model.js'
import {PLAIN_BUILTINS} from '../../../src/services/builtin-playbooks.js'
import {AUDIT_FILE, deployLockAndAudit, deploySite} from '../../../src/services/deploy.js'
import {siteLockFile} from '../../../src/services/site-lock.js'
import {synthSiteStacks} from '../../../src/services/stacks-synth.js'
import {FakePlaybooks, secretStore} from '../../helpers/fake-site.js'
import {requireBinary} from '../../helpers/require.js'
import {dockerInventory} from '../../unit/stacks/docker-inventory.js'

const terraform = requireBinary('terraform')
const secrets = {SIMPUS_DB_PASSWORD: 'pw-simpus-123', SEKOLAH_API_KEY: 'key-sekolah-456'}

describe.skipIf(!terraform.ok)(`stacks with real terraform${terraform.reason ? ` (${terraform.reason})` : ''}`, () => {
  let dir: string
  let inv: Inventory
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kotadc-stacks-'))
    inv = {...dockerInventory(), root: join(dir, 'inventory')}
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('a second stacks synth writes nothing: same bytes, same mtimes', async () => {
    const deps = {terraform: new TerraformRunner({binary: 'terraform'}), now: () => Date.now()}
    const first = await synthSiteStacks(inv, {limit: [], cwd: dir, environ: {}}, deps)
    expect(first.stacks.map((s) => [s.stack, s.written, s.needsInit])).toEqual([
      ['docker-docker1', ['main.tf.json', 'backend.tf.json'], true],
      ['docker-docker2', ['main.tf.json', 'backend.tf.json'], true],
    ])
    const file = join(dir, '.kotadc', 'stacks', 'docker-docker1', 'main.tf.json')
    const mtime = statSync(file).mtimeMs
    const second = await synthSiteStacks(inv, {limit: [], cwd: dir, environ: {}}, deps)
    expect(second.written).toBe(0)
    expect(second.stacks.every((s) => s.written.length === 0)).toBe(true)
    expect(statSync(file).mtimeMs).toBe(mtime)
  })

  // The registry is unreachable here (and must not be contacted): its provider service is pointed at a closed
  // loopback port, which is what an air-gapped site without a mirror sees.
  it('deploy fails before changing anything when the docker provider cannot be installed, with the error and its fix', async () => {
    const cliConfig = join(dir, 'offline.tfrc')
    writeFileSync(cliConfig, 'host "registry.terraform.io" {\n  services = {\n    "providers.v1" = "http://127.0.0.1:9/v1/providers/"\n  }\n}\n')
    const log: string[] = []
    const playbooks = new FakePlaybooks(log)
    const opts = {limit: [], phases: ['base', 'docker-hosts', 'containers'], environ: {}, cwd: dir, command: 'kotadc deploy --yes'}
    const err = await deploySite(inv, opts, {
      terraform: new TerraformRunner({binary: 'terraform', env: {...process.env, TF_CLI_CONFIG_FILE: cliConfig}, initTimeoutMs: 60_000}),
      runPlaybook: playbooks.run,
      playbooks: PLAIN_BUILTINS,
      secrets: async () => secretStore(secrets),
      // The provider is missing, so no host may be contacted (these addresses are not ours).
      hostKeys: async () => {
        throw new Error('a docker host was contacted before terraform init succeeded')
      },
      now: () => Date.now(),
      vms: {
        connect: async () => {
          throw new Error('a hypervisor was contacted by a deploy of other phases')
        },
        now: () => Date.now(),
        sleep: async () => undefined,
      },
      ...deployLockAndAudit(inv, opts),
      git: async () => ({commit: null, dirty: false}),
      clock: () => new Date(),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TerraformProviderMissingError)
    expect(err).toMatchObject({code: 'TF_PROVIDER_MISSING', provider: 'kreuzwerker/docker', stackName: 'docker-docker1'})
    expect((err as TerraformProviderMissingError).hint).toContain('terraform.providerMirror')
    expect((err as TerraformProviderMissingError).hint).toContain('kotadc providers mirror')
    expect(log).toEqual([])
    expect(existsSync(siteLockFile(dir, inv.site.name))).toBe(false)
    expect(existsSync(join(dir, AUDIT_FILE))).toBe(false)
  })
})

const mirror = process.env.KOTADC_TEST_PROVIDER_MIRROR
const mirrorReason = mirror ? undefined : 'docker provider not installable: no terraform.providerMirror configured'

describe.skipIf(!terraform.ok || mirrorReason !== undefined)(
  `docker stack from the provider mirror${mirrorReason ? ` (skipped: ${mirrorReason})` : ''}`,
  () => {
    it('initialises a docker stack from the mirror and plans its containers', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kotadc-mirror-'))
      try {
        const inv: Inventory = {
          ...dockerInventory(),
          root: join(dir, 'inventory'),
          terraform: {binary: 'terraform', backend: {type: 'local'}, providerMirror: mirror!},
        }
        const runner = new TerraformRunner({binary: 'terraform'})
        const result = await synthSiteStacks(inv, {limit: ['docker2'], cwd: dir, environ: {}}, {terraform: runner, now: () => Date.now()})
        const stack = result.stacks[0]!
        await runner.init({dir: stack.dir, stack: stack.stack, env: {TF_CLI_CONFIG_FILE: join(stack.dir, 'kotadc.tfrc')}, providerMirror: mirror!})
        expect(existsSync(join(stack.dir, '.terraform'))).toBe(true)
      } finally {
        rmSync(dir, {recursive: true, force: true})
      }
    })
  },
)
