import {generateKeyPairSync} from 'node:crypto'
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Encrypter, generateIdentity, identityToRecipient} from 'age-encryption'
import {afterAll, describe, expect, it} from 'vitest'
import {networkOutsideFence} from '../../../src/errors/network.js'
import {runLocal, runLocalChecked} from '../../../src/exec/local.js'
import {loadInventory} from '../../../src/inventory/load.js'
import {Secret} from '../../../src/inventory/secret.js'
import {openSecrets} from '../../../src/inventory/secrets.js'
import {withPrivateFiles} from '../../../src/exec/private-temp-files.js'
import {initPki} from '../../../src/services/pki/init.js'
import {signCsrLocally} from '../../../src/services/pki/sign.js'
import {pkiStatus} from '../../../src/services/pki/status.js'
import {requireBinary} from '../../helpers/require.js'

const MINIMAL = path.resolve(import.meta.dirname, '../../fixtures/inventory/valid/minimal')
const req = requireBinary('openssl')
const pem = () => generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString()

// The attack: whoever holds the site CA key (or a bug in what kotadc asks it to sign) mints a certificate for a
// domain the city does not own, and every host trusting the CA accepts it. The CA's name constraint stops that.
describe.skipIf(!req.ok)(`site CA name constraints with the real openssl${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})))

  const project = async (secrets: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kotadc-pki-nc-'))
    dirs.push(dir)
    cpSync(MINIMAL, path.join(dir, 'inventory'), {recursive: true})
    const identity = await generateIdentity()
    writeFileSync(path.join(dir, 'age.txt'), `${identity}\n`)
    const e = new Encrypter()
    e.addRecipient(await identityToRecipient(identity))
    writeFileSync(path.join(dir, 'inventory', 'secrets.age'), await e.encrypt(secrets))
    const environ = {KOTADC_AGE_IDENTITY: path.join(dir, 'age.txt')}
    const {inventory} = await loadInventory({dir: path.join(dir, 'inventory'), cwd: dir, environ})
    return {dir, environ, inventory}
  }

  const leafFor = async (domain: string, ca: {key: string; cert: string}) => {
    const csr = (
      await withPrivateFiles({'k.pem': pem()}, (p) =>
        runLocalChecked(['openssl', 'req', '-new', '-key', p['k.pem'] as string, '-subj', `/CN=${domain}`]),
      )
    ).stdout
    return signCsrLocally(csr, domain, {key: new Secret('SITE_CA_KEY', ca.key), cert: ca.cert})
  }
  const verify = (ca: string, leaf: string) =>
    withPrivateFiles({'ca.crt': ca, 'leaf.crt': leaf}, (p) =>
      runLocal(['openssl', 'verify', '-CAfile', p['ca.crt'] as string, p['leaf.crt'] as string]),
    )

  it('pki init makes a CA whose critical name constraint permits only the site domain', async () => {
    const {dir, environ, inventory} = await project('API_TOKEN: abc\n')
    const r = await initPki(inventory, {cwd: dir, environ, recipients: [], force: false})
    expect(r.ca.permittedDomains).toEqual(['kota.example.go.id'])
    const store = await openSecrets({dir: path.join(dir, 'inventory'), environ})
    const cert = store.get('SITE_CA_CERT').reveal()
    const ext = await runLocalChecked(['openssl', 'x509', '-noout', '-ext', 'nameConstraints'], {input: cert})
    expect(ext.stdout).toMatch(/X509v3 Name Constraints: critical\s+Permitted:\s+DNS:kota\.example\.go\.id\s*$/)

    const ca = {key: store.get('SITE_CA_KEY').reveal(), cert}
    const inside = await verify(cert, await leafFor('simpus.kota.example.go.id', ca))
    expect(inside.exitCode, inside.stderr).toBe(0)
    const outside = await verify(cert, await leafFor('login.bank.example', ca))
    expect(outside.exitCode).not.toBe(0)
    expect(outside.stdout + outside.stderr).toContain('permitted subtree violation')
  })

  it('pki status reports a CA made before name constraints and says how to re-issue it', async () => {
    const key = pem()
    const oldArgs = [
      'openssl',
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-sha256',
      '-days',
      '30',
      '-subj',
      '/CN=old CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ]
    const cert = (await withPrivateFiles({'ca.key': key}, (p) => runLocalChecked(oldArgs.map((a) => (a === 'ca.key' ? (p['ca.key'] as string) : a)))))
      .stdout
    const indent = (s: string) =>
      s
        .trim()
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')
    const {dir, environ, inventory} = await project(`SITE_CA_CERT: |\n${indent(cert)}\nSITE_CA_KEY: |\n${indent(key)}\n`)
    const unreachable = () =>
      Promise.reject(networkOutsideFence({role: 'host', host: 'proxy', address: '10.10.0.5', fence: '127.0.0.0/8', declaredBy: 'this test'}))
    const r = await pkiStatus(inventory, {cwd: dir, environ}, {connect: unreachable, now: () => new Date()})
    expect(r.ca.present).toBe(true)
    if (!r.ca.present) return
    expect(r.ca.permittedDomains).toEqual([])
    expect(r.ca.warning).toMatchObject({code: 'PKI_CA_UNCONSTRAINED', message: expect.stringContaining('can sign a certificate for any domain')})
    expect(r.ca.warning?.hint).toContain('kotadc pki init --force')
  })
})
