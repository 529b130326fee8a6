import {editDistance} from '../inventory/validate/suggest.js'

/**
 * Names close to `wanted`: a typo (distance within a third of the length, at least 2) or a
 * prefix/substring match, closest first, at most `limit`.
 */
export function suggestNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = wanted.toLowerCase()
  const scored: Array<{name: string; score: number}> = []
  for (const name of new Set(candidates)) {
    const n = name.toLowerCase()
    const d = editDistance(w, n)
    const near = d <= Math.max(2, Math.floor(w.length / 3))
    const contains = w.length >= 3 && (n.includes(w) || w.includes(n))
    if (near || contains) scored.push({name, score: near ? d : d + 100})
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name)
}

export const didYouMean = (suggestions: readonly string[]): string =>
  suggestions.length === 0 ? '' : `did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}? `
