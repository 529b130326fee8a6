import {SECRET_MASK} from '../../inventory/secret.js'

// Values shorter than this would mask ordinary words everywhere; such secrets are too weak to matter anyway.
const MIN_MASKED = 3

/** A function replacing every occurrence of any of the secret values in text by ***, longest first. */
export function createMasker(values: Iterable<string>): (text: string) => string {
  const list = [...new Set(values)].filter((v) => v.length >= MIN_MASKED).sort((a, b) => b.length - a.length)
  if (list.length === 0) return (t) => t
  return (text) => list.reduce((t, v) => t.split(v).join(SECRET_MASK), text)
}
