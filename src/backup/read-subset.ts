/**
 * restic's `--read-data-subset`: which share of the pack files `restic check` reads back. A percentage reads a random
 * sample (a corrupted pack can hide from it for many runs); `n/t` reads the n-th of t fixed parts, so running every
 * part in turn reads every pack once.
 */

/** What is wrong with a subset, or undefined when restic accepts it (0% < p <= 100%; 1 <= n <= t). */
export function readSubsetProblem(v: string): string | undefined {
  const pct = /^(\d{1,3}(?:\.\d+)?)%$/.exec(v)
  if (pct) return Number(pct[1]) > 0 && Number(pct[1]) <= 100 ? undefined : `${v} is not a share of the data: use more than 0% and at most 100%`
  const part = /^(\d{1,4})\/(\d{1,4})$/.exec(v)
  if (part) {
    const [n, t] = [Number(part[1]), Number(part[2])]
    return n >= 1 && t >= 1 && n <= t ? undefined : `${v} names no part: n/t needs 1 <= n <= t (1/4 is the first quarter)`
  }
  return `${v} is neither a percentage such as 5% nor a part such as 1/10`
}

/** The scheduled read cycles through this many parts, one a week: every pack is read back within four weeks. */
export const READ_CYCLE_PARTS = 4
