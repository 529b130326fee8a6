import path from 'node:path'
import {randomBytes} from 'node:crypto'
import {readRecipientsFile, readSecretsMap, recipientsFor, SECRETS_FILE, writeSecretsMap} from '../../exec/secrets-file.js'
import {ageIdentityFor} from '../../inventory/age-identity.js'
import type {Inventory} from '../../inventory/model.js'
import {secretUses} from '../../secrets/uses.js'

export interface SecretsOptions {
  cwd: string
  environ: Record<string, string | undefined>
  /** Asks before a change is written (a terminal) or refuses without --yes; see cli/confirm.ts. */
  confirm: (question: string) => Promise<void>
}

/** secrets.age of one inventory, decrypted, with who it is encrypted to and who reads each name. */
export interface OpenedSecrets {
  dir: string
  file: string
  identity: string | undefined
  map: Record<string, string>
  uses: Map<string, string[]>
}

export async function openSecretsFile(inv: Inventory, opts: Pick<SecretsOptions, 'cwd' | 'environ'>): Promise<OpenedSecrets> {
  const dir = path.resolve(opts.cwd, inv.root)
  const identity = ageIdentityFor(dir, opts.environ)?.file
  return {dir, file: path.join(dir, SECRETS_FILE), identity, map: await readSecretsMap(dir, identity), uses: secretUses(inv)}
}

/** Writes the map back, encrypted to recipients.txt (or, while there is none, to the identity in use). */
export async function saveSecrets(s: OpenedSecrets, map: Record<string, string>): Promise<string[]> {
  const recipients = await recipientsFor([], s.identity, s.dir)
  await writeSecretsMap(s.dir, map, recipients)
  return recipients
}

/** Listed recipients, or undefined while the site has no recipients.txt. */
export const listedRecipients = async (dir: string): Promise<string[] | undefined> => (await readRecipientsFile(dir))?.recipients.map((r) => r.key)

/** A new random value: URL-safe base64 of fresh random bytes, `length` characters long. */
export const randomSecret = (length: number): string =>
  randomBytes(Math.ceil((length * 3) / 4) + 1)
    .toString('base64url')
    .slice(0, length)
