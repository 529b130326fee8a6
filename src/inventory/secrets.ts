import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {decryptSecretsFile} from '../exec/secrets-file.js'
import {secretMissing} from '../errors/catalog.js'
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
    if (present) fromFile = await decryptSecretsFile(file, identity.file, identity.demo ? undefined : demoIdentityIn(opts.dir))
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
