import path from 'node:path'
import {publicKeysOf, readRecipientsFile, replaceFileKeepingBackup, writeSecretsMap} from '../../exec/secrets-file.js'
import {secretsFileErrors} from '../../errors/secrets.js'
import type {Inventory} from '../../inventory/model.js'
import {isAgeRecipient, RECIPIENTS_FILE, renderRecipients, withoutRecipient, withRecipient} from '../../secrets/recipients.js'
import {openSecretsFile, type SecretsOptions} from './store.js'

/** The `--json` result of `secrets recipients add|remove|list`. */
export interface RecipientsResult {
  file: string
  secretsFile: string
  recipients: string[]
  /** False when the set was already as asked (nothing was written). */
  changed: boolean
  added?: string
  removed?: string
}

type Opts = Pick<SecretsOptions, 'cwd' | 'environ'>

export async function listRecipients(inv: Inventory, opts: Opts): Promise<RecipientsResult> {
  const dir = path.resolve(opts.cwd, inv.root)
  const listed = await readRecipientsFile(dir)
  return {
    file: path.join(dir, RECIPIENTS_FILE),
    secretsFile: path.join(dir, 'secrets.age'),
    recipients: listed?.recipients.map((r) => r.key) ?? [],
    changed: false,
  }
}

/** Re-encrypts secrets.age to `keys`, then writes recipients.txt: the secrets change first, so a failure never lists a key that cannot decrypt. */
async function reencrypt(
  inv: Inventory,
  text: string,
  keys: string[],
  opts: SecretsOptions,
  question: string,
): Promise<{file: string; secretsFile: string}> {
  const s = await openSecretsFile(inv, opts)
  await opts.confirm(question)
  await writeSecretsMap(s.dir, s.map, keys)
  const file = path.join(s.dir, RECIPIENTS_FILE)
  await replaceFileKeepingBackup(file, text, 0o644, false)
  return {file, secretsFile: s.file}
}

/** `secrets recipients add KEY`: one more admin (or CI) can decrypt secrets.age. Without recipients.txt, the file starts with the identity in use. */
export async function addRecipient(inv: Inventory, key: string, label: string | undefined, opts: SecretsOptions): Promise<RecipientsResult> {
  if (!isAgeRecipient(key)) throw secretsFileErrors.recipientInvalid(key)
  const dir = path.resolve(opts.cwd, inv.root)
  const listed = await readRecipientsFile(dir)
  const current = listed?.recipients.map((r) => r.key) ?? []
  if (current.includes(key))
    return {file: path.join(dir, RECIPIENTS_FILE), secretsFile: path.join(dir, 'secrets.age'), recipients: current, changed: false}
  const start = listed ? current : await startingSet(inv, opts)
  const keys = [...start, key]
  const text = listed ? withRecipient(listed.text, key, label) : renderRecipients([...start.map((k) => ({key: k})), label ? {key, label} : {key}])
  const written = await reencrypt(inv, text, keys, opts, `re-encrypt secrets.age to ${keys.length} recipients, adding ${key}?`)
  return {...written, recipients: keys, changed: true, added: key}
}

/** Before recipients.txt exists, secrets.age is encrypted to the identity in use: that is the set a new key joins. */
async function startingSet(inv: Inventory, opts: Opts): Promise<string[]> {
  const s = await openSecretsFile(inv, opts)
  if (!s.identity) throw secretsFileErrors.noRecipient()
  return publicKeysOf(s.identity)
}

/**
 * `secrets recipients remove KEY`: re-encrypts secrets.age without it, so that identity can no longer decrypt the new
 * file. Refuses to leave nobody, or to lock out the identity doing it. The removed holder still knows every value
 * they could read: rotate those (`secrets rotate`).
 */
export async function removeRecipient(inv: Inventory, key: string, opts: SecretsOptions): Promise<RecipientsResult> {
  const dir = path.resolve(opts.cwd, inv.root)
  const listed = await readRecipientsFile(dir)
  const current = listed?.recipients.map((r) => r.key) ?? []
  if (!listed || !current.includes(key)) throw secretsFileErrors.recipientUnknown(key, path.join(dir, RECIPIENTS_FILE), current)
  const keys = current.filter((k) => k !== key)
  if (keys.length === 0) throw secretsFileErrors.recipientLockout(key, 'would leave nobody able to decrypt secrets.age')
  const s = await openSecretsFile(inv, opts)
  const mine = s.identity ? await publicKeysOf(s.identity) : []
  if (!mine.some((k) => keys.includes(k)))
    throw secretsFileErrors.recipientLockout(key, `would leave the identity in use (${mine.join(', ') || 'none'}) unable to decrypt secrets.age`)
  const written = await reencrypt(
    inv,
    withoutRecipient(listed.text, key),
    keys,
    opts,
    `re-encrypt secrets.age to ${keys.length} recipients, removing ${key}?`,
  )
  return {...written, recipients: keys, changed: true, removed: key}
}
