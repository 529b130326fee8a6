import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {parse} from 'yaml'
import {secretDecryptFailed, secretFileInvalid, secretIdentityUnreadable, secretMissing} from '../errors/catalog.js'
import {ageIdentityFor, demoIdentityIn} from './age-identity.js'
import {Secret} from './secret.js'
import {secretEnvVar} from './validate/exposure.js'

/** Named secrets from inventory/secrets.age and KOTADC_SECRET_<NAME>; values only ever leave as Secret. */
export interface SecretStore {
  names(): string[]
  has(name: string): boolean
  /** Throws UserError SECRET_MISSING. */
  get(name: string): Secret
  /** Set when secrets.age was decrypted with the inventory's DEMO identity: commands show a banner. */
  demoIdentity?: string
}

const ENV_PREFIX = 'KOTADC_SECRET_'
const ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----'

async function readIdentities(file: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw secretIdentityUnreadable(file, (e as NodeJS.ErrnoException).code ?? 'unreadable')
  }
  const keys = text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('AGE-SECRET-KEY-'))
  if (!keys.length) throw secretIdentityUnreadable(file, 'no AGE-SECRET-KEY line in it')
  return keys
}

/** Decrypts and parses secrets.age. Never puts decrypted text in an error: only codes and line numbers. */
async function decryptFile(file: string, identityFile: string, demoLeft: string | undefined): Promise<Map<string, string>> {
  const [identities, bytes] = await Promise.all([readIdentities(identityFile), readFile(file)])
  // Imported here so commands that never touch secrets do not pay for loading the crypto code.
  const age = await import('age-encryption')
  const d = new age.Decrypter()
  for (const id of identities) d.addIdentity(id)
  let plain: string
  try {
    const text = bytes.toString('latin1')
    const cipher = text.startsWith(ARMOR) ? age.armor.decode(text) : new Uint8Array(bytes)
    plain = await d.decrypt(cipher, 'text')
  } catch (e) {
    throw secretDecryptFailed(file, (e as Error).message, demoLeft)
  }
  let doc: unknown
  try {
    doc = parse(plain, {prettyErrors: false})
  } catch (e) {
    const line = (e as {linePos?: [{line: number}]}).linePos?.[0]?.line
    throw secretFileInvalid(file, `YAML error${line ? ` on line ${line}` : ''} (${(e as {code?: string}).code ?? 'syntax'})`)
  }
  if (doc === null || doc === undefined) return new Map()
  if (typeof doc !== 'object' || Array.isArray(doc)) throw secretFileInvalid(file, 'the top level is not a map')
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof v !== 'string' && typeof v !== 'number') throw secretFileInvalid(file, `the value of ${k} is not a string`)
    out.set(k, String(v))
  }
  return out
}

/**
 * Opens the secret store of an inventory. secrets.age is decrypted with the identity file KOTADC_AGE_IDENTITY names
 * or, when it is unset, with the inventory's DEMO identity (see age-identity.ts); without either, only
 * KOTADC_SECRET_<NAME> variables are available (and validation warns). An environment variable wins over the file.
 */
export async function openSecrets(opts: {dir: string; environ: Record<string, string | undefined>}): Promise<SecretStore> {
  const file = path.join(opts.dir, 'secrets.age')
  const identity = ageIdentityFor(opts.dir, opts.environ)
  let fromFile = new Map<string, string>()
  let demo = false
  if (identity) {
    const present = await readFile(file).then(() => true, () => false)
    // A real identity that cannot open the file while the DEMO identity is still there: the example's demo file.
    if (present) fromFile = await decryptFile(file, identity.file, identity.demo ? undefined : demoIdentityIn(opts.dir))
    demo = present && identity.demo
  }
  const fromEnv = (name: string): string | undefined => opts.environ[secretEnvVar(name)]
  const envNames = Object.keys(opts.environ)
    .filter((k) => k.startsWith(ENV_PREFIX) && k.length > ENV_PREFIX.length && opts.environ[k] !== undefined)
    .map((k) => k.slice(ENV_PREFIX.length))
  return {
    names: () => [...new Set([...fromFile.keys(), ...envNames])].sort(),
    has: (name) => fromEnv(name) !== undefined || fromFile.has(name),
    get: (name) => {
      const value = fromEnv(name) ?? fromFile.get(name)
      if (value === undefined) throw secretMissing(name, secretEnvVar(name))
      return new Secret(name, value)
    },
    ...(demo && identity ? {demoIdentity: identity.file} : {}),
  }
}
