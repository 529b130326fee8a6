import {editDistance} from '../inventory/validate/suggest.js'

/** `did you mean "x"? ` when a candidate is a plausible typo of `word` (a swap of two letters counts), else ''. */
export const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const w = word.toLowerCase()
  const limit = Math.max(w.length >= 4 ? 2 : 1, Math.floor(w.length / 3))
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase())
    if (d < bestD) [best, bestD] = [c, d]
  }
  return best !== undefined && bestD <= limit ? `did you mean ${JSON.stringify(best)}? ` : ''
}
