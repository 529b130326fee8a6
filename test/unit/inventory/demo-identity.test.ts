import {cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Encrypter, generateIdentity, identityToRecipient} from 'age-encryption'
import {beforeEach, describe, expect, it} from 'vitest'
import {UserError} from '../../../src/errors/ops-error.js'
import {DEMO_IDENTITY_FILE} from '../../../src/inventory/age-identity.js'
import {loadInventory} from '../../../src/inventory/load.js'
import {openSecrets} from '../../../src/inventory/secrets.js'

const MINIMAL = path.resolve(import.meta.dirname, '../../fixtures/inventory/valid/minimal')
const EXAMPLE = path.resolve(import.meta.dirname, '../../../inventory')

async function encryptTo(identity: string, text: string): Promise<Uint8Array> {
  const e = new Encrypter()
  e.addRecipient(await identityToRecipient(identity))
  return e.encrypt(text)
}

describe('the DEMO age identity of an inventory', () => {
  let dir: string
  let demo: string
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kotadc-demo-id-'))
    cpSync(MINIMAL, dir, {recursive: true})
    const identity = await generateIdentity()
    demo = path.join(dir, DEMO_IDENTITY_FILE)
    writeFileSync(demo, `# DEMO identity\n${identity}\n`)
    writeFileSync(path.join(dir, 'secrets.age'), await encryptTo(identity, 'SIMPUS_DB_PASSWORD: demo-value\n'))
  })

  it('opens secrets.age when KOTADC_AGE_IDENTITY is unset, and the store says it did', async () => {
    const store = await openSecrets({dir, environ: {}})
    expect(store.get('SIMPUS_DB_PASSWORD').reveal()).toBe('demo-value')
    expect(store.demoIdentity).toBe(demo)
    const loaded = await loadInventory({dir, cwd: dir, environ: {}})
    expect(loaded.warnings).toEqual([])
    expect(loaded.demoIdentity).toBe(DEMO_IDENTITY_FILE)
  })

  it('is never read when KOTADC_AGE_IDENTITY is set: a real identity that cannot open the demo file says to replace it', async () => {
    const mine = path.join(dir, 'mine.txt')
    writeFileSync(mine, `${await generateIdentity()}\n`)
    const e = await openSecrets({dir, environ: {KOTADC_AGE_IDENTITY: mine}}).then(() => undefined, (err: unknown) => err)
    expect(e).toBeInstanceOf(UserError)
    expect((e as UserError).code).toBe('SECRET_DECRYPT_FAILED')
    expect((e as UserError).hint).toContain(`still the example's DEMO file (encrypted to ${demo})`)
  })

  it('a real secrets.age opened by a real identity carries no demo mark, even with the demo file left beside it', async () => {
    const identity = await generateIdentity()
    const mine = path.join(dir, 'mine.txt')
    writeFileSync(mine, `${identity}\n`)
    writeFileSync(path.join(dir, 'secrets.age'), await encryptTo(identity, 'SIMPUS_DB_PASSWORD: real\n'))
    const store = await openSecrets({dir, environ: {KOTADC_AGE_IDENTITY: mine}})
    expect(store.get('SIMPUS_DB_PASSWORD').reveal()).toBe('real')
    expect(store.demoIdentity).toBeUndefined()
  })

  it('the example data center resolves every secret it names with its demo identity, and the file says DEMO first', async () => {
    expect(readFileSync(path.join(EXAMPLE, DEMO_IDENTITY_FILE), 'utf8').split('\n')[0]).toMatch(/^# DEMO age identity .*NEVER use it for a real site/)
    const loaded = await loadInventory({dir: EXAMPLE, cwd: path.dirname(EXAMPLE), environ: {}})
    expect(loaded.warnings).toEqual([])
    expect(loaded.demoIdentity).toBe(path.join('inventory', DEMO_IDENTITY_FILE))
    const store = await openSecrets({dir: EXAMPLE, environ: {}})
    for (const name of ['SITE_CA_KEY', 'SITE_CA_CERT', 'RESTIC_PASSWORD_DOCKER1', 'RESTIC_PASSWORD_DB1']) expect(store.has(name), name).toBe(true)
  })
})
