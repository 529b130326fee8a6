import {secretMissing, secretsFileErrors} from '../../errors/secrets.js'
import type {Inventory} from '../../inventory/model.js'
import {secretEnvVar} from '../../inventory/validate/exposure.js'
import {listSecrets, type SecretEntry} from '../../secrets/uses.js'
import {listedRecipients, openSecretsFile} from './store.js'

const ENV_PREFIX = 'KOTADC_SECRET_'

/** The `--json` result of `secrets list`: names and who reads them, never a value. */
export interface SecretListResult {
  file: string
  /** recipients.txt, or null while the site has none (secrets.age is then encrypted to one identity). */
  recipients: string[] | null
  secrets: SecretEntry[]
  unused: string[]
  missing: string[]
}

export async function listSecretsOf(inv: Inventory, opts: {cwd: string; environ: Record<string, string | undefined>}): Promise<SecretListResult> {
  const s = await openSecretsFile(inv, opts)
  const fromEnv = Object.keys(opts.environ)
    .filter((k) => k.startsWith(ENV_PREFIX) && k.length > ENV_PREFIX.length && opts.environ[k] !== undefined)
    .map((k) => k.slice(ENV_PREFIX.length))
  const secrets = listSecrets(s.uses, Object.keys(s.map), fromEnv)
  return {
    file: s.file,
    recipients: (await listedRecipients(s.dir)) ?? null,
    secrets,
    unused: secrets.filter((e) => e.status === 'unused').map((e) => e.name),
    missing: secrets.filter((e) => e.status === 'missing').map((e) => e.name),
  }
}

/** The `--json` result of `secrets get --reveal --json`. */
export interface SecretGetResult {
  name: string
  value: string
}

/**
 * `secrets get NAME`: only with --reveal, and without a terminal only when the output is --json too (a script that
 * asked for it in a machine format), so a value never lands in a CI log by a stray command.
 */
export async function revealSecret(
  inv: Inventory,
  name: string,
  opts: {cwd: string; environ: Record<string, string | undefined>; reveal: boolean; json: boolean; terminal: boolean},
): Promise<SecretGetResult> {
  if (!opts.reveal) throw secretsFileErrors.revealRefused(name, 'values are shown only with --reveal')
  if (!opts.terminal && !opts.json) throw secretsFileErrors.revealRefused(name, 'the output is not a terminal, and --json was not given')
  const s = await openSecretsFile(inv, opts)
  const value = s.map[name]
  if (value === undefined) throw secretMissing(name, secretEnvVar(name))
  return {name, value}
}
