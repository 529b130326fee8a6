import {cpSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {inspect} from 'node:util'
import {Encrypter, armor, generateIdentity, identityToRecipient} from 'age-encryption'
import {beforeAll, describe, expect, it} from 'vitest'
import {UserError} from '../../../src/errors/ops-error.js'
import {loadInventory} from '../../../src/inventory/load.js'
import {openSecrets} from '../../../src/inventory/secrets.js'

const VALUE = 'hunter2-very-secret'
const MINIMAL = path.resolve(import.meta.dirname, '../../fixtures/inventory/valid/minimal')

async function encryptTo(identity: string, text: string): Promise<Uint8Array> {
  const e = new Encrypter()
  e.addRecipient(await identityToRecipient(identity))
  return e.encrypt(text)
}

const failure = async (p: Promise<unknown>): Promise<UserError> => {
  const e = await p.then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(UserError)
  expect(JSON.stringify((e as UserError).toJSON()) + String(e)).not.toContain(VALUE)
  return e as UserError
}

describe('secrets', () => {
  let dir: string
  let idFile: string
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kotadc-secrets-'))
    cpSync(MINIMAL, dir, {recursive: true})
    const identity = await generateIdentity()
    idFile = path.join(dir, 'key.txt')
    writeFileSync(idFile, `# created: by the test\n# public key: ${await identityToRecipient(identity)}\n${identity}\n`)
    writeFileSync(path.join(dir, 'secrets.age'), await encryptTo(identity, `SIMPUS_DB_PASSWORD: ${VALUE}\nAPI_TOKEN: abc\n`))
  })

  it('decrypts secrets.age with the identity from KOTADC_AGE_IDENTITY; values stay masked', async () => {
    const store = await openSecrets({dir, environ: {KOTADC_AGE_IDENTITY: idFile}})
    expect(store.names()).toEqual(['API_TOKEN', 'SIMPUS_DB_PASSWORD'])
    const s = store.get('SIMPUS_DB_PASSWORD')
    expect(s.reveal()).toBe(VALUE)
    expect(`${s} ${JSON.stringify({s})} ${inspect(s)}`).not.toContain(VALUE)
    const missing = await failure(Promise.resolve().then(() => store.get('NOPE')))
    expect(missing.code).toBe('SECRET_MISSING')
    expect(missing.hint).toContain('KOTADC_SECRET_NOPE')
  })

  it('reads an armored file too', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'kotadc-armor-'))
    const identity = await generateIdentity()
    writeFileSync(path.join(d, 'id'), identity + '\n')
    writeFileSync(path.join(d, 'secrets.age'), armor.encode(await encryptTo(identity, 'A: b\n')))
    expect((await openSecrets({dir: d, environ: {KOTADC_AGE_IDENTITY: path.join(d, 'id')}})).get('A').reveal()).toBe('b')
  })

  it('takes KOTADC_SECRET_<NAME> (upper-cased, - as _) and prefers it over the file', async () => {
    const store = await openSecrets({dir, environ: {KOTADC_AGE_IDENTITY: idFile, KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'from-env', KOTADC_SECRET_SMTP_PASS: 'p'}})
    expect(store.get('SIMPUS_DB_PASSWORD').reveal()).toBe('from-env')
    expect(store.has('smtp-pass')).toBe(true)
    expect(store.names()).toContain('SMTP_PASS')
  })

  it('without an identity only the environment counts', async () => {
    const store = await openSecrets({dir, environ: {}})
    expect(store.names()).toEqual([])
    expect(store.has('SIMPUS_DB_PASSWORD')).toBe(false)
  })

  it('fails clearly on a wrong or unreadable identity, never showing a value', async () => {
    const other = path.join(dir, 'other.txt')
    writeFileSync(other, (await generateIdentity()) + '\n')
    expect((await failure(openSecrets({dir, environ: {KOTADC_AGE_IDENTITY: other}}))).code).toBe('SECRET_DECRYPT_FAILED')
    expect((await failure(openSecrets({dir, environ: {KOTADC_AGE_IDENTITY: path.join(dir, 'nope')}}))).code).toBe('SECRET_IDENTITY_UNREADABLE')
    writeFileSync(other, 'not a key\n')
    expect((await failure(openSecrets({dir, environ: {KOTADC_AGE_IDENTITY: other}}))).code).toBe('SECRET_IDENTITY_UNREADABLE')
  })

  it('rejects a decrypted file that is not a map, without echoing its content', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'kotadc-badmap-'))
    const identity = await generateIdentity()
    writeFileSync(path.join(d, 'id'), identity + '\n')
    writeFileSync(path.join(d, 'secrets.age'), await encryptTo(identity, `- ${VALUE}\n`))
    expect((await failure(openSecrets({dir: d, environ: {KOTADC_AGE_IDENTITY: path.join(d, 'id')}}))).code).toBe('SECRET_FILE_INVALID')
    writeFileSync(path.join(d, 'secrets.age'), await encryptTo(identity, `A: "${VALUE}\n`))
    expect((await failure(openSecrets({dir: d, environ: {KOTADC_AGE_IDENTITY: path.join(d, 'id')}}))).code).toBe('SECRET_FILE_INVALID')
  })

  it('validation finds secrets in secrets.age, so no warning', async () => {
    const {warnings} = await loadInventory({dir, cwd: dir, environ: {KOTADC_AGE_IDENTITY: idFile}})
    expect(warnings).toEqual([])
  })
})
