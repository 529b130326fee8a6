import {readFile, rename, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {parse, stringify} from 'yaml'
import {pkiSecretsErrors} from '../errors/pki.js'

const ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----'

const identitiesIn = async (file: string): Promise<string[]> =>
  (await readFile(file, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l.startsWith('AGE-SECRET-KEY-'))

/** The plaintext map of secrets.age (empty when the file does not exist). Values never leave this module's callers as text in errors. */
export async function readSecretsMap(dir: string, identityFile: string | undefined): Promise<Record<string, string>> {
  const file = path.join(dir, 'secrets.age')
  const bytes = await readFile(file).catch(() => undefined)
  if (bytes === undefined) return {}
  if (!identityFile) throw pkiSecretsErrors.locked(file)
  const age = await import('age-encryption')
  const d = new age.Decrypter()
  try {
    for (const id of await identitiesIn(identityFile)) d.addIdentity(id)
    const text = bytes.toString('latin1')
    const plain = await d.decrypt(text.startsWith(ARMOR) ? age.armor.decode(text) : new Uint8Array(bytes), 'text')
    const doc = parse(plain) as unknown
    if (doc === null || doc === undefined) return {}
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the top level is not a map')
    return Object.fromEntries(Object.entries(doc as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
  } catch (e) {
    throw pkiSecretsErrors.unreadable(file, (e as Error).message.split('\n')[0] ?? 'decrypt failed')
  }
}

/** Recipients to encrypt to: the given ones, else the public keys of the identity file's keys. */
export async function recipientsFor(given: readonly string[], identityFile: string | undefined): Promise<string[]> {
  if (given.length > 0) return [...given]
  if (!identityFile) throw pkiSecretsErrors.noRecipient()
  const age = await import('age-encryption')
  const ids = await identitiesIn(identityFile).catch(() => [])
  if (ids.length === 0) throw pkiSecretsErrors.noRecipient()
  return Promise.all(ids.map((id) => age.identityToRecipient(id)))
}

/** Rewrites secrets.age (ASCII-armored, so diffs in git stay readable) with the map encrypted to the recipients. */
export async function writeSecretsMap(dir: string, map: Record<string, string>, recipients: readonly string[]): Promise<string> {
  const age = await import('age-encryption')
  const e = new age.Encrypter()
  for (const r of recipients) e.addRecipient(r)
  const file = path.join(dir, 'secrets.age')
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, age.armor.encode(await e.encrypt(stringify(map))), {mode: 0o644})
  await rename(temp, file)
  return file
}
