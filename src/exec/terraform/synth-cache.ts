import {createHash} from 'node:crypto'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {STACK_FILE, stackDirOf} from './stack-dir.js'
import type {Inventory} from '../../inventory/model.js'
import {dockerStackInputs} from '../../../stacks/docker-stack-inputs.js'
import {PRIVATE_FILE_MODE} from '../private-files.js'

/** Beside main.tf.json: the hash of the inventory slice and stack code it was synthesized from. */
export const SOURCE_HASH_FILE = '.kotadc-source.sha256'

/** Version of the synthesis engine: a new cdktf may render the same constructs differently, so it invalidates caches. (Read from its package.json: loading cdktf itself costs ~100 ms that a cache hit should not pay.) */
export const synthEngineVersion = (): string => `cdktf ${(createRequire(import.meta.url)('cdktf/package.json') as {version: string}).version}`

let codeKey: Promise<string> | undefined

/** Hash of the stack builders' own code (and the cdktf version): changing them must re-synthesize every stack. */
function stackCodeKey(): Promise<string> {
  codeKey ??= (async () => {
    const dir = fileURLToPath(new URL('../../../stacks/', import.meta.url))
    const hash = createHash('sha256').update(synthEngineVersion())
    for (const name of (await readdir(dir)).filter((n) => /\.(js|ts)$/.test(n)).sort()) hash.update(name).update(await readFile(join(dir, name)))
    return hash.digest('hex')
  })()
  return codeKey
}

/** The key a host's stack is synthesized from; equal keys give byte-identical main.tf.json. */
export async function stackSourceKey(inv: Inventory, host: string): Promise<string> {
  return createHash('sha256')
    .update(await stackCodeKey())
    .update(JSON.stringify(dockerStackInputs(inv, host)))
    .digest('hex')
}

/** The stack JSON from the last synth when its source key still matches, else undefined (synthesize again). */
export async function cachedStackJson(projectRoot: string, stack: string, key: string): Promise<string | undefined> {
  const dir = stackDirOf(projectRoot, stack)
  try {
    if ((await readFile(join(dir, SOURCE_HASH_FILE), 'utf8')).trim() !== key) return undefined
    return await readFile(join(dir, STACK_FILE), 'utf8')
  } catch {
    return undefined
  }
}

/** Written after main.tf.json, so a crash between the two leaves a stale key that simply misses. */
export async function recordStackSource(projectRoot: string, stack: string, key: string): Promise<void> {
  await writeFile(join(stackDirOf(projectRoot, stack), SOURCE_HASH_FILE), `${key}\n`, {mode: PRIVATE_FILE_MODE})
}
