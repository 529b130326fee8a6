/** Edit distance with a row buffer; names are short DNS labels, so O(n·m) is fine. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost)
    }
    prev = cur
  }
  return prev[b.length] ?? 0
}

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
