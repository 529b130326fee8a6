import {generateKeyPairSync, X509Certificate} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {runLocalChecked} from '../../../src/exec/local.js'
import {Secret} from '../../../src/inventory/secret.js'
import {caCertArgs, csrCommand, pemBlocks} from '../../../src/pki/openssl.js'
import {withPrivateFiles} from '../../../src/exec/private-temp-files.js'
import {signCsrLocally} from '../../../src/services/pki/sign.js'
import {renderCmd} from '../../../src/tasks/cmd.js'
import {requireBinary} from '../../helpers/require.js'

const req = requireBinary('openssl')

// The real openssl, as kotadc pki init and the proxy phase call it: a CA, a CSR, a signed leaf that verifies.
describe.skipIf(!req.ok)(`site CA and leaf signing with openssl${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  it('a leaf signed by the CA verifies for its domain only, and is a server certificate', async () => {
    const caKey = generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
    const ca = (await runLocalChecked(caCertArgs('kota-dc', 'kota.example'), {input: caKey})).stdout
    const caCert = new X509Certificate(ca)
    expect(caCert.ca).toBe(true)
    expect(caCert.subject).toContain('CN=kota-dc internal CA')

    const leafKey = generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
    const csr = (
      await withPrivateFiles({'k.pem': leafKey}, (p) =>
        runLocalChecked(['openssl', 'req', '-new', '-key', p['k.pem'] as string, '-subj', '/CN=simpus.kota.example']),
      )
    ).stdout
    expect(pemBlocks(`noise\n${csr}${csr}`, 'CERTIFICATE REQUEST')).toHaveLength(2)

    const pem = await signCsrLocally(csr, 'simpus.kota.example', {key: new Secret('SITE_CA_KEY', caKey), cert: ca})
    const leaf = new X509Certificate(pem)
    expect(leaf.verify(caCert.publicKey)).toBe(true)
    expect(leaf.checkHost('simpus.kota.example')).toBe('simpus.kota.example')
    expect(leaf.checkHost('evil.example')).toBeUndefined()
    expect(leaf.ca).toBe(false)
    // serverAuth extended key usage
    expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1')
    const days = (Date.parse(leaf.validTo) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(390)
  })

  it('the CSR command makes a key only when there is none, in a private directory', () => {
    const script = renderCmd(csrCommand(['simpus.kota.example']))
    expect(script).toMatch(/^sudo -n sh -c /)
    expect(script).toContain('umask 077')
    expect(script).toContain('[ -s "$k" ] || openssl genpkey')
    expect(() => csrCommand(['evil;rm -rf /'])).toThrow(/cannot be written/)
  })
})
