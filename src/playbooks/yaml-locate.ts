import type {Document, LineCounter} from 'yaml'
import {isMap, isScalar, isSeq} from 'yaml'
import type {SourceLocation} from '../errors/ops-error.js'

type Path = readonly (string | number)[]
interface Ranged {
  range?: [number, number, number] | null
}

/**
 * Maps a key path to the 1-based line and column of its node; for a path that does not exist (a missing key),
 * the deepest node that does. With `key`, points at the last key itself rather than its value.
 */
export function locatePath(doc: Document, lc: LineCounter, file: string, path: Path, opts: {key?: boolean} = {}): SourceLocation {
  let node: unknown = doc.contents
  let best: Ranged | undefined = node as Ranged
  path.forEach((seg, i) => {
    if (node === undefined) return
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))
      if (!pair) return (node = undefined)
      node = opts.key && i === path.length - 1 ? pair.key : (pair.value ?? pair.key)
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg]
    } else node = undefined
    if (node !== undefined && node !== null) best = node as Ranged
  })
  const {line, col} = lc.linePos(best?.range?.[0] ?? 0)
  return {file, line, col}
}

/** `tasks[2].file.path` for messages. */
export const showPath = (path: Path): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
