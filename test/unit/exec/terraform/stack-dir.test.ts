import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {TerraformBackend} from '../../../../src/inventory/model.js'
import {ensureInitialized, prepareStackDir, recordInit, stackInputHash} from '../../../../src/exec/terraform/stack-dir.js'
import type {StackInputs} from '../../../../src/exec/terraform/stack-dir.js'
import type {StackRun} from '../../../../src/exec/terraform/runner.js'
import {synthStack} from '../../../../src/exec/terraform/synth.js'
import {buildDockerHostStack} from '../../../../stacks/docker-host-stack.js'
import {secretVariableEnv} from '../../../../stacks/secret-variables.js'
import {Secret} from '../../../../src/inventory/secret.js'
import {DOCKER_SECRETS, dockerInventory} from '../../stacks/docker-inventory.js'

const PG_PASSWORD = 'pg-Pa55word-xyz'
const json = synthStack('docker-docker1', (scope) => buildDockerHostStack(scope, dockerInventory(), 'docker1'))

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))

describe('stack directory', () => {
  let root: string
  const inputs = (over: Partial<StackInputs> = {}): StackInputs => ({
    projectRoot: root,
    stack: 'docker-docker1',
    json,
    backend: {type: 'local'},
    binaryVersion: 'terraform 1.11.4',
    ...over,
  })
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kotadc-stackdir-'))
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  it('writes the stack, its backend and the mirror config under .kotadc/stacks/<stack>/', async () => {
    const p = await prepareStackDir(inputs({providerMirror: '/srv/terraform-mirror'}))
    expect(p.dir).toBe(join(root, '.kotadc/stacks/docker-docker1'))
    expect(p.written.sort()).toEqual(['backend.tf.json', 'kotadc.tfrc', 'main.tf.json'])
    expect(readFileSync(join(p.dir, 'main.tf.json'), 'utf8')).toBe(json)
    expect(JSON.parse(readFileSync(join(p.dir, 'backend.tf.json'), 'utf8'))).toEqual({
      terraform: {backend: {local: {path: '../../state/docker-docker1.tfstate'}}},
    })
    expect(readFileSync(join(p.dir, 'kotadc.tfrc'), 'utf8')).toContain('path = "/srv/terraform-mirror"')
    expect(p.env).toEqual({TF_CLI_CONFIG_FILE: join(p.dir, 'kotadc.tfrc')})
    expect(p.needsInit).toBe(true)
  })

  it('never writes a secret: not the container secrets, not the pg password', async () => {
    const backend: TerraformBackend = {type: 'pg', connString: `postgres://kotadc:${PG_PASSWORD}@127.0.0.1/tf`}
    const p = await prepareStackDir(inputs({backend}))
    await recordInit(p)
    const secrets = Object.entries(DOCKER_SECRETS).map(([name, value]) => new Secret(name, value))
    expect(secretVariableEnv(secrets)).toEqual({
      TF_VAR_secret_SIMPUS_DB_PASSWORD: DOCKER_SECRETS.SIMPUS_DB_PASSWORD,
      TF_VAR_secret_SEKOLAH_API_KEY: DOCKER_SECRETS.SEKOLAH_API_KEY,
    })
    const files = filesUnder(join(root, '.kotadc'))
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const value of [...Object.values(DOCKER_SECRETS), PG_PASSWORD]) expect(text, file).not.toContain(value)
    }
  })

  it('rewrites nothing and skips init when nothing changed', async () => {
    const first = await prepareStackDir(inputs())
    await recordInit(first)
    mkdirSync(join(first.dir, '.terraform'))
    const mtimes = readdirSync(first.dir).map((f) => statSync(join(first.dir, f)).mtimeMs)
    await new Promise((r) => setTimeout(r, 20))
    const second = await prepareStackDir(inputs())
    expect(second.written).toEqual([])
    expect(second.needsInit).toBe(false)
    expect(readdirSync(first.dir).map((f) => statSync(join(first.dir, f)).mtimeMs)).toEqual(mtimes)
    const inits: StackRun[] = []
    expect(await ensureInitialized({init: async (run) => void inits.push(run)}, second)).toBe(false)
    expect(inits).toEqual([])
  })

  it('inits again when the binary, backend, mirror or stack changes, or .terraform/ is gone', async () => {
    const first = await prepareStackDir(inputs())
    const inits: StackRun[] = []
    expect(await ensureInitialized({init: async (run) => void inits.push(run)}, first)).toBe(true)
    expect(inits.map((r) => r.dir)).toEqual([first.dir])
    expect((await prepareStackDir(inputs())).needsInit).toBe(true) // no .terraform/ yet
    mkdirSync(join(first.dir, '.terraform'))
    expect((await prepareStackDir(inputs())).needsInit).toBe(false)
    expect((await prepareStackDir(inputs({binaryVersion: 'terraform 1.12.0'}))).needsInit).toBe(true)
    expect((await prepareStackDir(inputs({backend: {type: 'local', path: 'elsewhere'}}))).needsInit).toBe(true)
    expect((await prepareStackDir(inputs({providerMirror: '/mirror'}))).needsInit).toBe(true)
    expect((await prepareStackDir(inputs({json: json.replace('8080', '8082')}))).needsInit).toBe(true)
  })

  it('hashes the pg backend without its password', () => {
    const a = stackInputHash(inputs({backend: {type: 'pg', connString: 'postgres://u:one@db/tf'}}))
    const b = stackInputHash(inputs({backend: {type: 'pg', connString: 'postgres://u:two@db/tf'}}))
    const c = stackInputHash(inputs({backend: {type: 'pg', connString: 'postgres://u:one@db2/tf'}}))
    expect(a).toBe(b)
    expect(a).not.toBe(c)
    const ref: TerraformBackend = {type: 'pg', connString: 'env:KOTADC_TF_PG'}
    const d = stackInputHash(inputs({backend: ref, pgConnString: 'postgres://u:one@db/tf'}))
    const e = stackInputHash(inputs({backend: ref, pgConnString: 'postgres://u:one@db2/tf'}))
    expect(d).not.toBe(e)
  })
})
