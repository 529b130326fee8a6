import {copyFile, open, readFile, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import {parse, stringify} from 'yaml'
import {secretDecryptFailed, secretFileInvalid, secretIdentityUnreadable, secretsFileErrors} from '../errors/secrets.js'
import {parseRecipients, RECIPIENTS_FILE, type ParsedRecipients} from '../secrets/recipients.js'

/**
 * The one reader and writer of inventory/secrets.age (an age-encrypted YAML map of names to values) and of
 * recipients.txt next to it. Decrypted text never reaches an error: only codes, keys and line numbers.
 */
export const SECRETS_FILE = 'secrets.age'
const ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----'

const ageLib = () => import('age-encryption')

/** The AGE-SECRET-KEY lines of an identity file. */
export async function identitiesIn(file: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw secretIdentityUnreadable(file, (e as NodeJS.ErrnoException).code ?? 'unreadable')
  }
  const keys = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('AGE-SECRET-KEY-'))
  if (!keys.length) throw secretIdentityUnreadable(file, 'no AGE-SECRET-KEY line in it')
  return keys
}

/** The public keys (recipients) of an identity file: who is using kotadc right now. */
export async function publicKeysOf(identityFile: string): Promise<string[]> {
  const age = await ageLib()
  return Promise.all((await identitiesIn(identityFile)).map((id) => age.identityToRecipient(id)))
}

/** recipients.txt of an inventory: its text and keys, or undefined when the site has none yet. */
export async function readRecipientsFile(dir: string): Promise<(ParsedRecipients & {file: string; text: string}) | undefined> {
  const file = path.join(dir, RECIPIENTS_FILE)
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined
    throw e
  })
  if (text === undefined) return undefined
  const parsed = parseRecipients(text)
  const bad = parsed.invalid[0]
  if (bad) throw secretsFileErrors.recipientInvalid(bad.text, {file, line: bad.line})
  return {...parsed, file, text}
}

const parseMap = (file: string, plain: string): Map<string, string> => {
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
 * Decrypts and parses secrets.age with the identity file. A wrong identity is told who the file is encrypted to
 * (recipients.txt) and which public key it tried, so the team knows whom to ask.
 */
export async function decryptSecretsFile(file: string, identityFile: string, demoIdentity?: string): Promise<Map<string, string>> {
  const [identities, bytes] = await Promise.all([identitiesIn(identityFile), readFile(file)])
  const age = await ageLib()
  const d = new age.Decrypter()
  for (const id of identities) d.addIdentity(id)
  let plain: string
  try {
    const text = bytes.toString('latin1')
    plain = await d.decrypt(text.startsWith(ARMOR) ? age.armor.decode(text) : new Uint8Array(bytes), 'text')
  } catch (e) {
    const listed = await readRecipientsFile(path.dirname(file)).catch(() => undefined)
    const tried = await Promise.all(identities.map((id) => age.identityToRecipient(id))).catch(() => [])
    throw secretDecryptFailed(file, (e as Error).message.split('\n')[0] ?? 'decrypt failed', {
      demoIdentity,
      recipients: listed?.recipients.map((r) => r.key),
      tried,
    })
  }
  return parseMap(file, plain)
}

/** The plaintext map of secrets.age (empty when the file does not exist). */
export async function readSecretsMap(dir: string, identityFile: string | undefined): Promise<Record<string, string>> {
  const file = path.join(dir, SECRETS_FILE)
  const present = await readFile(file).then(
    () => true,
    () => false,
  )
  if (!present) return {}
  if (!identityFile) throw secretsFileErrors.identityUnset(file)
  return Object.fromEntries(await decryptSecretsFile(file, identityFile))
}

/** Recipients to encrypt to: the given ones, else recipients.txt, else the public keys of the identity file. */
export async function recipientsFor(given: readonly string[], identityFile: string | undefined, dir?: string): Promise<string[]> {
  if (given.length > 0) return [...given]
  const listed = dir === undefined ? undefined : await readRecipientsFile(dir)
  if (listed && listed.recipients.length > 0) return listed.recipients.map((r) => r.key)
  if (!identityFile) throw secretsFileErrors.noRecipient()
  const keys = await publicKeysOf(identityFile).catch(() => [])
  if (keys.length === 0) throw secretsFileErrors.noRecipient()
  return keys
}

/**
 * Replaces `file` with `bytes` atomically: a temporary file beside it, flushed, then renamed over it. The previous
 * file is kept as `<file>.bak` first (unless `keepBackup` is false), so a wrong change is one `mv` away from undone.
 */
export async function replaceFileKeepingBackup(file: string, bytes: string | Uint8Array, mode = 0o644, keepBackup = true): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`
  try {
    const h = await open(temp, 'wx', mode)
    try {
      await h.writeFile(bytes)
      await h.sync()
    } finally {
      await h.close()
    }
    if (keepBackup) {
      await copyFile(file, `${file}.bak`).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e
      })
    }
    await rename(temp, file)
  } finally {
    await rm(temp, {force: true})
  }
}

/** age ciphertext of `plain` for every recipient; a missing or malformed recipient is refused before anything is written. */
export async function encryptTo(recipients: readonly string[], plain: string | Uint8Array): Promise<Uint8Array> {
  if (recipients.length === 0) throw secretsFileErrors.noRecipient()
  const age = await ageLib()
  const e = new age.Encrypter()
  for (const r of recipients) {
    try {
      e.addRecipient(r)
    } catch {
      throw secretsFileErrors.recipientInvalid(r)
    }
  }
  return e.encrypt(plain)
}

/**
 * Rewrites secrets.age (ASCII-armored, so diffs in git stay readable) with the map encrypted to the recipients.
 * Encryption happens before any file is touched: a recipient typage refuses leaves secrets.age as it was.
 */
export async function writeSecretsMap(dir: string, map: Record<string, string>, recipients: readonly string[]): Promise<string> {
  const age = await ageLib()
  const armored = age.armor.encode(await encryptTo(recipients, stringify(map)))
  const file = path.join(dir, SECRETS_FILE)
  await replaceFileKeepingBackup(file, armored)
  return file
}
