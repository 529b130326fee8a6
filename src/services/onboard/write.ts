import {readFile, rm} from 'node:fs/promises'
import path from 'node:path'
import {onboardErrors} from '../../errors/onboard.js'
import {replaceFileKeepingBackup} from '../../exec/secrets-file.js'
import {loadInventory} from '../../inventory/load.js'
import type {Inventory} from '../../inventory/model.js'
import {appendWorkloadsText} from '../../onboard/agency-doc.js'
import {DEFAULT_SECRET_LENGTH} from '../secrets/values.js'
import {openSecretsFile, randomSecret, saveSecrets} from '../secrets/store.js'

export interface SecretOutcome {
  name: string
  /** `generated`: a new random value; `kept`: secrets.age already had one (a workload onboarded again after a remove). */
  action: 'generated' | 'kept'
}

export interface OnboardingEdit {
  /** Absolute path of the agency file. */
  file: string
  /** The text of a new agency file; undefined to edit the existing one. */
  base?: string | undefined
  /** Workload entries (block list text) to append. */
  blocks: readonly string[]
  /** Secret names the new workloads read. */
  secrets: readonly string[]
}

const show = (cwd: string, p: string): string => path.relative(cwd, p) || p

/**
 * Validates the whole inventory with the edited agency file in memory, then writes: secrets.age first (atomic, with
 * .bak), then the agency file (atomic). If the agency file cannot be written, secrets.age is put back as it was, so
 * the two never disagree; if even that fails, the error says which names secrets.age now holds.
 */
export async function writeOnboarding(
  inv: Inventory,
  edit: OnboardingEdit,
  opts: {cwd: string; environ: Record<string, string | undefined>; confirm: (q: string) => Promise<void>},
): Promise<{secrets: SecretOutcome[]; secretsFile: string | null}> {
  const text = edit.blocks.reduce((t, b) => appendWorkloadsText(t, b), edit.base ?? (await readFile(edit.file, 'utf8')))
  const store = edit.secrets.length ? await openSecretsFile(inv, opts) : undefined
  const fresh = edit.secrets.filter((n) => store?.map[n] === undefined)
  const outcomes: SecretOutcome[] = edit.secrets.map((name) => ({name, action: fresh.includes(name) ? 'generated' : 'kept'}))
  await loadInventory({
    dir: path.resolve(opts.cwd, inv.root),
    cwd: opts.cwd,
    environ: opts.environ,
    pending: new Map([[edit.file, text]]),
    pendingSecrets: edit.secrets,
  })
  const what = [
    `${edit.base === undefined ? 'change' : 'create'} ${show(opts.cwd, edit.file)}`,
    ...(fresh.length ? [`store new random ${fresh.join(', ')} in secrets.age`] : []),
  ]
  await opts.confirm(`${what.join(' and ')}?`)

  const before = store && fresh.length ? await readFile(store.file).catch(() => undefined) : undefined
  if (store && fresh.length) {
    const map = {...store.map}
    for (const n of fresh) map[n] = randomSecret(DEFAULT_SECRET_LENGTH)
    await saveSecrets(store, map)
  }
  try {
    await replaceFileKeepingBackup(edit.file, text, 0o644, false)
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message
    if (!store || !fresh.length) throw onboardErrors.writeFailed(show(opts.cwd, edit.file), reason, 'nothing was changed')
    const restored = await (before === undefined ? rm(store.file, {force: true}) : replaceFileKeepingBackup(store.file, before, 0o644, false)).then(
      () => true,
      () => false,
    )
    throw onboardErrors.writeFailed(
      show(opts.cwd, edit.file),
      reason,
      restored
        ? 'secrets.age was put back as it was: nothing was changed'
        : `secrets.age now also holds ${fresh.join(', ')} (unused until the workload is added; secrets.age.bak is the file from before)`,
    )
  }
  return {secrets: outcomes, secretsFile: store ? show(opts.cwd, store.file) : null}
}
