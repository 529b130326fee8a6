/**
 * The one did-you-mean: which known names a mistyped word plausibly meant, for error hints (inventory keys and
 * references, playbook keys and targets, `inventory show` names).
 */

/** Levenshtein distance, two rows at a time; inputs are short keys and names. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  let prev = Array.from({length: b.length + 1}, (_, i) => i)
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
 * Edits a typo may have: about a third of the word, and from four letters on at least two, so two swapped letters
 * count. Shorter words allow one edit: two edits in a three-letter word make any other three-letter word "close".
 */
export const typoLimit = (word: string): number => Math.max(word.length >= 4 ? 2 : 1, Math.floor(word.length / 3))

/**
 * Candidates close to `word`, closest first, at most `limit`: plausible typos (case ignored), then names that
 * contain the word or that it contains (from three letters on: `docker` finds `docker1`).
 */
export function suggestAll(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = word.toLowerCase()
  const scored: {name: string; score: number}[] = []
  for (const name of new Set(candidates)) {
    const n = name.toLowerCase()
    const d = editDistance(w, n)
    const near = d <= typoLimit(w)
    const contains = w.length >= 3 && (n.includes(w) || w.includes(n))
    if (near || contains) scored.push({name, score: near ? d : d + 1000})
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name)
}

/** The closest candidate, if any is plausible. */
export const suggest = (word: string, candidates: Iterable<string>): string | undefined => suggestAll(word, candidates, 1)[0]

/** `did you mean "a" or "b"? ` to start a hint with, or '' when there is nothing to suggest. */
export const didYouMean = (suggestions: string | readonly string[] | undefined): string => {
  const list = suggestions === undefined ? [] : typeof suggestions === 'string' ? [suggestions] : suggestions
  return list.length === 0 ? '' : `did you mean ${list.map((s) => JSON.stringify(s)).join(' or ')}? `
}
