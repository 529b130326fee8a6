import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateIdentity, identityToRecipient} from 'age-encryption'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {readSavedPlan, sha256Hex, writeSavedPlan} from '../../../../src/exec/saved-plan-file.js'
import type {Inventory} from '../../../../src/inventory/model.js'
import {SAVED_PLAN_FORMAT, SAVED_PLAN_VERSION, type SavedPlan} from '../../../../src/saved-plan/bundle.js'
import {digestFiles, digestSecrets, digestStacks} from '../../../../src/services/saved-plan/inputs.js'
import {secretStore} from '../../../helpers/fake-site.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kotadc-saved-plan-unit-'))
})
afterEach(() => rmSync(root, {recursive: true, force: true}))

const write = (rel: string, text: string): void => {
  mkdirSync(join(root, rel, '..'), {recursive: true})
  writeFileSync(join(root, rel), text)
}
const inv = (): Inventory => ({root: 'inventory'}) as Inventory

describe('input digests', () => {
  it('cover every inventory file and template by project path; secrets.age, its backup, .git and temporaries do not count', async () => {
    write('inventory/site.yaml', 'site: {}\n')
    write('inventory/agencies/dinkes.yaml', 'agency: {}\n')
    write('inventory/secrets.age', 'ciphertext')
    write('inventory/secrets.age.bak', 'older ciphertext')
    write('inventory/.git/HEAD', 'ref')
    write('inventory/hosts.yaml.123.tmp', 'half')
    write('templates/nginx/site.conf', 'server {}\n')
    write('elsewhere.txt', 'not an input')
    const all = await digestFiles(inv(), root)
    // kotadc's own templates count too (a newer kotadc may write other files), under their own prefix.
    expect(Object.keys(all).some((k) => k.startsWith('kotadc:templates/'))).toBe(true)
    const files = Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith('kotadc:')))
    expect(files).toEqual({
      'inventory/agencies/dinkes.yaml': sha256Hex('agency: {}\n'),
      'inventory/site.yaml': sha256Hex('site: {}\n'),
      'templates/nginx/site.conf': sha256Hex('server {}\n'),
    })
  })

  it('a project without templates/ is fine', async () => {
    write('inventory/site.yaml', 'x')
    expect(Object.keys(await digestFiles(inv(), root)).filter((k) => !k.startsWith('kotadc:'))).toEqual(['inventory/site.yaml'])
  })

  it('secrets are keyed digests: same value and salt agree, another salt or value does not, and no digest is the plain hash', () => {
    const store = secretStore({DB_PASSWORD: 'hunter2', APP_KEY: 'k'})
    const a = digestSecrets(store, 'salt-1')
    expect(Object.keys(a)).toEqual(['APP_KEY', 'DB_PASSWORD'])
    expect(digestSecrets(store, 'salt-1')).toEqual(a)
    expect(digestSecrets(store, 'salt-2').DB_PASSWORD).not.toBe(a.DB_PASSWORD)
    expect(digestSecrets(secretStore({DB_PASSWORD: 'hunter3', APP_KEY: 'k'}), 'salt-1').DB_PASSWORD).not.toBe(a.DB_PASSWORD)
    expect(a.DB_PASSWORD).not.toBe(sha256Hex('hunter2'))
  })

  it('stacks are digested from the JSON terraform reads in their directory', async () => {
    write('.kotadc/stacks/docker-a/main.tf.json', '{"resource":{}}\n')
    expect(await digestStacks([{stack: 'docker-a', dir: join(root, '.kotadc/stacks/docker-a')}])).toEqual({
      'docker-a': sha256Hex('{"resource":{}}\n'),
    })
  })
})

const plan = (planFile: string): SavedPlan => ({
  format: SAVED_PLAN_FORMAT,
  version: SAVED_PLAN_VERSION,
  site: 'dc1',
  env: null,
  createdAt: '2026-11-30T00:00:00.000Z',
  inventoryCommit: null,
  dirty: false,
  phases: ['containers'],
  limit: [],
  inputs: {salt: 's', files: {}, secrets: {}, stacks: {}, terraform: 'terraform 1.11.4', kotadc: '0.1.0'},
  hosts: [],
  stacks: [
    {
      stack: 'docker-a',
      host: 'a',
      planFile,
      state: null,
      report: {counts: {create: 1, update: 0, replace: 0, delete: 0, forget: 0}, changes: [], drift: []},
    },
  ],
})

describe('the saved plan file', () => {
  it('is age ciphertext written 0600 that only a recipient reads back, with the SHA-256 of its bytes', async () => {
    const ci = await generateIdentity()
    const reviewer = await generateIdentity()
    const secretInPlan = Buffer.from('TF_VAR value s3cr3t-in-plan').toString('base64')
    const file = join(root, 'plan.age')
    writeFileSync(file, 'an older plan', {mode: 0o644})
    const sha = await writeSavedPlan(file, plan(secretInPlan), [await identityToRecipient(ci)])
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const bytes = readFileSync(file)
    expect(sha).toBe(sha256Hex(bytes))
    expect(bytes.includes(Buffer.from(secretInPlan))).toBe(false)
    expect(bytes.includes(Buffer.from('docker-a'))).toBe(false)

    writeFileSync(join(root, 'ci.txt'), `${ci}\n`)
    const read = await readSavedPlan(file, join(root, 'ci.txt'))
    expect(read).toEqual({plan: plan(secretInPlan), sha256: sha})

    writeFileSync(join(root, 'reviewer.txt'), `${reviewer}\n`)
    await expect(readSavedPlan(file, join(root, 'reviewer.txt'))).rejects.toMatchObject({code: 'SAVED_PLAN_UNREADABLE'})
    await expect(readSavedPlan(file, undefined)).rejects.toMatchObject({
      code: 'SAVED_PLAN_UNREADABLE',
      message: expect.stringContaining('KOTADC_AGE_IDENTITY'),
    })
    await expect(readSavedPlan(join(root, 'missing.age'), join(root, 'ci.txt'))).rejects.toMatchObject({
      code: 'SAVED_PLAN_UNREADABLE',
      message: expect.stringContaining('ENOENT'),
    })
  })

  it('without a recipient nothing is written', async () => {
    const file = join(root, 'plan.age')
    await expect(writeSavedPlan(file, plan(''), [])).rejects.toMatchObject({code: 'SECRET_NO_RECIPIENT'})
    expect(() => statSync(file)).toThrow()
  })
})
