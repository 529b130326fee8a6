import type {Cmd} from '../tasks/cmd.js'
import {shell, sudo} from '../tasks/cmd.js'
import {CERT_DIR} from './cert-plan.js'
import {safeDomain, safeLabel} from '../netsvc/safe.js'

/** The secrets `kotadc pki init` writes: the CA private key (PEM, PKCS#8) and its self-signed certificate. */
export const CA_KEY_SECRET = 'SITE_CA_KEY'
export const CA_CERT_SECRET = 'SITE_CA_CERT'

/** Where every host keeps the site CA for its trust store (update-ca-certificates reads *.crt here). */
export const CA_TRUST_PATH = '/usr/local/share/ca-certificates/kotadc-ca.crt'

export const CA_DAYS = 3650
/** Leaf validity; renewal starts 30 days before the end (cert-plan.ts). Browsers cap leaf certificates at 398 days. */
export const LEAF_DAYS = 397

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----\r?\n[\s\S]*?-----END \1-----/g

/** The PEM blocks in `text` of the given label (e.g. CERTIFICATE REQUEST), in order, each ending with a newline. */
export const pemBlocks = (text: string, label: string): string[] =>
  [...text.matchAll(PEM_BLOCK)].filter((m) => m[1] === label).map((m) => `${m[0]}\n`)

/** Subject of the site CA. */
export const caSubject = (site: string): string => `/O=${safeLabel(site, 'site name')}/CN=${safeLabel(site, 'site name')} internal CA`

/**
 * Runs argv with its stdin handed on through a real pipe. The CA key travels on stdin and never touches a disk, but
 * node gives a child a socket for stdin, which openssl cannot open as /dev/stdin; a shell pipe is a pipe.
 */
export const keyOnStdin = (argv: readonly string[]): string[] => ['sh', '-c', 'cat | "$@"', 'sh', ...argv]

/** The name constraint of the site CA: it may sign names under the site's domain and nothing else. */
export const caNameConstraints = (domain: string): string => `critical,permitted;DNS:${safeDomain(domain, 'site domain')}`

/** `openssl req` making the self-signed CA certificate; the key is read from stdin (see keyOnStdin). */
export const caCertArgs = (site: string, domain: string): string[] =>
  keyOnStdin([
    'openssl',
    'req',
    '-x509',
    '-new',
    '-key',
    '/dev/stdin',
    '-sha256',
    '-days',
    String(CA_DAYS),
    '-subj',
    caSubject(site),
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
    '-addext',
    `nameConstraints=${caNameConstraints(domain)}`,
  ])

/** The extensions of a leaf certificate for one domain (an openssl extfile). */
export const leafExtensions = (domain: string): string =>
  [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=DNS:${safeDomain(domain, 'certificate domain')}`,
    'authorityKeyIdentifier=keyid',
    'subjectKeyIdentifier=hash',
    '',
  ].join('\n')

/** `openssl x509 -req` signing `csr` (a file) with the CA key read from stdin; serial is hex from the caller's randomness. */
export const signArgs = (opts: {csr: string; caCert: string; extfile: string; serialHex: string}): string[] =>
  keyOnStdin([
    'openssl',
    'x509',
    '-req',
    '-in',
    opts.csr,
    '-CA',
    opts.caCert,
    '-CAkey',
    '/dev/stdin',
    '-set_serial',
    `0x${opts.serialHex}`,
    '-days',
    String(LEAF_DAYS),
    '-sha256',
    '-extfile',
    opts.extfile,
  ])

// The key is made once and kept across renewals, so a renewed certificate always matches the key nginx has.
const CSR_SCRIPT = [
  'set -e',
  'umask 077',
  'mkdir -p "$1"',
  'shift',
  'for d in "$@"; do',
  '  k="$DIR/$d.key"',
  '  [ -s "$k" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$k" 2>/dev/null',
  '  openssl req -new -key "$k" -subj "/CN=$d"',
  'done',
].join('\n')

/**
 * On the proxy host: make each domain's key if it has none (it never leaves the host) and print one CSR per domain,
 * in the order given.
 */
export function csrCommand(domains: readonly string[]): Cmd {
  const safe = domains.map((d) => safeDomain(d, 'certificate domain'))
  return sudo(shell(`DIR="$1"\n${CSR_SCRIPT}`, CERT_DIR, ...safe))
}
