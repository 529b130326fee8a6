import {cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Encrypter, generateIdentity, identityToRecipient} from 'age-encryption'
import {describe, expect, it} from 'vitest'
import {loadInventory} from '../../../src/inventory/load.js'
import {openSecrets} from '../../../src/inventory/secrets.js'
import {dnsRecords} from '../../../src/services/dns/records.js'
import {initPki} from '../../../src/services/pki/init.js'
import {requireBinary} from '../../helpers/require.js'
import {netsvcInventory} from '../../unit/netsvc/netsvc-inventory.js'

const MINIMAL = path.resolve(import.meta.dirname, '../../fixtures/inventory/valid/minimal')
const req = requireBinary('openssl')

describe.skipIf(!req.ok)(`kotadc pki init${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  it('adds the CA to secrets.age, keeps the other secrets, and keeps an existing CA unless forced', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kotadc-pki-'))
    cpSync(MINIMAL, path.join(dir, 'inventory'), {recursive: true})
    const identity = await generateIdentity()
    const idFile = path.join(dir, 'age.txt')
    writeFileSync(idFile, `${identity}\n`)
    const e = new Encrypter()
    e.addRecipient(await identityToRecipient(identity))
    writeFileSync(path.join(dir, 'inventory', 'secrets.age'), await e.encrypt('API_TOKEN: abc\n'))
    const environ = {KOTADC_AGE_IDENTITY: idFile}
    const {inventory} = await loadInventory({dir: path.join(dir, 'inventory'), cwd: dir, environ})

    const first = await initPki(inventory, {cwd: dir, environ, recipients: [], force: false})
    expect(first).toMatchObject({created: true, recipients: [await identityToRecipient(identity)]})
    expect(JSON.stringify(first)).not.toContain('PRIVATE KEY')
    expect(readFileSync(path.join(dir, 'inventory', 'secrets.age'), 'utf8')).not.toContain('PRIVATE')
    const store = await openSecrets({dir: path.join(dir, 'inventory'), environ})
    expect(store.names()).toEqual(['API_TOKEN', 'SITE_CA_CERT', 'SITE_CA_KEY'])
    expect(store.get('SITE_CA_KEY').reveal()).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    expect(String(store.get('SITE_CA_KEY'))).not.toContain('PRIVATE')

    const again = await initPki(inventory, {cwd: dir, environ, recipients: [], force: false})
    expect(again).toMatchObject({created: false, ca: {fingerprint: first.ca.fingerprint}})
    const forced = await initPki(inventory, {cwd: dir, environ, recipients: [], force: true})
    expect(forced.created).toBe(true)
    expect(forced.ca.fingerprint).not.toBe(first.ca.fingerprint)
  })

  it('refuses to rewrite secrets.age it cannot decrypt', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kotadc-pki-'))
    cpSync(MINIMAL, path.join(dir, 'inventory'), {recursive: true})
    writeFileSync(path.join(dir, 'inventory', 'secrets.age'), 'x')
    const {inventory} = await loadInventory({dir: path.join(dir, 'inventory'), cwd: dir})
    await expect(initPki(inventory, {cwd: dir, environ: {}, recipients: ['age1x'], force: false})).rejects.toMatchObject({
      code: 'SECRET_IDENTITY_UNSET',
    })
  })
})

describe('kotadc dns records', () => {
  it('lists what the zones will hold, optionally one zone', () => {
    const r = dnsRecords(netsvcInventory())
    expect(r.zones[0]).toBe('kota.example')
    expect(r.records).toContainEqual({zone: 'kota.example', name: 'simpus.kota.example', type: 'A', value: '10.10.0.51'})
    const rev = dnsRecords(netsvcInventory(), {zone: '0.10.10.in-addr.arpa'})
    expect(rev.records.every((x) => x.zone === '0.10.10.in-addr.arpa')).toBe(true)
    expect(rev.records).toContainEqual({zone: '0.10.10.in-addr.arpa', name: '51.0.10.10.in-addr.arpa', type: 'PTR', value: 'net1.kota.example'})
  })
})
