import {secretMissing} from '../../errors/secrets.js'
import {secretsFileErrors} from '../../errors/secrets.js'
import type {Inventory} from '../../inventory/model.js'
import {isReservedSecret, RESERVED_SECRET_PREFIXES} from '../../inventory/validate/secret-owners.js'
import {secretEnvVar} from '../../inventory/validate/exposure.js'
import {isSecretName} from '../../secrets/uses.js'
import {openSecretsFile, randomSecret, saveSecrets, type SecretsOptions} from './store.js'

/** The `--json` result of `secrets set|generate|rotate`: what changed, never the value. */
export interface SecretWriteResult {
  name: string
  action: 'created' | 'replaced'
  /** What reads it; a deploy puts the new value in place for these. */
  usedBy: string[]
  file: string
  backup: string
  recipients: string[]
  /** The value's length in characters. */
  length: number
  warnings: string[]
}

/** What a person should know about a name before it is written: nothing reads it, or it is one of kotadc's own. */
function nameWarnings(name: string, usedBy: readonly string[], environ: Record<string, string | undefined>): string[] {
  const out: string[] = []
  if (usedBy.length === 0 && isReservedSecret(name)) {
    out.push(
      `${name} is in kotadc's own families (${RESERVED_SECRET_PREFIXES.join(', ')}) but kotadc reads no secret of that name: check the spelling`,
    )
  } else if (usedBy.length === 0) {
    out.push(
      `no workload names ${name} yet: it stays unused until one lists it under secrets: (an agency's names start with its code or a workload name)`,
    )
  }
  if (environ[secretEnvVar(name)] !== undefined) out.push(`${secretEnvVar(name)} is set in this environment and wins over secrets.age`)
  return out
}

async function writeSecret(
  inv: Inventory,
  name: string,
  value: (old: string | undefined) => string,
  opts: SecretsOptions & {mustExist?: boolean; verb: string},
): Promise<SecretWriteResult> {
  if (!isSecretName(name)) throw secretsFileErrors.nameInvalid(name)
  const s = await openSecretsFile(inv, opts)
  const old = s.map[name]
  if (opts.mustExist && old === undefined) throw secretMissing(name, secretEnvVar(name))
  const usedBy = s.uses.get(name) ?? []
  const next = value(old)
  if (next.length === 0) throw secretsFileErrors.valueEmpty(name)
  await opts.confirm(`${opts.verb} ${name} in ${s.file}${usedBy.length ? ` (read by ${usedBy.join(', ')})` : ''}?`)
  const recipients = await saveSecrets(s, {...s.map, [name]: next})
  return {
    name,
    action: old === undefined ? 'created' : 'replaced',
    usedBy,
    file: s.file,
    backup: `${s.file}.bak`,
    recipients,
    length: next.length,
    warnings: nameWarnings(name, usedBy, opts.environ),
  }
}

/** `secrets set NAME`: the value comes from the caller (stdin or a prompt), never from argv. */
export const setSecret = (inv: Inventory, name: string, value: string, opts: SecretsOptions): Promise<SecretWriteResult> =>
  writeSecret(inv, name, () => value, {...opts, verb: 'set'})

export const DEFAULT_SECRET_LENGTH = 32

/** `secrets generate NAME`: a new random value, for a name that may not exist yet. */
export const generateSecret = (inv: Inventory, name: string, length: number, opts: SecretsOptions): Promise<SecretWriteResult> =>
  writeSecret(inv, name, () => randomSecret(length), {...opts, verb: 'generate a random value for'})

/** `secrets rotate NAME`: a new random value for a stored secret, as long as the old one unless told; the next deploy puts it in place. */
export const rotateSecret = (inv: Inventory, name: string, length: number | undefined, opts: SecretsOptions): Promise<SecretWriteResult> =>
  writeSecret(inv, name, (old) => randomSecret(length ?? Math.max(old?.length ?? 0, DEFAULT_SECRET_LENGTH)), {
    ...opts,
    mustExist: true,
    verb: 'rotate',
  })
