import {cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {readSecretsMap} from '../../../../src/exec/secrets-file.js'
import {loadInventory} from '../../../../src/inventory/load.js'
import {onboard, type OnboardOptions} from '../../../../src/services/onboard/add.js'

// The service against real files: a copy of the example inventory (with its DEMO identity) in a temp directory.
const repo = join(import.meta.dirname, '../../../..')
let tmp: string
const inv = () => join(tmp, 'inventory')
const snapshot = () => Object.fromEntries(readdirSync(join(inv(), 'agencies')).map((f) => [f, readFileSync(join(inv(), 'agencies', f), 'utf8')]))
const opts = (): OnboardOptions => ({cwd: tmp, environ: {}, agencyMode: 'either', confirm: async () => {}, underLock: (fn) => fn()})
const load = async () => (await loadInventory({dir: 'inventory', cwd: tmp, environ: {}})).inventory
const request = (template: string) => ({
  agency: {code: 'dinpar', name: 'Dinas Pariwisata'},
  workloads: [{name: 'wisata', template, values: {image: 'registry.internal/dinpar/wisata:1.0.0'}}],
})

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kotadc-onboard-write-'))
  cpSync(join(repo, 'inventory'), inv(), {recursive: true, filter: (s) => !s.includes(`${join('inventory', 'envs')}`)})
})
afterEach(() => rmSync(tmp, {recursive: true, force: true}))

describe('onboarding writes only a valid inventory', () => {
  it('a web-app from a request: new agency file, secrets generated into secrets.age and nowhere else', async () => {
    const secretsBefore = readFileSync(join(inv(), 'secrets.age'))
    const r = await onboard(await load(), request('web-app'), opts())
    expect(r).toMatchObject({agency: 'dinpar', agencyCreated: true, file: join('inventory', 'agencies', 'dinpar.yaml')})
    expect(r.workloads[0]).toMatchObject({entries: ['wisata', 'wisata-db'], values: {host: 'docker2', port: 8000, dbHost: 'db1', policy: 'standard'}})
    expect(r.secrets).toEqual([
      {name: 'WISATA_DB_PASSWORD', action: 'generated'},
      {name: 'WISATA_APP_KEY', action: 'generated'},
    ])
    const map = await readSecretsMap(inv(), join(inv(), 'DEMO-age-identity.txt'))
    const values = [map.WISATA_DB_PASSWORD, map.WISATA_APP_KEY]
    expect(values.every((v) => typeof v === 'string' && v.length === 32)).toBe(true)
    expect(readFileSync(join(inv(), 'secrets.age.bak'))).toEqual(secretsBefore)
    const written = readFileSync(join(inv(), 'agencies', 'dinpar.yaml'), 'utf8')
    for (const v of values) expect(written + JSON.stringify(r)).not.toContain(v as string)
    expect((await load()).workloads.filter((w) => w.agency === 'dinpar').map((w) => w.name)).toEqual(['wisata', 'wisata-db'])
  })

  it('an invalid result (a site template with an unknown key) writes nothing and reports the inventory errors', async () => {
    mkdirSync(join(tmp, 'templates', 'workloads'), {recursive: true})
    writeFileSync(
      join(tmp, 'templates', 'workloads', 'bad.yaml'),
      'description: broken\ninputs:\n  image: { describe: image }\nsecrets: ["{{ SECRET }}_APP_KEY"]\nworkloads:\n  - name: "{{ name }}"\n    kind: container\n    host: "{{ dockerHost }}"\n    image: "{{ image }}"\n    colour: blue\n',
    )
    const before = snapshot()
    const secrets = readFileSync(join(inv(), 'secrets.age'))
    type Invalid = {code: string; issues: {code: string; path: string; location: {file: string}}[]}
    const err = (await onboard(await load(), request('bad'), opts()).catch((e: unknown) => e)) as Invalid
    expect(err).toMatchObject({code: 'INVENTORY_INVALID'})
    expect(err.issues).toContainEqual(
      expect.objectContaining({path: 'workloads[0].colour', location: expect.objectContaining({file: join('inventory', 'agencies', 'dinpar.yaml')})}),
    )
    expect(snapshot()).toEqual(before)
    expect(readFileSync(join(inv(), 'secrets.age'))).toEqual(secrets)
  })

  it('when the agency file cannot be written after secrets.age was, secrets.age is put back', async () => {
    // A directory where the new agency file goes: validation reads the pending text, the final rename fails.
    mkdirSync(join(inv(), 'agencies', 'dinpar.yaml', 'x'), {recursive: true})
    const secrets = readFileSync(join(inv(), 'secrets.age'))
    const inventory = (
      await loadInventory({
        dir: 'inventory',
        cwd: tmp,
        environ: {},
        pending: new Map([[join(inv(), 'agencies', 'dinpar.yaml'), 'agency: {code: dinpar, name: D}\n']]),
      })
    ).inventory
    const err = await onboard({...inventory, agencies: inventory.agencies.filter((a) => a.code !== 'dinpar')}, request('web-app'), opts()).catch(
      (e: unknown) => e as {code: string; message: string},
    )
    expect(err).toMatchObject({
      code: 'ONBOARD_WRITE_FAILED',
      message: expect.stringContaining('secrets.age was put back as it was: nothing was changed'),
    })
    expect(readFileSync(join(inv(), 'secrets.age'))).toEqual(secrets)
  })
})
