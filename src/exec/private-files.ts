import {chmod, lstat, mkdir, readdir, rm} from 'node:fs/promises'
import {join} from 'node:path'

/**
 * Everything under .kotadc/ (and a local state directory elsewhere) is private to the operator: Terraform state and
 * saved plans hold secret values in plain text. Directories are 0700 and files lose every group/other bit.
 */
export const PRIVATE_UMASK = 0o077
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/**
 * Adds 077 to the process umask, so files our children create (terraform's state, plans, lock files) are private
 * from their first byte. Only ever tightens. bin/run.js sets it at start; runLocal calls this before every child too.
 */
export function restrictUmask(): void {
  const current = process.umask()
  if ((current & PRIVATE_UMASK) !== PRIVATE_UMASK) process.umask(current | PRIVATE_UMASK)
}

/** Creates `dir` (and missing parents) 0700, and tightens `dir` itself if it already existed more open. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, {recursive: true, mode: PRIVATE_DIR_MODE})
  await chmod(dir, PRIVATE_DIR_MODE)
}

/**
 * Takes group and other permissions off everything below `root` (a directory, possibly missing): trees an older
 * kotadc or a loose umask left at 0755/0644 become private on the next run. Symlinks are left alone (they point out).
 */
export async function tightenTree(root: string): Promise<void> {
  let st
  try {
    st = await lstat(root)
  } catch {
    return
  }
  if (st.isSymbolicLink()) return
  if ((st.mode & PRIVATE_UMASK) !== 0) await chmod(root, st.mode & 0o7700)
  if (!st.isDirectory()) return
  for (const name of await readdir(root)) await tightenTree(join(root, name))
}

/** Deletes a saved plan: once applied, reported or superseded it is stale, and it still holds variable values. */
export const discardFile = (file: string): Promise<void> => rm(file, {force: true})
