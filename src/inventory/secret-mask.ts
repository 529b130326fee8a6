import {SECRET_MASK} from './secret.js'

/** Replaces every secret value inside a text by ***. */
export type Masker = (text: string) => string

/**
 * The one masker: every occurrence of any of `values` in a text becomes ***.
 *
 * Every non-empty value counts: a short secret turns common letters into *** (ugly), skipping it would print it.
 * Where secrets overlap, the longest one starting at a position wins (a secret that is a prefix of another must
 * not leave the other's tail readable), and overlapping or adjacent occurrences merge into one *** so a secret
 * that starts inside another is hidden too.
 */
export function createMasker(values: Iterable<string>): Masker {
  const list = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length)
  if (list.length === 0) return (t) => t
  return (text) => {
    // At each start, the longest secret found there (list is longest first, so the first match wins).
    const longestAt = new Map<number, number>()
    for (const v of list) {
      for (let i = text.indexOf(v); i !== -1; i = text.indexOf(v, i + 1)) if (!longestAt.has(i)) longestAt.set(i, v.length)
    }
    if (longestAt.size === 0) return text
    let out = ''
    let copied = 0
    let coveredTo = -1
    for (const start of [...longestAt.keys()].sort((a, b) => a - b)) {
      const end = start + (longestAt.get(start) ?? 0)
      if (start > coveredTo) {
        out += text.slice(copied, start) + SECRET_MASK
        coveredTo = end
      } else coveredTo = Math.max(coveredTo, end)
      copied = coveredTo
    }
    return out + text.slice(copied)
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Masks every string inside a JSON-like value (arrays and plain objects, at any depth); keys are left alone. */
export function maskDeep<T>(value: T, mask: Masker): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask(v)
    if (Array.isArray(v)) return v.map(walk)
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value) as T
}
