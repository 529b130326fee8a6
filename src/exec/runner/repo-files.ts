import {existsSync} from 'node:fs'
import {readdir, readFile, realpath} from 'node:fs/promises'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {copySourceOutside} from '../../errors/tasks.js'

// Templates are read into memory before a run (the pure planner cannot read files); these bound a runaway folder.
const MAX_FILES = 2000
const MAX_BYTES = 32 * 1024 * 1024

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, {withFileTypes: true}).catch(() => [])
  for (const e of entries) {
    if (out.length >= MAX_FILES) return
    const p = join(dir, e.name)
    if (e.isDirectory()) await walk(p, out)
    else if (e.isFile()) out.push(p)
  }
}

/** Every file under the given templates/ folders by relative name; a later folder wins (the repository over kotadc's own). */
export async function loadTemplates(dirs: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  let bytes = 0
  for (const dir of dirs) {
    const files: string[] = []
    await walk(dir, files)
    for (const f of files) {
      const text = await readFile(f, 'utf8')
      bytes += text.length
      if (bytes > MAX_BYTES) return out
      out.set(relative(dir, f).split(sep).join('/'), text)
    }
  }
  return out
}

/**
 * Files named by copy tasks (paths relative to templates/, already free of `..`), each from the first of `dirs` that
 * has it (the repository's templates/, then kotadc's); missing ones are left out. A file must resolve, symbolic links
 * followed, inside the folder it was found in: a link to .kotadc/ state or ~/.ssh would otherwise ship that file to a
 * host. Throws COPY_SOURCE_OUTSIDE before anything is read.
 */
export async function loadCopySources(dirs: readonly string[], paths: readonly string[]): Promise<Map<string, Buffer>> {
  const real = (p: string) => realpath(p).catch(() => undefined)
  const out = new Map<string, Buffer>()
  for (const p of new Set(paths)) {
    for (const dir of dirs) {
      const root = await real(dir)
      const resolved = root === undefined ? undefined : await real(resolve(dir, p))
      if (root === undefined || resolved === undefined) continue
      if (resolved !== root && !resolved.startsWith(root.endsWith(sep) ? root : root + sep)) throw copySourceOutside(p, resolved, [dir])
      const data = await readFile(resolved).catch(() => undefined)
      if (data) out.set(p, data)
      break
    }
  }
  return out
}

/** kotadc's own templates/ folder (the base playbook's files), found from this module in src/ or dist/src/. */
export function builtinTemplatesDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return join(dir, 'templates')
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}
