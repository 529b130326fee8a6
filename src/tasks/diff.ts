import {createTwoFilesPatch} from 'diff'
import type {FileInfo} from '../facts/file.js'
import {Secret} from '../inventory/secret.js'
import type {FileContent} from './step.js'

export const SECRET_DIFF = '(content hidden: contains secrets)'

const decode = (b: Buffer): string | undefined => {
  if (b.includes(0)) return undefined
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(b)
  } catch {
    return undefined
  }
}

/** Unified diff of a file's old content (from the file fact) and its new content, never revealing secrets. */
export function contentDiff(path: string, before: FileInfo, after: FileContent): string {
  if (after instanceof Secret) return SECRET_DIFF
  const next = decode(Buffer.isBuffer(after) ? after : Buffer.from(after, 'utf8'))
  if (before.exists && before.content === undefined) return `(old content of ${path} not fetched: ${before.size} bytes)\n`
  const prev = before.exists && before.content ? decode(before.content) : ''
  if (next === undefined || prev === undefined) return `(binary content of ${path} differs)\n`
  return createTwoFilesPatch(path, path, prev, next, before.exists ? undefined : '(absent)', undefined)
}
