import {randomBytes} from 'node:crypto'
import {runLocalChecked} from '../../exec/local.js'
import type {Secret} from '../../inventory/secret.js'
import {leafExtensions, signArgs} from '../../pki/openssl.js'
import {withPrivateFiles} from '../../exec/private-temp-files.js'

/** Signs a CSR with the site CA using the local openssl; the CA key goes on stdin and is never written to disk. */
export async function signCsrLocally(csr: string, domain: string, ca: {key: Secret; cert: string}): Promise<string> {
  // 159 random bits: a positive serial below 2^159, as RFC 5280 asks.
  const serial = randomBytes(20)
  serial[0] = (serial[0] as number) & 0x7f
  return withPrivateFiles({'req.csr': csr, 'ca.crt': ca.cert, 'ext.cnf': leafExtensions(domain)}, async (p) => {
    const r = await runLocalChecked(
      signArgs({csr: p['req.csr'] as string, caCert: p['ca.crt'] as string, extfile: p['ext.cnf'] as string, serialHex: serial.toString('hex')}),
      {
        kind: 'openssl',
        input: ca.key.reveal(),
        code: 'PKI_SIGN_FAILED',
        what: `signing the certificate for ${domain} with the site CA`,
        hint: 'check that SITE_CA_KEY and SITE_CA_CERT belong together (`kotadc pki status`), or recreate the CA with `kotadc pki init --force`',
        timeoutMs: 30_000,
      },
    )
    return r.stdout
  })
}
