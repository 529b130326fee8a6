import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {savedPlanErrors} from '../errors/saved-plan.js'
import {parseSavedPlan, type SavedPlan} from '../saved-plan/bundle.js'
import {encryptTo, identitiesIn, replaceFileKeepingBackup} from './secrets-file.js'
import {PRIVATE_FILE_MODE} from './private-files.js'

/**
 * The one reader and writer of saved plan files. A saved plan holds terraform plan files, and those hold variable
 * values (secrets) in clear: the whole bundle is age-encrypted to the inventory's recipients (recipients.txt, which
 * lists CI's key too), so a CI artifact or a copy on a reviewer's disk is ciphertext to anyone without an identity.
 */
const ageLib = () => import('age-encryption')

export const sha256Hex = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** Encrypts the plan to `recipients` and writes it 0600, atomically (a reader never sees half a file). Returns the file's SHA-256. */
export async function writeSavedPlan(file: string, plan: SavedPlan, recipients: readonly string[]): Promise<string> {
  const bytes = await encryptTo(recipients, JSON.stringify(plan))
  await replaceFileKeepingBackup(file, bytes, PRIVATE_FILE_MODE, false)
  return sha256Hex(bytes)
}

/** Reads and decrypts a saved plan with the identity file; every failure is SAVED_PLAN_UNREADABLE naming the file. */
export async function readSavedPlan(file: string, identityFile: string | undefined): Promise<{plan: SavedPlan; sha256: string}> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (e) {
    throw savedPlanErrors.unreadable(file, (e as NodeJS.ErrnoException).code ?? 'unreadable', 'give the path `kotadc plan --out` wrote')
  }
  if (!identityFile) throw savedPlanErrors.unreadable(file, 'no age identity to decrypt it with (KOTADC_AGE_IDENTITY is unset)')
  const age = await ageLib()
  const d = new age.Decrypter()
  for (const id of await identitiesIn(identityFile)) d.addIdentity(id)
  let text: string
  try {
    text = await d.decrypt(new Uint8Array(bytes), 'text')
  } catch (e) {
    throw savedPlanErrors.unreadable(file, `it cannot be decrypted with ${identityFile} (${(e as Error).message.split('\n')[0] ?? 'decrypt failed'})`)
  }
  const parsed = parseSavedPlan(text)
  if ('problem' in parsed) throw savedPlanErrors.unreadable(file, parsed.problem)
  return {plan: parsed, sha256: sha256Hex(bytes)}
}
