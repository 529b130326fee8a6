import {createHmac} from 'node:crypto'
import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import {builtinTemplatesDir} from '../../exec/runner/repo-files.js'
import {sha256Hex} from '../../exec/saved-plan-file.js'
import {SECRETS_FILE} from '../../exec/secrets-file.js'
import {STACK_FILE} from '../../exec/terraform/stack-dir.js'
import type {Inventory} from '../../inventory/model.js'
import type {SecretStore} from '../../inventory/secrets.js'
import type {InputDigests} from '../../saved-plan/bundle.js'
import {inventoryDirOf, projectRootOf} from '../deploy/context.js'

/** secrets.age counts by value (re-encrypting to a new recipient changes nothing deployed); editor and VCS litter not at all. */
const SKIPPED = new Set([SECRETS_FILE, `${SECRETS_FILE}.bak`, '.git', '.kotadc', 'node_modules'])

async function digestTree(root: string, rel: string, out: Record<string, string>, label = ''): Promise<void> {
  let entries
  try {
    entries = await readdir(path.join(root, rel), {withFileTypes: true})
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
    throw e
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIPPED.has(e.name) || e.name.endsWith('.tmp')) continue
    const child = path.join(rel, e.name)
    if (e.isDirectory()) await digestTree(root, child, out, label)
    else if (e.isFile()) out[`${label}${child.split(path.sep).join('/')}`] = sha256Hex(await readFile(path.join(root, child)))
  }
}

/** The inventory's files and the project's templates, by project-relative path (what a reviewer saw in the merge request). */
export async function digestFiles(inv: Inventory, cwd: string): Promise<Record<string, string>> {
  const root = projectRootOf(inv, cwd)
  const out: Record<string, string> = {}
  await digestTree(root, path.relative(root, inventoryDirOf(inv, cwd)) || '.', out)
  await digestTree(root, 'templates', out)
  const builtin = builtinTemplatesDir()
  if (builtin) await digestTree(path.dirname(builtin), 'templates', out, 'kotadc:')
  return out
}

/** The version of this kotadc (package.json beside its built-in templates), or null when it cannot be told. */
export async function kotadcVersion(): Promise<string | null> {
  const builtin = builtinTemplatesDir()
  if (!builtin) return null
  const pkg = JSON.parse(await readFile(path.join(path.dirname(builtin), 'package.json'), 'utf8')) as {version?: unknown}
  return typeof pkg.version === 'string' ? pkg.version : null
}

/** Every secret the store resolves (secrets.age and KOTADC_SECRET_*), each keyed-digested: the digest never reveals a value. */
export const digestSecrets = (store: SecretStore, salt: string): Record<string, string> =>
  Object.fromEntries(store.names().map((n) => [n, createHmac('sha256', salt).update(store.get(n).reveal()).digest('hex')]))

/** Each prepared stack's synthesized JSON, as terraform reads it from the stack directory. */
export async function digestStacks(stacks: readonly {stack: string; dir: string}[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const s of stacks) out[s.stack] = sha256Hex(await readFile(path.join(s.dir, STACK_FILE)))
  return out
}

/** The inputs a plan depends on; stacks and terraform come from the stacks phase when it ran. */
export async function digestInputs(
  inv: Inventory,
  ctx: {cwd: string; store: SecretStore; salt: string; stacks: readonly {stack: string; dir: string}[]; terraform: string | null},
): Promise<InputDigests> {
  return {
    salt: ctx.salt,
    files: await digestFiles(inv, ctx.cwd),
    secrets: digestSecrets(ctx.store, ctx.salt),
    stacks: await digestStacks(ctx.stacks),
    terraform: ctx.terraform,
    kotadc: await kotadcVersion(),
  }
}
