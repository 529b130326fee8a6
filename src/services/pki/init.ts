import {generateKeyPairSync, X509Certificate} from 'node:crypto'
import path from 'node:path'
import {runLocalChecked} from '../../exec/local.js'
import type {Inventory} from '../../inventory/model.js'
import {ageIdentityFor} from '../../inventory/age-identity.js'
import {nameConstraintsOf} from '../../pki/ca-constraints.js'
import {CA_CERT_SECRET, CA_KEY_SECRET, caCertArgs} from '../../pki/openssl.js'
import {readSecretsMap, recipientsFor, writeSecretsMap} from '../../exec/secrets-file.js'

export interface CaInfo {
  subject: string
  notAfter: string
  fingerprint: string
  /** DNS names the CA may sign under (its critical name constraints); empty: it may sign any name. */
  permittedDomains: string[]
}

/** The `kotadc pki init --json` contract (never the key). */
export interface PkiInitResult {
  site: string
  created: boolean
  reason: string
  secretsFile: string
  recipients: string[]
  ca: CaInfo
}

export const caInfo = (pem: string): CaInfo => {
  const c = new X509Certificate(pem)
  const constraints = nameConstraintsOf(c.raw)
  return {
    subject: c.subject.replaceAll('\n', ', '),
    notAfter: new Date(c.validTo).toISOString(),
    fingerprint: `SHA256:${c.fingerprint256}`,
    permittedDomains: constraints.critical ? constraints.permittedDns : [],
  }
}

/**
 * Creates the site CA: a P-256 key (node:crypto) and a self-signed certificate (openssl), both
 * stored in secrets.age. An existing CA is kept unless `force`.
 */
export async function initPki(
  inv: Inventory,
  opts: {cwd: string; environ: Record<string, string | undefined>; recipients: string[]; force: boolean},
): Promise<PkiInitResult> {
  const dir = path.resolve(opts.cwd, inv.root)
  const identity = ageIdentityFor(dir, opts.environ)?.file
  const map = await readSecretsMap(dir, identity)
  const recipients = await recipientsFor(opts.recipients, identity, dir)
  const file = path.join(dir, 'secrets.age')
  const existing = map[CA_CERT_SECRET]
  if (existing && map[CA_KEY_SECRET] && !opts.force)
    return {
      site: inv.site.name,
      created: false,
      reason: 'the site CA already exists (--force replaces it)',
      secretsFile: file,
      recipients,
      ca: caInfo(existing),
    }
  const {privateKey} = generateKeyPairSync('ec', {namedCurve: 'prime256v1'})
  const key = privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
  const r = await runLocalChecked(caCertArgs(inv.site.name, inv.site.domain), {
    kind: 'openssl',
    input: key,
    code: 'PKI_CA_CERT_FAILED',
    what: 'openssl req (the site CA certificate)',
    hint: 'install openssl on this machine',
    timeoutMs: 30_000,
  })
  const cert = r.stdout
  await writeSecretsMap(dir, {...map, [CA_KEY_SECRET]: key, [CA_CERT_SECRET]: cert}, recipients)
  return {
    site: inv.site.name,
    created: true,
    reason: existing ? 'replaced the site CA (--force)' : 'created the site CA',
    secretsFile: file,
    recipients,
    ca: caInfo(cert),
  }
}
